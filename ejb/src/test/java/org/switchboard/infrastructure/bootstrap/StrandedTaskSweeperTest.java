package org.switchboard.infrastructure.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.testing.JpaHarness.inTransaction;
import static org.switchboard.testing.JpaHarness.inject;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.switchboard.application.RoutingTriggers;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.taskqueue.TaskQueue;
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

  @RegisterExtension static final JpaHarness db = JpaHarness.perTestClass();

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
  private final List<String> tasksRouted = new ArrayList<>();
  private final List<String> workersRouted = new ArrayList<>();
  private RoutingFixture f;
  private StrandedTaskSweeper sweeper;

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

  @Test
  void aFreeMemberWhoTurnedDownEveryWaitingTaskIsLeftAlone() {
    clock.advance(Duration.ofMinutes(1));
    Task task = waiting(0);
    Worker refused = f.worker("refused");
    for (Task each : List.of(f.task, task)) {
      rejected(each, refused);
    }
    Worker willing = f.worker("willing");
    clock.advance(Duration.ofSeconds(10));

    sweeper.sweep();

    assertThat(workersRouted).contains(willing.getSid()).doesNotContain(refused.getSid());
  }

  @Test
  void aBusyWorkerIsLeftAloneUnlessAWaitingTaskIgnoresCapacityForHer() {
    clock.advance(Duration.ofMinutes(1));
    Worker busy = f.worker("busy");
    Worker known = f.worker("known and busy");
    inTransaction(
        f.em,
        m ->
            m.createNativeQuery(
                    "update worker_channel set assigned_tasks = configured_capacity"
                        + " where worker_sid in (?1, ?2)")
                .setParameter(1, busy.getSid())
                .setParameter(2, known.getSid())
                .executeUpdate());
    Task forKnown = waiting(0);
    inTransaction(
        f.em,
        m -> m.find(Task.class, forKnown.getSid()).directTo(known.getSid(), true, clock.instant()));
    clock.advance(Duration.ofSeconds(10));

    sweeper.sweep();

    assertThat(workersRouted).contains(known.getSid()).doesNotContain(busy.getSid());
  }

  @Test
  void aFreeMemberOfAQueueInWhichNothingWaitsIsLeftAlone() {
    TaskQueue empty = queue("empty");
    clock.advance(Duration.ofMinutes(1));
    Worker idle = f.worker("idle");
    inTransaction(
        f.em,
        m -> {
          // no longer a member of the fixture's queue, only of one in which nothing waits
          m.createNativeQuery(
                  "update task_queue_member set task_queue_sid = ?1 where worker_sid = ?2")
              .setParameter(1, empty.getSid())
              .setParameter(2, idle.getSid())
              .executeUpdate();
        });
    clock.advance(Duration.ofSeconds(10));

    sweeper.sweep();

    assertThat(workersRouted).doesNotContain(idle.getSid());
  }

  private TaskQueue queue(String name) {
    TaskQueue[] created = new TaskQueue[1];
    inTransaction(
        f.em,
        m -> {
          created[0] = new TaskQueue(f.workspace, name, clock.instant());
          m.persist(created[0]);
        });
    return created[0];
  }

  /** The worker turned the task down: a rejected reservation of it. */
  private void rejected(Task task, Worker worker) {
    inTransaction(
        f.em,
        m ->
            m.createNativeQuery(
                    "insert into reservation (sid, workspace_sid, task_sid, worker_sid,"
                        + " task_queue_sid, task_channel_sid, reservation_status, date_created,"
                        + " date_updated, version) values (?1, ?2, ?3, ?4, ?5, ?6, 'REJECTED', ?7,"
                        + " ?7, 0)")
                .setParameter(1, Sid.RESERVATION.generate())
                .setParameter(2, f.workspace.getSid())
                .setParameter(3, task.getSid())
                .setParameter(4, worker.getSid())
                .setParameter(5, f.queue.getSid())
                .setParameter(6, f.channel.getSid())
                .setParameter(7, Timestamp.from(clock.instant()))
                .executeUpdate());
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
