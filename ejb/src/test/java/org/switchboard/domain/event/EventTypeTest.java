package org.switchboard.domain.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTypeTest {

  /** The event types TaskRouter's documentation names (taskrouter-semantics.md). */
  private static final List<String> DOCUMENTED =
      List.of(
          "reservation.accepted",
          "reservation.canceled",
          "reservation.completed",
          "reservation.created",
          "reservation.rejected",
          "reservation.rescinded",
          "reservation.timeout",
          "reservation.wrapup",
          "task-queue.entered",
          "task-queue.moved",
          "task-queue.timeout",
          "task.canceled",
          "task.completed",
          "task.created",
          "task.deleted",
          "task.updated",
          "task.wrapup",
          "worker.activity.update",
          "worker.attributes.update",
          "worker.capacity.update",
          "worker.channel.availability.update",
          "workflow.entered",
          "workflow.skipped",
          "workflow.target-matched",
          "workflow.timeout");

  @Test
  void everyDocumentedTypeHasAConstantThatReadsBackFromItsWireName() {
    for (String name : DOCUMENTED) {
      assertThat(EventType.ofWireName(name)).map(EventType::wireName).contains(name);
    }
  }

  @Test
  void wireNamesAreUniqueAndUnknownNamesAreEmpty() {
    assertThat(Arrays.stream(EventType.values()).map(EventType::wireName)).doesNotHaveDuplicates();
    assertThat(EventType.ofWireName("task.exploded")).isEmpty();
  }

  @Test
  void onlyTheSdksTransferEventsAreTransfers() {
    assertThat(Arrays.stream(EventType.values()).filter(EventType::isTransfer))
        .extracting(EventType::wireName)
        .allMatch(n -> n.startsWith("task.transfer-"))
        .hasSize(5);
  }
}
