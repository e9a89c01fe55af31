package org.switchboard.domain.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every {@code event_type} Switchboard records, by TaskRouter's wire name. TaskRouter's own types
 * come first; {@code task.transfer-*} and {@code reservation.failed} are the SDK's transfer events
 * and Switchboard's failed-call-leg event; {@code rule-set.*} are Switchboard's rule set changes.
 */
public enum EventType {
  ACTIVITY_CREATED("activity.created"),
  ACTIVITY_UPDATED("activity.updated"),
  ACTIVITY_DELETED("activity.deleted"),

  RESERVATION_CREATED("reservation.created"),
  RESERVATION_ACCEPTED("reservation.accepted"),
  RESERVATION_REJECTED("reservation.rejected"),
  RESERVATION_TIMEOUT("reservation.timeout"),
  RESERVATION_CANCELED("reservation.canceled"),
  RESERVATION_RESCINDED("reservation.rescinded"),
  RESERVATION_WRAPUP("reservation.wrapup"),
  RESERVATION_COMPLETED("reservation.completed"),
  RESERVATION_FAILED("reservation.failed"),

  TASK_CREATED("task.created"),
  TASK_UPDATED("task.updated"),
  TASK_CANCELED("task.canceled"),
  TASK_WRAPUP("task.wrapup"),
  TASK_COMPLETED("task.completed"),
  TASK_DELETED("task.deleted"),
  TASK_TRANSFER_INITIATED("task.transfer-initiated"),
  TASK_TRANSFER_ATTEMPT_FAILED("task.transfer-attempt-failed"),
  TASK_TRANSFER_COMPLETED("task.transfer-completed"),
  TASK_TRANSFER_FAILED("task.transfer-failed"),
  TASK_TRANSFER_CANCELED("task.transfer-canceled"),

  TASK_CHANNEL_CREATED("task-channel.created"),
  TASK_CHANNEL_UPDATED("task-channel.updated"),
  TASK_CHANNEL_DELETED("task-channel.deleted"),

  TASK_QUEUE_CREATED("task-queue.created"),
  TASK_QUEUE_UPDATED("task-queue.updated"),
  TASK_QUEUE_DELETED("task-queue.deleted"),
  TASK_QUEUE_ENTERED("task-queue.entered"),
  TASK_QUEUE_MOVED("task-queue.moved"),
  TASK_QUEUE_TIMEOUT("task-queue.timeout"),

  WORKER_CREATED("worker.created"),
  WORKER_DELETED("worker.deleted"),
  WORKER_ACTIVITY_UPDATE("worker.activity.update"),
  WORKER_ATTRIBUTES_UPDATE("worker.attributes.update"),
  WORKER_CAPACITY_UPDATE("worker.capacity.update"),
  WORKER_CHANNEL_AVAILABILITY_UPDATE("worker.channel.availability.update"),

  WORKFLOW_CREATED("workflow.created"),
  WORKFLOW_UPDATED("workflow.updated"),
  WORKFLOW_DELETED("workflow.deleted"),
  WORKFLOW_ENTERED("workflow.entered"),
  WORKFLOW_TARGET_MATCHED("workflow.target-matched"),
  WORKFLOW_SKIPPED("workflow.skipped"),
  WORKFLOW_TIMEOUT("workflow.timeout"),

  RULE_SET_CREATED("rule-set.created"),
  RULE_SET_VERSION_CREATED("rule-set.version-created"),
  RULE_SET_ACTIVATED("rule-set.activated"),
  RULE_SET_DELETED("rule-set.deleted");

  private static final Map<String, EventType> BY_WIRE_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(EventType::wireName, Function.identity()));

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  /** The {@code event_type} as TaskRouter writes it. */
  public String wireName() {
    return wireName;
  }

  /** Whether {@code event} is of this type. */
  public boolean is(RouterEvent event) {
    return wireName.equals(event.getEventType());
  }

  /** The type named {@code wireName}, empty for a name Switchboard never records. */
  public static Optional<EventType> ofWireName(String wireName) {
    return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
  }

  /** The type of a recorded event. */
  public static EventType of(RouterEvent event) {
    return ofWireName(event.getEventType())
        .orElseThrow(() -> new IllegalStateException("unknown event type " + event.getEventType()));
  }

  /** Whether this is one of the SDK's {@code task.transfer-*} events. */
  public boolean isTransfer() {
    return wireName.startsWith("task.transfer-");
  }

  @Override
  public String toString() {
    return wireName;
  }
}
