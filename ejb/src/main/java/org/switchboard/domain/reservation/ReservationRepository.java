package org.switchboard.domain.reservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.List;
import org.switchboard.domain.shared.Queries;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.taskqueue.TaskOrder;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.workflow.Workflow;

/**
 * Reservations in the database, for the routing core and the application services alike, so that
 * what "pending", "declined" or "live" means is written once. Runs in the caller's transaction and
 * persistence context; it takes no locks of its own (the callers hold the task or worker lock the
 * locking protocol asks for, see {@code ReservationLifecycle}).
 */
@ApplicationScoped
public class ReservationRepository {

  /** A worker with a reservation of the task in these states is not offered it again. */
  private static final ReservationStatus[] DECLINED = {
    ReservationStatus.PENDING, ReservationStatus.REJECTED, ReservationStatus.TIMEOUT
  };

  @PersistenceContext private EntityManager em;

  /**
   * The task's reservations in any of these states, oldest first, with their workers read in the
   * same statement: the worker is eager, and a query that does not fetch it has Hibernate read each
   * worker with a statement of its own. Fetched with {@code join fetch}, not a load graph:
   * Hibernate 6 does not cache the plan of a query given an entity graph, and translated this one
   * anew on every call (8.9 % of the server's CPU in a lifecycle benchmark's profile,
   * bench/RESULTS.md). The worker's activity is not fetched with it: a fetch join of a fetch join
   * needs an alias, which WildFly's JPA-compliant query mode refuses; it is read by its id, from
   * the persistence context when the transaction has it already.
   */
  public List<Reservation> ofTask(Task task, ReservationStatus... statuses) {
    TypedQuery<Reservation> query =
        em.createQuery(
                "select r from Reservation r join fetch r.worker where r.task = :task and "
                    + Queries.oneOf("r.status", "status", statuses.length)
                    + " order by r.dateCreated",
                Reservation.class)
            .setParameter("task", task);
    return Queries.bind(query, "status", statuses).getResultList();
  }

  /** How many pending reservations the task has. */
  public int pendingCountOf(Task task) {
    return em.createQuery(
            "select count(r) from Reservation r where r.task = :task and r.status = :pending",
            Long.class)
        .setParameter("task", task)
        .setParameter("pending", ReservationStatus.PENDING)
        .getSingleResult()
        .intValue();
  }

  /** The task's accepted reservations (at most one, unless the data is broken). */
  public List<Reservation> acceptedOf(Task task) {
    return em.createQuery(
            "select r from Reservation r where r.taskSid = :task and r.status = :accepted",
            Reservation.class)
        .setParameter("task", task.getSid())
        .setParameter("accepted", ReservationStatus.ACCEPTED)
        .getResultList();
  }

  /** The workers that declined the task or let it time out (or hold a pending offer of it). */
  public List<String> workersThatDeclined(Task task) {
    return Queries.bind(
            em.createQuery(
                "select r.worker.sid from Reservation r where r.task = :task"
                    + " and "
                    + Queries.oneOf("r.status", "declined", DECLINED.length),
                String.class),
            "declined",
            (Object[]) DECLINED)
        .setParameter("task", task)
        .getResultList();
  }

  /**
   * The waiting tasks of the worker's queues on channels where it has room and that it has not
   * declined, best first, at most {@code max}, in one query (each list it depends on is a subquery,
   * so Hibernate keeps the query's translation), each with its channel and whether it ignores
   * capacity: a pass that has filled a channel passes over the rest of that channel's tasks without
   * locking them.
   */
  public List<OfferableTask> offerableTasksFor(Worker worker, int max) {
    return waitingFor(
            "select new "
                + OfferableTask.class.getName()
                + "(t.sid, t.taskChannel.sid, t.ignoreCapacity)",
            // TaskRouter's queue order: priority first; at equal priority the tasks of queues of
            // the workspace's PrioritizeQueueOrder kind, then each queue's TaskOrder by virtual
            // start time (oldest first, or newest first in LIFO)
            " order by t.priority desc,"
                + " case when t.taskQueue.taskOrder = :prioritized then 0 else 1 end,"
                + " case when t.taskQueue.taskOrder = :lifo then t.virtualStartTime end desc,"
                + " t.virtualStartTime asc, t.sid asc",
            OfferableTask.class,
            worker.getSid())
        .setParameter(
            "prioritized",
            TaskOrder.valueOf(worker.getWorkspace().getPrioritizeQueueOrder().name()))
        .setParameter("lifo", TaskOrder.LIFO)
        .setMaxResults(max)
        .getResultList();
  }

  /**
   * Whether {@link #offerableTasksFor} would find a task for the worker while it is available,
   * asked by its sid alone and without ordering anything: a worker freed by a completion usually
   * has none, and then its pass needs neither the worker's row nor a transaction.
   */
  public boolean anyOfferableTaskFor(String workerSid) {
    return !waitingFor(
            "select t.sid",
            " and exists (select w from Worker w where w.sid = :workerSid and w.available = true)",
            String.class,
            workerSid)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /** The query of the tasks waiting for the worker, between its select and its tail. */
  private <T> TypedQuery<T> waitingFor(
      String select, String tail, Class<T> type, String workerSid) {
    return Queries.bind(
            em.createQuery(
                select
                    + " from Task t where t.taskQueue.sid in"
                    + " (select m.queueSid from QueueMember m where m.workerSid = :workerSid)"
                    + " and t.taskChannel.sid in (select wc.taskChannel.sid from WorkerChannel"
                    + " wc where wc.worker.sid = :workerSid and wc.available = true"
                    + " and wc.assignedTasks < wc.configuredCapacity)"
                    // literals, not parameters: PostgreSQL matches them to the partial
                    // index of waiting tasks (V10) also in a prepared statement's plan
                    + " and t.assignmentStatus in ("
                    + TaskStatus.class.getName()
                    + ".PENDING, "
                    + TaskStatus.class.getName()
                    + ".RESERVED)"
                    + " and not exists (select r from Reservation r where r.task = t"
                    + " and r.worker.sid = :workerSid and "
                    + Queries.oneOf("r.status", "declined", DECLINED.length)
                    + ") and (select count(p) from Reservation p where p.task = t"
                    + " and p.status = :pending) < t.taskQueue.maxReservedWorkers"
                    + tail,
                type),
            "declined",
            (Object[]) DECLINED)
        .setParameter("workerSid", workerSid)
        .setParameter("pending", ReservationStatus.PENDING);
  }

  /** The members of the queue that hold a pending reservation of any task. */
  public List<String> workersWithPendingIn(String queueSid) {
    return em.createQuery(
            "select distinct r.worker.sid from Reservation r where r.status = :pending"
                + " and exists (select m from QueueMember m where m.queueSid = :queue"
                + " and m.workerSid = r.worker.sid)",
            String.class)
        .setParameter("pending", ReservationStatus.PENDING)
        .setParameter("queue", queueSid)
        .getResultList();
  }

  /** How many of the worker's reservations are pending, accepted or wrapping. */
  public long liveCountOf(Worker worker) {
    return em.createQuery(
            "select count(r) from Reservation r where r.worker = :w and r.status in :live",
            Long.class)
        .setParameter("w", worker)
        .setParameter(
            "live",
            List.of(
                ReservationStatus.PENDING, ReservationStatus.ACCEPTED, ReservationStatus.WRAPPING))
        .getSingleResult();
  }

  /**
   * The tasks of the worker's pending reservations, in sid order (the order they are locked in).
   */
  public List<String> pendingTasksOf(Worker worker) {
    return em.createQuery(
            "select distinct r.task.sid from Reservation r where r.worker = :w"
                + " and r.status = :pending order by r.task.sid",
            String.class)
        .setParameter("w", worker)
        .setParameter("pending", ReservationStatus.PENDING)
        .getResultList();
  }

  /** The worker's pending reservations. */
  public List<Reservation> pendingOf(Worker worker) {
    return em.createQuery(
            "select r from Reservation r where r.worker = :w and r.status = :pending",
            Reservation.class)
        .setParameter("w", worker)
        .setParameter("pending", ReservationStatus.PENDING)
        .getResultList();
  }

  /** Up to {@code max} pending reservations whose timeout is due at {@code now}. */
  public List<String> timedOutAt(Instant now, int max) {
    return em.createQuery(
            "select r.sid from Reservation r where r.status = :pending and r.timeoutAt <= :now",
            String.class)
        .setParameter("pending", ReservationStatus.PENDING)
        .setParameter("now", now)
        .setMaxResults(max)
        .getResultList();
  }

  /** The task of the workspace's reservation, empty if there is no such reservation. */
  public List<String> taskOf(String workspaceSid, String sid) {
    return em.createQuery(
            "select r.taskSid from Reservation r where r.sid = :sid and r.workspaceSid = :ws",
            String.class)
        .setParameter("sid", sid)
        .setParameter("ws", workspaceSid)
        .getResultList();
  }

  /** Deletes the reservations of a task that is being deleted. */
  public void deleteOf(Task task) {
    em.createQuery("delete from Reservation r where r.task = :t")
        .setParameter("t", task)
        .executeUpdate();
  }

  /** Deletes the reservations of a worker that is being deleted. */
  public void deleteOf(Worker worker) {
    em.createQuery("delete from Reservation r where r.worker = :w")
        .setParameter("w", worker)
        .executeUpdate();
  }

  /** Deletes the reservations of the tasks of a workflow that is being deleted. */
  public void deleteOf(Workflow workflow) {
    em.createQuery("delete from Reservation r where r.task.workflow = :w")
        .setParameter("w", workflow)
        .executeUpdate();
  }
}
