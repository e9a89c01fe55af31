package org.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.testing.JpaHarness.inTransaction;
import static org.switchboard.testing.JpaHarness.inject;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.domain.account.Account;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.worker.WorkerChannel;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.testing.JpaHarness;
import org.switchboard.testing.JpaHarness.Recorded;
import org.switchboard.testing.JpaHarness.SettableClock;

/**
 * The reservation lifecycle's verbs on real Hibernate and PostgreSQL, with time moved by the test:
 * what each does to the reservation, the task, the worker's capacity and activity, and which events
 * it records, in order.
 */
class ReservationLifecycleTest {

  private static JpaHarness db;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
  private final Recorded<RouterEvent> recorded = new Recorded<>();
  private EntityManager em;
  private ReservationLifecycle lifecycle;

  private Workspace workspace;
  private Activity available;
  private Activity timedOut;
  private TaskQueue queue;
  private Task task;

  @BeforeAll
  static void database() {
    db = JpaHarness.start();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void aTaskWaitingInAQueue() {
    em = db.entityManager();
    JpaEventStore events = inject(new JpaEventStore(), "em", em);
    inject(events, "recorded", recorded);
    lifecycle =
        inject(
            inject(inject(new ReservationLifecycle(), "em", em), "events", events), "clock", clock);
    Instant now = clock.instant();
    inTransaction(
        em,
        m -> {
          Account account = Account.generate("test", now);
          m.persist(account);
          workspace = new Workspace(account.getSid(), "lifecycle", now);
          m.persist(workspace);
          available = new Activity(workspace, "Available", true, now);
          timedOut = new Activity(workspace, "Missed", false, now);
          m.persist(available);
          m.persist(timedOut);
          workspace.changeDefaultActivity(available, now);
          workspace.changeTimeoutActivity(timedOut, now);
          TaskChannel channel = new TaskChannel(workspace, "Default", "default", null, now);
          m.persist(channel);
          queue = new TaskQueue(workspace, "Everyone", now);
          queue.changeMaxReservedWorkers(2, now);
          m.persist(queue);
          Workflow workflow = new Workflow(workspace, "flow", "{}", Set.of(queue.getSid()), now);
          m.persist(workflow);
          task = new Task(workspace, workflow, channel, "{}", 0, 3600, now);
          task.routeTo(queue, 0, 0, null, null, now);
          m.persist(task);
        });
  }

  @AfterEach
  void close() {
    em.close();
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
        em, m -> fired[0] = lifecycle.timeOut(lifecycle.lockTask(task.getSid()), reservation));
    inTransaction(
        em, m -> fired[1] = lifecycle.timeOut(lifecycle.lockTask(task.getSid()), reservation));

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

  @Test
  void acceptingRescindsTheOtherPendingReservationAndGivesItsCapacityBack() {
    Worker alice = worker("alice");
    Worker bob = worker("bob");
    Reservation first = offer(alice, 120);
    Reservation second = offer(bob, 120);

    inTransaction(em, m -> lifecycle.accept(lifecycle.lockTask(task.getSid()), first));

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
    inTransaction(em, m -> lifecycle.accept(lifecycle.lockTask(task.getSid()), reservation));

    clock.advance(Duration.ofMinutes(5));
    inTransaction(em, m -> lifecycle.wrap(lifecycle.lockTask(task.getSid()), "call ended"));
    assertThat(reservation.getStatus()).isEqualTo(ReservationStatus.WRAPPING);
    assertThat(task.getAssignmentStatus()).isEqualTo(TaskStatus.WRAPPING);
    assertThat(channelOf(worker).getAssignedTasks()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(1));
    inTransaction(em, m -> lifecycle.complete(lifecycle.lockTask(task.getSid()), "resolved"));
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
    assertThat(recorded.fired.get(3).getDescription()).isEqualTo("Task in wrap-up: call ended");
    assertThat(recorded.fired.get(5).getDescription()).isEqualTo("Task completed: resolved");
  }

  @Test
  void cancelingAWaitingTaskCancelsItsPendingReservations() {
    Worker worker = worker("alice");
    Reservation reservation = offer(worker, 120);

    inTransaction(em, m -> lifecycle.cancel(lifecycle.lockTask(task.getSid()), "caller hung up"));

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
        em, m -> lifecycle.reject(lifecycle.lockTask(task.getSid()), reservation, timedOut));

    assertThat(reservation.getStatus()).isEqualTo(ReservationStatus.REJECTED);
    assertThat(task.getAssignmentStatus()).isEqualTo(TaskStatus.PENDING);
    assertThat(channelOf(worker).getAssignedTasks()).isZero();
    assertThat(worker.getActivity().getSid()).isEqualTo(timedOut.getSid());
  }

  private Worker worker(String name) {
    Worker[] created = new Worker[1];
    inTransaction(
        em,
        m -> {
          Worker worker = new Worker(workspace, name, "{}", available, clock.instant());
          m.persist(worker);
          m.persist(new WorkerChannel(worker, task.getTaskChannel(), clock.instant()));
          created[0] = worker;
        });
    return created[0];
  }

  private Reservation offer(Worker worker, int timeoutSeconds) {
    Reservation[] offered = new Reservation[1];
    inTransaction(
        em,
        m -> {
          Task locked = lifecycle.lockTask(task.getSid());
          Worker w = lifecycle.lockWorker(worker);
          offered[0] =
              lifecycle.offer(
                  locked,
                  w,
                  lifecycle.channelOf(w, task.getTaskChannel().getSid()),
                  timeoutSeconds);
        });
    return offered[0];
  }

  private WorkerChannel channelOf(Worker worker) {
    return lifecycle.channelOf(worker, task.getTaskChannel().getSid());
  }

  private List<EventType> types() {
    return recorded.fired.stream().map(RouterEvent::type).toList();
  }
}
