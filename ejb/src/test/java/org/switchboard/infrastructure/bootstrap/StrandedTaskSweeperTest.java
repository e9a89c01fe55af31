package org.switchboard.infrastructure.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.testing.JpaHarness.inTransaction;
import static org.switchboard.testing.JpaHarness.inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.application.RoutingTriggers;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.worker.Worker;
import org.switchboard.routing.RoutingFixture;
import org.switchboard.testing.JpaHarness;
import org.switchboard.testing.JpaHarness.SettableClock;

/**
 * What the stranded task sweep routes, on real rows: a free worker whose pass was lost gets a pass
 * of its own (which offers in order of priority and age), not the waiting tasks one by one oldest
 * first; a task never placed gets its own pass; nothing that changed within the grace period is
 * touched.
 */
class StrandedTaskSweeperTest {

  private static JpaHarness db;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
  private final List<String> tasksRouted = new ArrayList<>();
  private final List<String> workersRouted = new ArrayList<>();
  private RoutingFixture f;
  private StrandedTaskSweeper sweeper;

  @BeforeAll
  static void database() {
    db = JpaHarness.start();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void fixture() {
    f = new RoutingFixture(db, clock); // an old low-priority task waits in the queue
    RoutingTriggers triggers =
        new RoutingTriggers() {
          @Override
          public void routeTasks(Collection<String> taskSids) {
            tasksRouted.addAll(taskSids);
          }

          @Override
          public void routeWorkers(Collection<String> workerSids) {
            workersRouted.addAll(workerSids);
          }
        };
    sweeper = new StrandedTaskSweeper();
    inject(sweeper, "em", f.em);
    inject(sweeper, "triggers", triggers);
    inject(sweeper, "clock", clock);
    sweeper.init();
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aFreeWorkerWhosePassWasLostGetsAPassOfItsOwnNotTheOldestTask() {
    // given an urgent task behind the old one, and a free member of the queue, all long unchanged
    clock.advance(Duration.ofMinutes(1));
    Task urgent = waiting(10);
    Worker free = f.worker("free");
    clock.advance(Duration.ofSeconds(10));

    sweeper.sweep();

    // (the tests share a database: earlier tests' rows may be swept too)
    assertThat(workersRouted).contains(free.getSid());
    assertThat(tasksRouted).doesNotContain(f.task.getSid(), urgent.getSid());
  }

  @Test
  void aWorkerThatJustBecameFreeIsLeftToItsOwnPass() {
    clock.advance(Duration.ofMinutes(1));
    Worker justFree = f.worker("just free");
    clock.advance(Duration.ofSeconds(1));

    sweeper.sweep();

    assertThat(workersRouted).doesNotContain(justFree.getSid());
  }

  @Test
  void aTaskNeverPlacedGetsAPassOfItsOwn() {
    Task unplaced = new Task(f.workspace, f.workflow, f.channel, "{}", 0, 3600, clock.instant());
    inTransaction(f.em, m -> m.persist(unplaced));
    clock.advance(Duration.ofSeconds(10));

    sweeper.sweep();

    assertThat(tasksRouted).contains(unplaced.getSid());
  }

  /** A task of the given priority waiting in the fixture's queue since now. */
  private Task waiting(int priority) {
    Task[] created = new Task[1];
    inTransaction(
        f.em,
        m -> {
          Task task =
              new Task(f.workspace, f.workflow, f.channel, "{}", priority, 3600, clock.instant());
          task.routeTo(f.queue, 0, 0, null, null, clock.instant());
          m.persist(task);
          created[0] = task;
        });
    return created[0];
  }
}
