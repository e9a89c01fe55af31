package org.switchboard.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.testing.JpaHarness.inject;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.testing.HeldTasks;

/**
 * The in-memory queue of routing passes under a burst: it coalesces and is bounded, and a full
 * queue turns away tasks' passes only (the stranded task sweep routes those tasks) and takes passes
 * again as soon as it drains.
 */
class RoutingTriggersTest {

  /** The passes handed to the executor, run only when the test says so. */
  private final HeldTasks scheduled = new HeldTasks();

  private final List<String> routed = new ArrayList<>();

  private final RoutingTriggers triggers = new RoutingTriggers();

  RoutingTriggersTest() {
    inject(triggers, "executor", scheduled.as(ManagedScheduledExecutorService.class));
    inject(triggers, "meters", inject(new RoutingMeters(), "registry", new SimpleMeterRegistry()));
    inject(
        triggers,
        "routing",
        new RoutingService() {
          @Override
          public boolean routeTask(String taskSid) {
            routed.add(taskSid);
            return false;
          }

          @Override
          public boolean routeWorker(String workerSid) {
            routed.add(workerSid);
            return false;
          }
        });
  }

  @Test
  void aBurstQueuesAtMostTheBoundAndTheRestIsLeftToTheSweep() {
    int burst = RoutingTriggers.MAX_QUEUED_PASSES + 500;
    List<String> tasks = IntStream.range(0, burst).mapToObj(i -> "WT" + i).toList();

    triggers.routeTasks(tasks);
    triggers.routeTasks(tasks); // the same tasks again: coalesced, not queued twice

    assertThat(scheduled.held).hasSize(RoutingTriggers.MAX_QUEUED_PASSES);
    assertThat(triggers.isTaskPassQueued(tasks.get(0))).isTrue();
    // not queued, so the sweep (which skips tasks with a queued pass) routes it
    assertThat(triggers.isTaskPassQueued(tasks.get(burst - 1))).isFalse();
  }

  @Test
  void aWorkersPassIsQueuedEvenWhenTheQueueIsFull() {
    triggers.routeTasks(
        IntStream.range(0, RoutingTriggers.MAX_QUEUED_PASSES).mapToObj(i -> "WT" + i).toList());

    triggers.onCommitted(workerAvailable("WKfree"));
    scheduled.held.get(scheduled.held.size() - 1).run();

    assertThat(routed).containsExactly("WKfree");
  }

  @Test
  void aDrainedQueueTakesPassesAgain() {
    triggers.routeTasks(
        IntStream.range(0, RoutingTriggers.MAX_QUEUED_PASSES).mapToObj(i -> "WT" + i).toList());
    triggers.routeTasks(List.of("WTlate"));
    assertThat(triggers.isTaskPassQueued("WTlate")).isFalse();

    scheduled.runAll();
    triggers.routeTasks(List.of("WTlate"));

    assertThat(triggers.isTaskPassQueued("WTlate")).isTrue();
    scheduled.runAll();
    assertThat(routed).hasSize(RoutingTriggers.MAX_QUEUED_PASSES + 1).endsWith("WTlate");
  }

  private static RouterEvent workerAvailable(String worker) {
    return RouterEvent.builder(
            "AC1", "WS1", EventType.WORKER_ACTIVITY_UPDATE, "worker", worker, Instant.EPOCH)
        .description("Worker became available")
        .worker(worker)
        .build();
  }
}
