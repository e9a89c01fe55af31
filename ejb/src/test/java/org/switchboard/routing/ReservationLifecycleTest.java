package org.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.testing.JpaHarness.inTransaction;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.worker.WorkerChannel;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.testing.JpaHarness;
import org.switchboard.testing.JpaHarness.SettableClock;

/**
 * The reservation lifecycle's verbs on real Hibernate and PostgreSQL, with time moved by the test:
 * what each does to the reservation, the task, the worker's capacity and activity, and which events
 * it records, in order.
 */
class ReservationLifecycleTest {

  @RegisterExtension static final JpaHarness db = JpaHarness.perTestClass();

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
  private RoutingFixture f;
  private ReservationLifecycle lifecycle;
  private Task task;
  private Activity timedOut;

  @BeforeEach
  void aTaskWaitingInAQueue() {
    f = new RoutingFixture(db, clock);
    f.queue.changeMaxReservedWorkers(2, clock.instant());
    lifecycle = f.lifecycle;
    task = f.task;
    timedOut = f.timedOut;
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aReservationTimesOutAtItsTimeExactlyOnceAndFreesTheWorker() {
    Worker worker = worker("alice");
    Reservation reservation = offer(worker, 30);
    assertThat(reservation.getTimeoutAt()).isEqualTo(clock.instant().plusSeconds(30));
    assertThat(channelOf(worker).getAssignedTasks()).isEqualTo(1);
    assertThat(task.getAssignmentStatus()).isEqualTo(TaskStatus.RESERVED);

    clock.advance(Duration.ofSeconds(30));
    boolean[] fired = new boolean[2];
    inTransaction(
        f.em, m -> fired[0] = lifecycle.timeOut(lifecycle.lockTask(task.getSid()), reservation));
    inTransaction(
        f.em, m -> fired[1] = lifecycle.timeOut(lifecycle.lockTask(task.getSid()), reservation));

    assertThat(fired).containsExactly(true, false);
    assertThat(reservation.getStatus()).isEqualTo(ReservationStatus.TIMEOUT);
    assertThat(channelOf(worker).getAssignedTasks()).isZero();
    assertThat(worker.getActivity().getSid()).isEqualTo(timedOut.getSid());
    assertThat(task.getAssignmentStatus()).isEqualTo(TaskStatus.PENDING);
    assertThat(types())
        .containsExactly(
            EventType.RESERVATION_CREATED,
            EventType.RESERVATION_TIMEOUT,
            EventType.WORKER_ACTIVITY_UPDATE);
  }

  /**
   * {@code pendingReadFirst}: the caller read the task's pending reservations under its lock before
   * the accept, as an accept through the API does (the accepted one among them).
   */
  @ParameterizedTest(name = "pending reservations read by the caller first: {0}")
  @ValueSource(booleans = {false, true})
  void acceptingRescindsTheOtherPendingReservationAndGivesItsCapacityBack(
      boolean pendingReadFirst) {
    Worker alice = worker("alice");
    Worker bob = worker("bob");
    Reservation first = offer(alice, 120);
    Reservation second = offer(bob, 120);

    inTransaction(
        f.em,
        m -> {
          Task locked = lifecycle.lockTask(task.getSid());
          if (pendingReadFirst) {
            lifecycle.accept(locked, first, lifecycle.pendingOf(locked));
          } else {
            lifecycle.accept(locked, first);
          }
        });

    assertThat(first.getStatus()).isEqualTo(ReservationStatus.ACCEPTED);
    assertThat(second.getStatus()).isEqualTo(ReservationStatus.RESCINDED);
    assertThat(task.getAssignmentStatus()).isEqualTo(TaskStatus.ASSIGNED);
    assertThat(channelOf(alice).getAssignedTasks()).isEqualTo(1);
    assertThat(channelOf(bob).getAssignedTasks()).isZero();
    assertThat(types())
        .containsExactly(
            EventType.RESERVATION_CREATED,
            EventType.RESERVATION_CREATED,
            EventType.RESERVATION_ACCEPTED,
            EventType.RESERVATION_RESCINDED);
  }

  @Test
  void wrapUpKeepsTheCapacityAndCompletionFreesIt() {
    Worker worker = worker("alice");
    Reservation reservation = offer(worker, 120);
    inTransaction(f.em, m -> lifecycle.accept(lifecycle.lockTask(task.getSid()), reservation));

    clock.advance(Duration.ofMinutes(5));
    inTransaction(f.em, m -> lifecycle.wrap(lifecycle.lockTask(task.getSid()), "call ended"));
    assertThat(reservation.getStatus()).isEqualTo(ReservationStatus.WRAPPING);
    assertThat(task.getAssignmentStatus()).isEqualTo(TaskStatus.WRAPPING);
    assertThat(channelOf(worker).getAssignedTasks()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(1));
    inTransaction(f.em, m -> lifecycle.complete(lifecycle.lockTask(task.getSid()), "resolved"));
    assertThat(reservation.getStatus()).isEqualTo(ReservationStatus.COMPLETED);
    assertThat(task.getAssignmentStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(channelOf(worker).getAssignedTasks()).isZero();
    assertThat(types())
        .containsExactly(
            EventType.RESERVATION_CREATED,
            EventType.RESERVATION_ACCEPTED,
            EventType.RESERVATION_WRAPUP,
            EventType.TASK_WRAPUP,
            EventType.RESERVATION_COMPLETED,
            EventType.TASK_COMPLETED);
    assertThat(f.recorded.fired.get(3).getDescription()).isEqualTo("Task in wrap-up: call ended");
    assertThat(f.recorded.fired.get(5).getDescription()).isEqualTo("Task completed: resolved");
  }

  @Test
  void cancelingAWaitingTaskCancelsItsPendingReservations() {
    Worker worker = worker("alice");
    Reservation reservation = offer(worker, 120);

    inTransaction(f.em, m -> lifecycle.cancel(lifecycle.lockTask(task.getSid()), "caller hung up"));

    assertThat(reservation.getStatus()).isEqualTo(ReservationStatus.CANCELED);
    assertThat(task.getAssignmentStatus()).isEqualTo(TaskStatus.CANCELED);
    assertThat(channelOf(worker).getAssignedTasks()).isZero();
    assertThat(types())
        .containsExactly(
            EventType.RESERVATION_CREATED, EventType.RESERVATION_CANCELED, EventType.TASK_CANCELED);
  }

  @Test
  void rejectingLeavesTheTaskWaitingAndMovesTheWorkerIfAsked() {
    Worker worker = worker("alice");
    Reservation reservation = offer(worker, 120);

    inTransaction(
        f.em, m -> lifecycle.reject(lifecycle.lockTask(task.getSid()), reservation, timedOut));

    assertThat(reservation.getStatus()).isEqualTo(ReservationStatus.REJECTED);
    assertThat(task.getAssignmentStatus()).isEqualTo(TaskStatus.PENDING);
    assertThat(channelOf(worker).getAssignedTasks()).isZero();
    assertThat(worker.getActivity().getSid()).isEqualTo(timedOut.getSid());
  }

  @Test
  void aChannelReadEarlierIsReadAgainOnceAnotherTransactionChangedIt() {
    // given alice's channel, read by this persistence context with nothing taken
    Worker worker = worker("alice");
    assertThat(channelOf(worker).getAssignedTasks()).isZero();

    // when another transaction takes a unit of its capacity
    EntityManager other = db.entityManager();
    try {
      inTransaction(
          other,
          m ->
              m.createQuery(
                      "select wc from WorkerChannel wc where wc.worker.sid = :worker",
                      WorkerChannel.class)
                  .setParameter("worker", worker.getSid())
                  .getSingleResult()
                  .take(clock.instant()));
    } finally {
      other.close();
    }

    // then this one, with the worker locked, reads the channel as the database has it now
    int[] assigned = new int[1];
    inTransaction(
        f.em,
        m ->
            assigned[0] =
                lifecycle
                    .channelOf(lifecycle.lockWorker(worker), f.channel.getSid())
                    .getAssignedTasks());
    assertThat(assigned[0]).isEqualTo(1);
  }

  @Test
  void aWorkerLockedAfterAWaitHasItsChannelReadAsTheHolderLeftIt() throws Exception {
    // given a worker whose row another transaction holds while it takes a unit of her capacity;
    // when this transaction locks her with her channel, waits, and the holder commits
    Worker worker = worker("alice");
    int[] assigned = new int[1];
    lockedAfterAWait(
        holder -> {
          holdWorkerRow(holder, worker);
          holder
              .createQuery(
                  "select wc from WorkerChannel wc where wc.worker.sid = :w", WorkerChannel.class)
              .setParameter("w", worker.getSid())
              .getSingleResult()
              .take(clock.instant());
          holder.flush();
        },
        m -> assigned[0] = lockWithChannel(m, worker).getAssignedTasks());

    // then the channel is read as the holder left it, not as it was before the wait
    assertThat(assigned[0]).isEqualTo(1);
  }

  @Test
  void aWorkerHeldByARoutingPassIsWaitedForThoughItsChannelIsNotLocked() throws Exception {
    // given a worker whose row alone another transaction holds, as a routing pass does between
    // choosing her and taking her capacity; when this transaction locks her with her channel
    Worker worker = worker("alice");
    boolean[] read = new boolean[1];
    lockedAfterAWait(
        holder -> holdWorkerRow(holder, worker), m -> read[0] = lockWithChannel(m, worker) != null);

    // then it waited for the holder (lockedAfterAWait fails if no one waits), and read the channel
    assertThat(read[0]).isTrue();
  }

  @Test
  void aTaskLockedAfterAWaitIsReadAsTheHolderLeftIt() throws Exception {
    // given a task whose row another transaction holds while it changes the task's priority;
    // when this transaction locks and reads the task (one statement), waits, and the holder
    // commits
    int[] priority = new int[1];
    lockedAfterAWait(
        holder ->
            holder
                .createNativeQuery("update task set priority = 7 where sid = ?1")
                .setParameter(1, task.getSid())
                .executeUpdate(),
        m -> {
          m.clear(); // a task this transaction has not read: locked as it is read
          priority[0] = lifecycle.lockTask(task.getSid()).getPriority();
        });

    // then the task is read as the holder left it, not as it was before the wait
    assertThat(priority[0]).isEqualTo(7);
  }

  @Test
  void aTaskThisTransactionReadBeforeLockingItIsReadAgainUnderTheLock() {
    int[] priority = new int[2];
    inTransaction(
        f.em,
        m -> {
          priority[0] = m.find(Task.class, task.getSid()).getPriority();
          // another transaction changes it and commits before this one locks it
          EntityManager other = db.entityManager();
          try {
            inTransaction(
                other,
                o ->
                    o.createNativeQuery("update task set priority = 5 where sid = ?1")
                        .setParameter(1, task.getSid())
                        .executeUpdate());
          } finally {
            other.close();
          }
          priority[1] = lifecycle.lockTask(task.getSid()).getPriority();
        });

    assertThat(priority).containsExactly(0, 5);
  }

  @Test
  void aTaskAnotherTransactionHoldsIsNotLockedIfFreeAndAMissingOneIsNotFound() {
    EntityManager holder = db.entityManager();
    try {
      holder.getTransaction().begin();
      holder
          .createNativeQuery("select sid from task where sid = ?1 for update")
          .setParameter(1, task.getSid())
          .getResultList();
      Task[] found = new Task[2];
      inTransaction(
          f.em,
          m -> {
            m.clear(); // a task this transaction has not read: locked as it is read
            found[0] = lifecycle.lockTaskIfFree(task.getSid());
            found[1] = lifecycle.lockTaskIfExists("WT00000000000000000000000000000000");
          });

      assertThat(found).containsExactly(null, null);
    } finally {
      holder.getTransaction().rollback();
      holder.close();
    }
  }

  @Test
  void aTaskOfferedInTheTransactionThatCreatesItIsWrittenOnceAsTheOfferLeftIt() {
    Worker worker = worker("alice");
    Task[] created = new Task[1];
    inTransaction(
        f.em,
        m -> {
          // as TaskService.create leaves it to its routing: placed, not persistent yet
          Task fresh = new Task(f.workspace, f.workflow, f.channel, "{}", 0, 3600, clock.instant());
          fresh.routeTo(f.queue, 0, 0, null, null, clock.instant());
          Worker locked = lifecycle.lockWorker(worker);
          lifecycle.offer(fresh, locked, lifecycle.channelOf(locked, f.channel.getSid()), 30);
          created[0] = fresh;
        });

    // inserted reserved, never updated: an insert of the placed task and an update to reserved
    // would have made the row's version 1
    assertThat(row(created[0])).containsExactly("RESERVED", 0L);
    assertThat(channelOf(worker).getAssignedTasks()).isEqualTo(1);
  }

  @Test
  void aTaskCanceledInTheTransactionThatCreatesItIsWrittenCanceled() {
    Task[] created = new Task[1];
    inTransaction(
        f.em,
        m -> {
          created[0] = new Task(f.workspace, f.workflow, f.channel, "{}", 0, 3600, clock.instant());
          lifecycle.cancel(created[0], "Workflow has no target for this task");
        });

    assertThat(row(created[0])).containsExactly("CANCELED", 0L);
    assertThat(types()).endsWith(EventType.TASK_CANCELED);
  }

  /** The task's row as the database has it: its status and version. */
  private Object[] row(Task task) {
    Object[] row =
        (Object[])
            f.em
                .createNativeQuery("select assignment_status, version from task where sid = ?1")
                .setParameter(1, task.getSid())
                .getSingleResult();
    return new Object[] {row[0], ((Number) row[1]).longValue()};
  }

  /** Locks the worker's row alone in the holder's transaction, as a routing pass that chose her. */
  private static void holdWorkerRow(EntityManager holder, Worker worker) {
    holder
        .createNativeQuery("select sid from worker where sid = ?1 for update")
        .setParameter(1, worker.getSid())
        .getResultList();
  }

  /** The worker's channel, locked with her as a completion locks it. */
  private WorkerChannel lockWithChannel(EntityManager m, Worker worker) {
    return f.workers.lockWithChannel(m.find(Worker.class, worker.getSid()), f.channel.getSid());
  }

  /**
   * Opens a transaction that runs {@code hold} (taking row locks), then runs {@code locker} in a
   * transaction of the fixture's entity manager on another thread; once that one waits for a lock
   * the holder took, the holder commits, and the locker's transaction finishes.
   */
  private void lockedAfterAWait(Consumer<EntityManager> hold, Consumer<EntityManager> locker)
      throws InterruptedException {
    EntityManager holder = db.entityManager();
    try {
      holder.getTransaction().begin();
      hold.accept(holder);
      Thread thread = new Thread(() -> inTransaction(f.em, locker));
      thread.start();
      awaitOneWaitingForALock(holder);
      holder.getTransaction().commit();
      thread.join(10_000);
    } finally {
      if (holder.getTransaction().isActive()) {
        holder.getTransaction().rollback();
      }
      holder.close();
    }
  }

  /**
   * Returns as soon as another session waits for a lock, asked on the holder's own connection
   * ({@code pg_locks} is read live, not from a snapshot of the transaction); fails after ten
   * seconds. It waits on that condition as the integration tests' {@code Eventually} does, asking
   * again every few milliseconds, never for a fixed time.
   */
  private static void awaitOneWaitingForALock(EntityManager holder) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (((Number)
                holder
                    .createNativeQuery("select count(*) from pg_locks where not granted")
                    .getSingleResult())
            .intValue()
        == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no session waited for the lock within 10 s");
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  private Worker worker(String name) {
    return f.worker(name);
  }

  private Reservation offer(Worker worker, int timeoutSeconds) {
    return f.offer(worker, timeoutSeconds);
  }

  private WorkerChannel channelOf(Worker worker) {
    return f.channelOf(worker);
  }

  private List<EventType> types() {
    return f.types();
  }
}
