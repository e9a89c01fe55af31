package org.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.testing.JpaHarness.inTransaction;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.worker.Worker;
import org.switchboard.testing.JpaHarness;
import org.switchboard.testing.JpaHarness.SettableClock;

/**
 * Whom a task-driven pass offers a task to, with idle times set by the test's clock: both the
 * database's fast path (a target with no worker expression) and the general path (an expression
 * evaluated in Java) must choose alike.
 */
class RouterTest {

  private static JpaHarness db;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
  private RoutingFixture f;

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
    f = new RoutingFixture(db, clock);
  }

  @AfterEach
  void close() {
    f.close();
  }

  @ParameterizedTest(name = "expression {0}")
  @ValueSource(strings = {"", "1==1"})
  void theWorkerIdleLongestIsOfferedTheTask(String expression) {
    Worker first = f.worker("first");
    clock.advance(Duration.ofMinutes(1));
    Worker second = f.worker("second");
    clock.advance(Duration.ofMinutes(1));
    f.worker("third");
    // the first worker handles another task until now, so it is idle for the shortest time
    clock.advance(Duration.ofMinutes(1));
    inTransaction(
        f.em,
        m -> {
          var channel = f.channelOf(f.lifecycle.lockWorker(first));
          channel.take(clock.instant());
          channel.release(clock.instant());
        });

    assertThat(offer(expression))
        .extracting(r -> r.getWorker().getSid())
        .containsExactly(second.getSid());
  }

  @ParameterizedTest(name = "expression {0}")
  @ValueSource(strings = {"", "1==1"})
  void aWorkerWhoseReservationTimedOutIsNotOfferedTheTaskAgain(String expression) {
    Worker longestIdle = f.worker("longest idle");
    clock.advance(Duration.ofMinutes(1));
    Worker other = f.worker("other");
    Reservation missed = f.offer(longestIdle, 30);
    clock.advance(Duration.ofSeconds(30));
    inTransaction(f.em, m -> f.lifecycle.timeOut(f.lifecycle.lockTask(f.task.getSid()), missed));
    // back to available, and idle longest again
    inTransaction(
        f.em,
        m ->
            f.lifecycle.moveWorker(
                f.lifecycle.lockWorker(longestIdle), f.available, clock.instant()));

    assertThat(offer(expression))
        .extracting(r -> r.getWorker().getSid())
        .containsExactly(other.getSid());
  }

  @ParameterizedTest(name = "expression {0}")
  @ValueSource(strings = {"", "1==1"})
  void aQueueOffersAsManyReservationsAsItsMaxReservedWorkers(String expression) {
    f.worker("a");
    f.worker("b");
    f.worker("c");
    inTransaction(f.em, m -> f.queue.changeMaxReservedWorkers(2, clock.instant()));

    assertThat(offer(expression)).hasSize(2);
    assertThat(offer(expression)).isEmpty(); // the queue's room is taken
  }

  @ParameterizedTest(name = "expression {0}")
  @ValueSource(strings = {"", "1==1"})
  void aWorkerFreedEarlierInTheSameTransactionIsOfferedTheTask(String expression) {
    // given the only worker, busy with another task
    Worker alice = f.worker("alice");
    inTransaction(f.em, m -> f.channelOf(f.lifecycle.lockWorker(alice)).take(clock.instant()));

    // when one transaction frees her channel (not flushed yet) and then offers the task
    List<Reservation> created =
        offer(
            expression, () -> f.channelOf(f.lifecycle.lockWorker(alice)).release(clock.instant()));

    // then the match saw her free
    assertThat(created).extracting(r -> r.getWorker().getSid()).containsExactly(alice.getSid());
  }

  @Test
  void aFreedWorkerIsNotOfferedATaskWhoseTargetRanksAnotherFreeWorkerFirst() {
    // given two free members of the queue, and a target that ranks workers by level, highest first
    Worker senior = f.worker("senior", "{\"level\":5}");
    Worker junior = f.worker("junior", "{\"level\":1}");
    Placement ranked = placement("", "worker.level DESC");

    // when the junior's worker-driven pass runs (she has just become free)
    @SuppressWarnings("unchecked")
    List<Reservation>[] created = new List[1];
    inTransaction(
        f.em,
        m ->
            created[0] =
                f.router.offerWorker(f.lifecycle.lockWorker(junior), task -> ranked).created());

    // then the task is offered as a task-driven pass would: to the worker the target ranks first
    assertThat(created[0]).extracting(r -> r.getWorker().getSid()).containsExactly(senior.getSid());
  }

  @Test
  void aWorkersPassLeavesTheTasksItHasNoRoomForToTheOtherWorkersPasses() {
    // given two free workers, each with room on a second channel too, and three waiting tasks
    TaskChannel chat = f.taskChannel("chat");
    Worker first = f.worker("first");
    Worker second = f.worker("second");
    f.join(first, chat);
    f.join(second, chat);
    clock.advance(Duration.ofSeconds(1));
    Task next = f.waitingTask();
    clock.advance(Duration.ofSeconds(1));
    f.waitingTask();
    Placement anywhere = placement("", null);

    // when the first worker's pass has offered her the oldest task, and has not committed yet
    f.em.getTransaction().begin();
    List<Reservation> toFirst =
        f.router.offerWorker(f.lifecycle.lockWorker(first), task -> anywhere).created();
    // and the second worker's pass runs meanwhile, on another connection
    RoutingFixture other = new RoutingFixture(db.entityManager(), clock);
    @SuppressWarnings("unchecked")
    List<Reservation>[] toSecond = new List[1];
    try {
      inTransaction(
          other.em,
          m ->
              toSecond[0] =
                  other
                      .router
                      .offerWorker(
                          other.lifecycle.lockWorker(m.find(Worker.class, second.getSid())),
                          task -> anywhere)
                      .created());
    } finally {
      other.close();
      f.em.getTransaction().commit();
    }

    // then the second worker is offered the next task in line, which the first pass did not hold
    assertThat(toFirst).extracting(r -> r.getTask().getSid()).containsExactly(f.task.getSid());
    assertThat(toSecond[0]).extracting(r -> r.getTask().getSid()).containsExactly(next.getSid());
  }

  private Placement placement(String expression, String orderBy) {
    return new Placement(
        0,
        0,
        f.queue.getSid(),
        expression,
        null,
        null,
        orderBy,
        null,
        null,
        false,
        null,
        null,
        Placement.Why.NONE);
  }

  private List<Reservation> offer(String expression) {
    return offer(expression, () -> {});
  }

  /** Offers the task in a transaction of its own, after {@code first} ran in it. */
  private List<Reservation> offer(String expression, Runnable first) {
    Placement placement = placement(expression, null);
    @SuppressWarnings("unchecked")
    List<Reservation>[] created = new List[1];
    inTransaction(
        f.em,
        m -> {
          Task task = f.lifecycle.lockTask(f.task.getSid());
          first.run();
          created[0] = f.router.offerTask(task, placement).created();
        });
    return created[0];
  }
}
