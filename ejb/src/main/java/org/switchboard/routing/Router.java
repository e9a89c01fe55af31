package org.switchboard.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.worker.WorkerChannel;

/**
 * Matches tasks and workers, inside the caller's transaction.
 *
 * <p>A worker is eligible for a task at a {@link Placement} when it belongs to the target's queue,
 * meets the target's expression, is in an available activity, has not already declined or let the
 * task time out, and has free capacity on the task's channel (in a single-tasking workspace: holds
 * no task at all). Among eligible workers the one idle longest on the channel goes first.
 *
 * <p>Task-driven ({@link #offerTask}) runs with the task locked and locks each chosen worker with
 * SKIP LOCKED, re-checking its capacity under the lock; worker-driven ({@link #offerWorker}) runs
 * with the worker locked and takes task locks with SKIP LOCKED only. See {@link
 * ReservationLifecycle} for why this cannot deadlock or double-book.
 */
@ApplicationScoped
public class Router {

  /** How many candidate workers are read per database round trip. */
  static final int CANDIDATE_BATCH = 200;

  /** How many waiting tasks a worker-driven pass considers, best first. */
  static final int WAITING_BATCH = 50;

  @PersistenceContext private EntityManager em;
  @Inject private ReservationLifecycle lifecycle;
  @Inject private Eligibility eligibility;
  @Inject private Clock clock;

  /**
   * Offers a locked, pending or reserved task to as many eligible workers as its queue allows
   * beyond the reservations it already has. Returns the new reservations.
   */
  public Offers offerTask(Task task, Placement placement) {
    List<Reservation> created = new ArrayList<>();
    boolean contended = false;
    if (!task.getAssignmentStatus().isLive()
        || task.getAssignmentStatus() == TaskStatus.ASSIGNED
        || task.getAssignmentStatus() == TaskStatus.WRAPPING
        || placement.exhausted()) {
      return new Offers(created, false);
    }
    TaskQueue queue = task.getTaskQueue();
    int room = queue.getMaxReservedWorkers() - lifecycle.pendingOf(task).size();
    if (room <= 0) {
      return new Offers(created, false);
    }
    Set<String> excluded = declinedBy(task);
    int timeout = task.getWorkflow().getTaskReservationTimeout();
    int offset = 0;
    while (created.size() < room) {
      List<WorkerChannel> batch = candidates(task, offset);
      if (batch.isEmpty()) {
        break;
      }
      offset += batch.size();
      for (WorkerChannel candidate : batch) {
        Worker worker = candidate.getWorker();
        if (excluded.contains(worker.getSid())
            || !isNamedBy(placement, worker)
            || !eligibility.inQueue(queue, worker)
            || !eligibility.meetsTarget(placement.expression(), task, worker)) {
          continue;
        }
        if (!lockIfFree(worker)) {
          contended = true;
          continue;
        }
        WorkerChannel channel = lifecycle.channelOf(worker, task.getTaskChannel().getSid());
        if (worker.isAvailable() && hasRoom(task, worker, channel)) {
          created.add(lifecycle.offer(task, worker, channel, timeout));
          excluded.add(worker.getSid());
          if (created.size() >= room) {
            break;
          }
        }
      }
    }
    return new Offers(created, contended && created.size() < room);
  }

  /**
   * What a routing pass did: the reservations it created, and whether it skipped a worker or task
   * another transaction held while it still had room, in which case it should be retried shortly.
   */
  public record Offers(List<Reservation> created, boolean retry) {}

  /**
   * Offers a locked worker the waiting tasks it is eligible for, best first (higher priority, then
   * older, or newer in a LIFO queue), while it has capacity. {@code placements} tells, for a task,
   * where its workflow currently puts it.
   */
  public Offers offerWorker(Worker worker, PlacementSource placements) {
    List<Reservation> created = new ArrayList<>();
    boolean contended = false;
    if (!worker.isAvailable()) {
      return new Offers(created, false);
    }
    for (Task task : waitingTasksFor(worker)) {
      if (!lockTaskIfFree(task)) {
        contended = true;
        continue;
      }
      em.refresh(task);
      if (task.getAssignmentStatus() != TaskStatus.PENDING
          && task.getAssignmentStatus() != TaskStatus.RESERVED) {
        continue;
      }
      Placement placement = placements.placementOf(task);
      if (placement.exhausted()
          || declinedBy(task).contains(worker.getSid())
          || !isNamedBy(placement, worker)
          || !eligibility.meetsTarget(placement.expression(), task, worker)
          || task.getTaskQueue().getMaxReservedWorkers() <= lifecycle.pendingOf(task).size()) {
        continue;
      }
      WorkerChannel channel = lifecycle.channelOf(worker, task.getTaskChannel().getSid());
      if (!hasRoom(task, worker, channel)) {
        continue;
      }
      created.add(
          lifecycle.offer(task, worker, channel, task.getWorkflow().getTaskReservationTimeout()));
      if (!anyRoomLeft(worker)) {
        return new Offers(created, false);
      }
    }
    return new Offers(created, contended);
  }

  /** Where the workflow puts a task, for worker-driven routing. */
  @FunctionalInterface
  public interface PlacementSource {
    Placement placementOf(Task task);
  }

  private List<WorkerChannel> candidates(Task task, int offset) {
    String capacity =
        task.isIgnoreCapacity() ? "" : " and wc.assignedTasks < wc.configuredCapacity";
    return em.createQuery(
            "select wc from WorkerChannel wc join fetch wc.worker"
                + " where wc.workspaceSid = :workspace and wc.taskChannel.sid = :channel"
                + " and wc.available = true and wc.worker.available = true"
                + capacity
                + " order by wc.idleSince asc, wc.sid asc",
            WorkerChannel.class)
        .setParameter("workspace", task.getWorkspace().getSid())
        .setParameter("channel", task.getTaskChannel().getSid())
        .setFirstResult(offset)
        .setMaxResults(CANDIDATE_BATCH)
        .getResultList();
  }

  private List<Task> waitingTasksFor(Worker worker) {
    List<String> channels =
        em.createQuery(
                "select wc.taskChannel.sid from WorkerChannel wc where wc.worker = :worker"
                    + " and wc.available = true and wc.assignedTasks < wc.configuredCapacity",
                String.class)
            .setParameter("worker", worker)
            .getResultList();
    if (channels.isEmpty()) {
      return List.of();
    }
    List<String> queues = new ArrayList<>();
    for (TaskQueue queue :
        em.createQuery("select q from TaskQueue q where q.workspace = :workspace", TaskQueue.class)
            .setParameter("workspace", worker.getWorkspace())
            .getResultList()) {
      if (eligibility.inQueue(queue, worker)) {
        queues.add(queue.getSid());
      }
    }
    if (queues.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "select t from Task t where t.taskQueue.sid in :queues"
                + " and t.taskChannel.sid in :channels"
                + " and t.assignmentStatus in :waiting"
                + " and not exists (select r from Reservation r where r.task = t"
                + " and r.worker = :worker and r.status in :declined)"
                + " and (select count(p) from Reservation p where p.task = t"
                + " and p.status = :pending) < t.taskQueue.maxReservedWorkers"
                + " order by t.priority desc, t.dateCreated asc",
            Task.class)
        .setParameter("queues", queues)
        .setParameter("channels", channels)
        .setParameter("waiting", List.of(TaskStatus.PENDING, TaskStatus.RESERVED))
        .setParameter("worker", worker)
        .setParameter(
            "declined",
            List.of(
                ReservationStatus.PENDING, ReservationStatus.REJECTED, ReservationStatus.TIMEOUT))
        .setParameter("pending", ReservationStatus.PENDING)
        .setMaxResults(WAITING_BATCH)
        .getResultList();
  }

  private boolean hasRoom(Task task, Worker worker, WorkerChannel channel) {
    if (task.isIgnoreCapacity()) {
      return channel.isAvailable();
    }
    if (!channel.hasFreeCapacity()) {
      return false;
    }
    return worker.getWorkspace().isMultiTaskEnabled() || tasksHeldBy(worker) == 0;
  }

  private boolean anyRoomLeft(Worker worker) {
    return em.createQuery(
                "select count(wc) from WorkerChannel wc where wc.worker = :worker"
                    + " and wc.available = true and wc.assignedTasks < wc.configuredCapacity",
                Long.class)
            .setParameter("worker", worker)
            .getSingleResult()
        > 0;
  }

  private long tasksHeldBy(Worker worker) {
    return em.createQuery(
            "select coalesce(sum(wc.assignedTasks), 0) from WorkerChannel wc"
                + " where wc.worker = :worker",
            Long.class)
        .setParameter("worker", worker)
        .getSingleResult();
  }

  /** Workers who already declined the task or let it time out are not offered it again. */
  private Set<String> declinedBy(Task task) {
    return new HashSet<>(
        em.createQuery(
                "select r.worker.sid from Reservation r where r.task = :task"
                    + " and r.status in :declined",
                String.class)
            .setParameter("task", task)
            .setParameter(
                "declined",
                List.of(
                    ReservationStatus.PENDING,
                    ReservationStatus.REJECTED,
                    ReservationStatus.TIMEOUT))
            .getResultList());
  }

  private static boolean isNamedBy(Placement placement, Worker worker) {
    if (placement.knownWorkerSid() != null) {
      return placement.knownWorkerSid().equals(worker.getSid());
    }
    if (placement.knownWorkerFriendlyName() != null) {
      return placement.knownWorkerFriendlyName().equals(worker.getFriendlyName());
    }
    return true;
  }

  /** Locks the worker row unless another transaction holds it (then the worker is busy). */
  private boolean lockIfFree(Worker worker) {
    boolean locked =
        !em.createNativeQuery("select sid from worker where sid = ?1 for update skip locked")
            .setParameter(1, worker.getSid())
            .getResultList()
            .isEmpty();
    if (locked) {
      em.refresh(worker);
    }
    return locked;
  }

  private boolean lockTaskIfFree(Task task) {
    return !em.createNativeQuery("select sid from task where sid = ?1 for update skip locked")
        .setParameter(1, task.getSid())
        .getResultList()
        .isEmpty();
  }

  Instant now() {
    return clock.instant();
  }
}
