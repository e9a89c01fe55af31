package org.switchboard.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationRepository;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskRepository;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.worker.WorkerChannel;
import org.switchboard.domain.worker.WorkerRepository;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.infrastructure.jpa.JpaEventStore;

/**
 * The state changes of reservations and the capacity they hold, inside the caller's transaction.
 *
 * <p>Locking protocol (see docs/routing.md): every change to a task's reservations happens with the
 * task row locked ({@link #lockTask}); capacity is taken and released with the worker row locked. A
 * transaction that holds a task lock may wait for a worker lock; one that holds a worker lock takes
 * task locks only with SKIP LOCKED. So there is no lock cycle, a task never has more pending
 * reservations than its queue allows, and a worker's {@code assigned_tasks} never counts a
 * reservation twice.
 */
@ApplicationScoped
public class ReservationLifecycle {

  @PersistenceContext private EntityManager em;
  @Inject private JpaEventStore events;
  @Inject private ReservationRepository reservations;
  @Inject private TaskRepository tasks;
  @Inject private WorkerRepository workers;
  @Inject private Clock clock;

  /** The task, locked until commit and read fresh from the database. */
  public Task lockTask(String taskSid) {
    Task task = lockTaskIfExists(taskSid);
    if (task == null) {
      throw NotFoundException.of("Task", taskSid);
    }
    return task;
  }

  /** The task, locked until commit and read fresh from the database; null if there is none. */
  public Task lockTaskIfExists(String taskSid) {
    return tasks.lockAndRead(taskSid);
  }

  /**
   * The task, locked until commit and read fresh, if no other transaction holds it now (SKIP
   * LOCKED); null otherwise or if there is none. For a transaction that already holds a worker
   * lock.
   */
  public Task lockTaskIfFree(String taskSid) {
    return tasks.lockAndReadIfFree(taskSid);
  }

  /**
   * Makes a task created in this transaction and not yet persistent ({@code TaskService#create}
   * leaves that to its routing) persistent; nothing for any other task.
   */
  public void persistIfNew(Task task) {
    if (!em.contains(task)) {
      em.persist(task);
    }
  }

  /** The worker, locked until commit and read fresh. */
  public Worker lockWorker(Worker worker) {
    workers.lockForUpdate(worker.getSid());
    em.refresh(worker);
    return worker;
  }

  /**
   * The entity as the database has it now (call with its row locked): read if this transaction has
   * not read it yet, re-read if it has. Null if there is no such row.
   */
  public <T> T current(Class<T> type, Object id) {
    T entity = em.getReference(type, id);
    if (em.getEntityManagerFactory().getPersistenceUnitUtil().isLoaded(entity)) {
      em.refresh(entity);
      return entity;
    }
    return em.find(type, id);
  }

  /** The worker's capacity record on a task channel, read fresh (call with the worker locked). */
  public WorkerChannel channelOf(Worker worker, String taskChannelSid) {
    return workers.currentChannelOf(worker, taskChannelSid);
  }

  /**
   * Offers a locked task to a locked worker whose channel has room: takes one unit of capacity,
   * stores the pending reservation, marks the task reserved and moves the worker to the queue's
   * reservation activity if it has one.
   */
  public Reservation offer(Task task, Worker worker, WorkerChannel channel, int timeoutSeconds) {
    Instant now = clock.instant();
    channel.take(now);
    Reservation reservation = new Reservation(task, worker, now.plusSeconds(timeoutSeconds), now);
    task.reserve(now);
    persistIfNew(task); // reserved already: its insert is its only write in this transaction
    em.persist(reservation);
    events.record(
        RoutingEvents.reservation(
            EventType.RESERVATION_CREATED,
            reservation,
            "Reservation " + reservation.getSid() + " created for worker " + worker.getSid(),
            now));
    TaskQueue queue = task.getTaskQueue();
    if (queue != null && queue.getReservationActivity() != null) {
      moveWorker(worker, queue.getReservationActivity(), now);
    }
    return reservation;
  }

  /**
   * The worker takes the task: the task is assigned and every other pending reservation of it is
   * rescinded, giving those workers their capacity back.
   */
  public void accept(Task task, Reservation reservation) {
    accept(task, reservation, pendingOf(task));
  }

  /**
   * The worker takes the task, as {@link #accept(Task, Reservation)} does, for a caller that read
   * the task's pending reservations ({@link #pendingOf}) under the task's lock in this transaction
   * already (they are what the accept rescinds; {@code reservation} may be among them).
   */
  public void accept(Task task, Reservation reservation, List<Reservation> pending) {
    Instant now = clock.instant();
    reservation.accept(now);
    task.assign(now);
    events.record(
        RoutingEvents.reservation(
            EventType.RESERVATION_ACCEPTED, reservation, "Reservation accepted by worker", now));
    for (Reservation other : pending) {
      if (other.getSid().equals(reservation.getSid())) {
        continue;
      }
      other.rescind(now);
      releaseCapacity(other, false, now);
      events.record(
          RoutingEvents.reservation(
              EventType.RESERVATION_RESCINDED, other, "Another worker accepted the task", now));
    }
    TaskQueue queue = task.getTaskQueue();
    if (queue != null && queue.getAssignmentActivity() != null) {
      moveWorker(lockWorker(reservation.getWorker()), queue.getAssignmentActivity(), now);
    }
  }

  /** The worker declines; it may name the activity it moves to. The task waits for others. */
  public void reject(Task task, Reservation reservation, Activity nextActivity) {
    Instant now = clock.instant();
    reservation.reject(now);
    Worker worker = releaseCapacity(reservation, nextActivity != null, now);
    events.record(
        RoutingEvents.reservation(
            EventType.RESERVATION_REJECTED, reservation, "Reservation rejected by worker", now));
    if (nextActivity != null) {
      moveWorker(worker, nextActivity, now);
    }
    unreserveIfNoneLeft(task, now);
  }

  /**
   * Nobody answered in time: the reservation times out, the worker moves to the workspace's timeout
   * activity, and the task waits for others. Does nothing if the reservation is no longer pending,
   * so a timeout fires at most once however often it is attempted.
   */
  public boolean timeOut(Task task, Reservation reservation) {
    if (reservation.getStatus() != ReservationStatus.PENDING) {
      return false;
    }
    Instant now = clock.instant();
    reservation.timeOut(now);
    Activity timeoutActivity = task.getWorkspace().getTimeoutActivity();
    Worker worker = releaseCapacity(reservation, timeoutActivity != null, now);
    events.record(
        RoutingEvents.reservation(
            EventType.RESERVATION_TIMEOUT, reservation, "Reservation timed out", now));
    if (timeoutActivity != null) {
      moveWorker(worker, timeoutActivity, now);
    }
    unreserveIfNoneLeft(task, now);
    return true;
  }

  /**
   * Cancels a task that is waiting (pending or reserved): its pending reservations are canceled,
   * their capacity released, and {@code task.canceled} recorded with the reason.
   */
  public void cancel(Task task, String reason) {
    Instant now = clock.instant();
    task.cancel(reason, now);
    persistIfNew(task); // canceled already, and its reservations are looked up by the entity
    taskCanceled(task);
    events.record(
        RoutingEvents.task(EventType.TASK_CANCELED, task, said("Task canceled", reason), now));
  }

  /**
   * Moves an assigned task to wrap-up: its accepted reservation follows (capacity stays held) and
   * {@code task.wrapup} is recorded.
   */
  public void wrap(Task task, String reason) {
    Instant now = clock.instant();
    task.wrapUp(reason, now);
    taskWrapping(task);
    events.record(
        RoutingEvents.task(EventType.TASK_WRAPUP, task, said("Task in wrap-up", reason), now));
  }

  /**
   * Completes an assigned or wrapping task: its reservation completes, the worker's capacity is
   * freed and {@code task.completed} recorded.
   */
  public void complete(Task task, String reason) {
    Instant now = clock.instant();
    task.complete(reason, now);
    taskCompleted(task);
    events.record(
        RoutingEvents.task(EventType.TASK_COMPLETED, task, said("Task completed", reason), now));
  }

  private static String said(String what, String reason) {
    return reason == null || reason.isBlank() ? what : what + ": " + reason;
  }

  /** The task was canceled: its pending reservations are canceled and capacity released. */
  public void taskCanceled(Task task) {
    Instant now = clock.instant();
    for (Reservation pending : pendingOf(task)) {
      pending.cancel(now);
      releaseCapacity(pending, false, now);
      events.record(
          RoutingEvents.reservation(
              EventType.RESERVATION_CANCELED, pending, "The task was canceled", now));
    }
  }

  /** The task went to wrap-up: its accepted reservation follows. Capacity stays held. */
  private void taskWrapping(Task task) {
    Instant now = clock.instant();
    for (Reservation accepted : withStatus(task, ReservationStatus.ACCEPTED)) {
      accepted.wrapUp(now);
      events.record(
          RoutingEvents.reservation(
              EventType.RESERVATION_WRAPUP, accepted, "Task in wrap-up", now));
    }
  }

  /** The task was completed: its reservation completes and the worker's capacity is freed. */
  private void taskCompleted(Task task) {
    Instant now = clock.instant();
    for (Reservation held :
        withStatus(task, ReservationStatus.ACCEPTED, ReservationStatus.WRAPPING)) {
      held.complete(now);
      releaseCapacity(held, false, now);
      events.record(
          RoutingEvents.reservation(EventType.RESERVATION_COMPLETED, held, "Task completed", now));
    }
  }

  /** A task that held a worker is going away: its reservation stops holding capacity. */
  public void taskReleased(Task task) {
    Instant now = clock.instant();
    for (Reservation held :
        withStatus(task, ReservationStatus.ACCEPTED, ReservationStatus.WRAPPING)) {
      held.complete(now);
      releaseCapacity(held, false, now);
    }
  }

  /** The pending reservations of a task. */
  public List<Reservation> pendingOf(Task task) {
    return withStatus(task, ReservationStatus.PENDING);
  }

  private List<Reservation> withStatus(Task task, ReservationStatus... statuses) {
    return reservations.ofTask(task, statuses);
  }

  private void unreserveIfNoneLeft(Task task, Instant now) {
    if (task.getAssignmentStatus() == TaskStatus.RESERVED && pendingOf(task).isEmpty()) {
      task.unreserve(now);
    }
  }

  /**
   * Gives back the unit of capacity a reservation held, with the worker locked. The worker entity
   * is re-read only if {@code fresh} (the caller goes on to change it); the release itself reads
   * only the worker's channel.
   */
  private Worker releaseCapacity(Reservation reservation, boolean fresh, Instant now) {
    Worker worker = reservation.getWorker();
    if (fresh) {
      lockWorker(worker);
      channelOf(worker, reservation.getTaskChannelSid()).release(now);
    } else {
      workers.lockWithChannel(worker, reservation.getTaskChannelSid()).release(now);
    }
    return worker;
  }

  /** Moves a worker to an activity and records {@code worker.activity.update}. */
  public void moveWorker(Worker worker, Activity activity, Instant now) {
    Activity previous = worker.getActivity();
    Instant since = worker.getDateStatusChanged();
    if (worker.changeActivity(activity, now)) {
      events.record(
          RoutingEvents.workerActivity(
              worker, previous, since, "Worker moved to " + activity.getFriendlyName(), now));
    }
  }
}
