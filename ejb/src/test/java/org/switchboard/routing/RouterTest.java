package org.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.testing.JpaHarness.inTransaction;
import static org.switchboard.testing.JpaHarness.inject;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.worker.Worker;
import org.switchboard.testing.JpaHarness;
import org.switchboard.testing.JpaHarness.SettableClock;

/**
 * Whom a task-driven pass offers a task to, with idle times set by the test's clock: the database's
 * fast path (a target with no worker expression), walking the channels in idle order or reading the
 * queue's members, and the general path (an expression evaluated in Java) must choose alike.
 */
class RouterTest {

  /** The three ways a task-driven pass finds its workers. */
  enum Match {
    /** No worker expression, the worker among the longest-idle free channels: one statement. */
    FIRST_FREE_IN_IDLE_ORDER(""),
    /** No worker expression, the worker not among them: the database reads the queue's members. */
    FIRST_FREE_FROM_MEMBERS(""),
    /** A worker expression, evaluated in Java over the candidates. */
    EXPRESSION("1==1");

    final String expression;

    Match(String expression) {
      this.expression = expression;
    }
  }

  @RegisterExtension static final JpaHarness db = JpaHarness.perTestClass();

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
  private RoutingFixture f;

  @BeforeEach
  void fixture() {
    f = new RoutingFixture(db, clock);
  }

  @AfterEach
  void close() {
    f.close();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Match.class)
  void theWorkerIdleLongestIsOfferedTheTask(Match match) {
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

    assertThat(offer(match))
        .extracting(r -> r.getWorker().getSid())
        .containsExactly(second.getSid());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Match.class)
  void aWorkerWhoseReservationTimedOutIsNotOfferedTheTaskAgain(Match match) {
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

    assertThat(offer(match))
        .extracting(r -> r.getWorker().getSid())
        .containsExactly(other.getSid());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Match.class)
  void aQueueOffersAsManyReservationsAsItsMaxReservedWorkers(Match match) {
    f.worker("a");
    f.worker("b");
    f.worker("c");
    inTransaction(f.em, m -> f.queue.changeMaxReservedWorkers(2, clock.instant()));

    assertThat(offer(match)).hasSize(2);
    assertThat(offer(match)).isEmpty(); // the queue's room is taken
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Match.class)
  void aWorkerFreedEarlierInTheSameTransactionIsOfferedTheTask(Match match) {
    // given the only worker, busy with another task
    Worker alice = f.worker("alice");
    inTransaction(f.em, m -> f.channelOf(f.lifecycle.lockWorker(alice)).take(clock.instant()));

    // when one transaction frees her channel (not flushed yet) and then offers the task
    List<Reservation> created =
        offer(match, () -> f.channelOf(f.lifecycle.lockWorker(alice)).release(clock.instant()));

    // then the match saw her free
    assertThat(created).extracting(r -> r.getWorker().getSid()).containsExactly(alice.getSid());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Match.class)
  void aWorkerAnotherTransactionHoldsIsSkippedAndThePassAsksToRunAgain(Match match) {
    // given the longest-idle worker, locked by another transaction, and one idle for less time
    Worker held = f.worker("held");
    clock.advance(Duration.ofMinutes(1));
    Worker next = f.worker("next");
    inTransaction(f.em, m -> f.queue.changeMaxReservedWorkers(2, clock.instant()));
    EntityManager other = db.entityManager();
    other.getTransaction().begin();
    try {
      other
          .createNativeQuery("select sid from worker where sid = ?1 for update")
          .setParameter(1, held.getSid())
          .getResultList();

      // when the task is offered meanwhile, with room for both
      Router.Offers offers = offers(match, () -> {});

      // then the other worker is offered it at once, and the pass asks to run again for the held
      assertThat(offers.created())
          .extracting(r -> r.getWorker().getSid())
          .containsExactly(next.getSid());
      assertThat(offers.retry()).isTrue();
    } finally {
      other.getTransaction().rollback();
      other.close();
    }
  }

  @Test
  void aMemberIdleForLessTimeThanTheFreeChannelsTheWalkReadsIsFoundAmongTheMembers() {
    // given two free workers idle longest who are not members of the queue, and a member
    Worker first = f.worker("first outsider");
    Worker second = f.worker("second outsider");
    clock.advance(Duration.ofMinutes(1));
    Worker member = f.worker("member");
    inTransaction(
        f.em,
        m ->
            m.createNativeQuery("delete from task_queue_member where worker_sid in (?1, ?2)")
                .setParameter(1, first.getSid())
                .setParameter(2, second.getSid())
                .executeUpdate());

    // when the walk in idle order reads only the two longest-idle free channels
    inject(f.workers, "idleWindow", 2);
    Router.Offers offers = offers(placement("", null), () -> {});

    // then the member is offered the task all the same
    assertThat(offers.created())
        .extracting(r -> r.getWorker().getSid())
        .containsExactly(member.getSid());
  }

  @Test
  void theWalkInIdleOrderCountsOnlyFreeChannelsOfAvailableWorkers() {
    // given, idle longest first: a member who joined offline, one who went offline, one busy with
    // another task, and a free one
    Worker joinedOffline = f.worker("joined offline");
    inTransaction(
        f.em,
        m -> {
          m.remove(f.channelOf(f.lifecycle.lockWorker(joinedOffline)));
          f.lifecycle.moveWorker(
              f.lifecycle.lockWorker(joinedOffline), f.timedOut, clock.instant());
        });
    f.join(joinedOffline, f.channel); // a channel added while the worker is offline
    clock.advance(Duration.ofMinutes(1));
    Worker wentOffline = f.worker("went offline");
    inTransaction(
        f.em,
        m ->
            f.lifecycle.moveWorker(
                f.lifecycle.lockWorker(wentOffline), f.timedOut, clock.instant()));
    clock.advance(Duration.ofMinutes(1));
    Worker busy = f.worker("busy");
    inTransaction(f.em, m -> f.channelOf(f.lifecycle.lockWorker(busy)).take(clock.instant()));
    clock.advance(Duration.ofMinutes(1));
    Worker free = f.worker("free");

    // when the walk reads a single channel, then it is the free worker's
    inject(f.workers, "idleWindow", 1);
    assertThat(firstFreeInIdleOrder()).isEqualTo(free.getSid());

    // and when the worker who went offline comes back, idle longest, then hers
    inTransaction(
        f.em,
        m ->
            f.lifecycle.moveWorker(
                f.lifecycle.lockWorker(wentOffline), f.available, clock.instant()));
    assertThat(firstFreeInIdleOrder()).isEqualTo(wentOffline.getSid());
  }

  /** The worker the walk in idle order finds for the task, or null. */
  private String firstFreeInIdleOrder() {
    String[] found = new String[1];
    inTransaction(
        f.em,
        m -> {
          Object[] row = f.workers.firstFreeInIdleOrder(f.lifecycle.lockTask(f.task.getSid()), "");
          found[0] = row == null ? null : (String) row[0];
        });
    return found[0];
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

  @Test
  void aWorkersLookFindsATaskOnlyWhereItsPassWouldOfferOne() {
    // given the fixture's task waiting in the queue of two available workers and an offline one
    Worker first = f.worker("first");
    Worker second = f.worker("second");
    Worker away = f.worker("away");
    inTransaction(
        f.em, m -> m.find(Worker.class, away.getSid()).changeActivity(f.timedOut, clock.instant()));

    // then each available worker's look finds it, the offline one's does not
    assertThat(f.router.anyWaitingFor(first.getSid())).isTrue();
    assertThat(f.router.anyWaitingFor(second.getSid())).isTrue();
    assertThat(f.router.anyWaitingFor(away.getSid())).isFalse();

    // and once the task is offered to the first (the queue reserves one worker at a time), it
    // holds the offer on a full channel, and the second would exceed the queue's reserved workers
    f.offer(first, 60);
    assertThat(f.router.anyWaitingFor(first.getSid())).isFalse();
    assertThat(f.router.anyWaitingFor(second.getSid())).isFalse();
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

  private List<Reservation> offer(Match match) {
    return offer(match, () -> {});
  }

  /** Offers the task in a transaction of its own, after {@code first} ran in it. */
  private List<Reservation> offer(Match match, Runnable first) {
    return offers(match, first).created();
  }

  /** What offering the task did, in a transaction of its own, after {@code first} ran in it. */
  private Router.Offers offers(Match match, Runnable first) {
    // a window of no channels leaves the match to the members
    inject(f.workers, "idleWindow", match == Match.FIRST_FREE_FROM_MEMBERS ? 0 : 64);
    return offers(placement(match.expression, null), first);
  }

  private Router.Offers offers(Placement placement, Runnable first) {
    Router.Offers[] offers = new Router.Offers[1];
    inTransaction(
        f.em,
        m -> {
          Task task = f.lifecycle.lockTask(f.task.getSid());
          first.run();
          offers[0] = f.router.offerTask(task, placement);
        });
    return offers[0];
  }
}
