package org.switchboard.domain.task;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.List;
import org.hibernate.LockMode;
import org.hibernate.LockOptions;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.jpa.AvailableHints;
import org.hibernate.query.Query;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.infrastructure.jpa.DatabaseKind;

/**
 * Tasks in the database, including the row locks the routing core and the deadline sweeps take on
 * tasks. Runs in the caller's transaction and persistence context.
 */
@ApplicationScoped
public class TaskRepository {

  /** The states in which a task is still routed or held by a worker. */
  private static final List<TaskStatus> LIVE =
      List.of(TaskStatus.PENDING, TaskStatus.RESERVED, TaskStatus.ASSIGNED, TaskStatus.WRAPPING);

  /** The states in which a task waits for a worker. */
  private static final List<TaskStatus> WAITING = List.of(TaskStatus.PENDING, TaskStatus.RESERVED);

  @PersistenceContext private EntityManager em;
  @Inject private DatabaseKind database;

  /**
   * The task, its row locked until commit (waiting for a holder to finish), as the database has it
   * then; null if there is none. A task this transaction has not read yet is locked and read in one
   * statement on PostgreSQL, with its workflow (its other eager associations are in the
   * second-level cache): PostgreSQL re-reads a row it waited for, so the task is as the holder left
   * it, and only the task's row is locked, never the workflow's that every task of it shares. A
   * task the transaction holds already is locked and then read again.
   *
   * <p>The statement is a query with a lock on its alias ({@code … for no key update of t1_0},
   * which excludes every other lock a transaction takes on a task), not a native query: Hibernate
   * keeps a query's translation, while it mapped a native query's entity columns anew on every call
   * (the native form was 11.5 % of the server's CPU in a lifecycle benchmark's profile, the query
   * 6.9 %, docs/routing.md).
   */
  public Task lockAndRead(String sid) {
    return lockAndRead(sid, false);
  }

  /**
   * The same as {@link #lockAndRead(String)} unless another transaction holds the task's row (SKIP
   * LOCKED), in which case null, as when there is no such task.
   */
  public Task lockAndReadIfFree(String sid) {
    return lockAndRead(sid, true);
  }

  private Task lockAndRead(String sid, boolean skipLocked) {
    SessionImplementor session = em.unwrap(SessionImplementor.class);
    Object held =
        session
            .getPersistenceContextInternal()
            .getEntity(
                session.generateEntityKey(
                    sid,
                    session.getFactory().getMappingMetamodel().getEntityDescriptor(Task.class)));
    if (held != null || !database.isPostgres()) {
      if (skipLocked ? !lockIfFree(sid) : !lockForUpdate(sid)) {
        return null;
      }
      if (held != null) {
        em.refresh(held);
        return (Task) held;
      }
      return em.find(Task.class, sid);
    }
    TypedQuery<Task> query =
        em.createQuery("select t from Task t join fetch t.workflow where t.sid = :sid", Task.class)
            .setParameter("sid", sid)
            .setHint(
                AvailableHints.HINT_SPEC_LOCK_TIMEOUT,
                skipLocked ? LockOptions.SKIP_LOCKED : LockOptions.WAIT_FOREVER);
    query.unwrap(Query.class).setLockMode("t", LockMode.PESSIMISTIC_WRITE);
    List<Task> rows = query.getResultList();
    return rows.isEmpty() ? null : rows.get(0);
  }

  /**
   * Locks the task row until commit with a plain {@code SELECT … FOR UPDATE}, waiting for a holder
   * to finish; the caller then re-reads the entity. Whether there was a row to lock. (Hibernate's
   * own pessimistic lock on an entity it loaded earlier also checks the version, and fails when
   * another transaction changed the row in between, which is exactly the case a lock is for.)
   */
  public boolean lockForUpdate(String sid) {
    return !em.createNativeQuery("select sid from task where sid = ?1 for update")
        .setParameter(1, sid)
        .getResultList()
        .isEmpty();
  }

  /** Locks the task row unless another transaction holds it (SKIP LOCKED); whether it did. */
  public boolean lockIfFree(String sid) {
    return !em.createNativeQuery("select sid from task where sid = ?1 for update skip locked")
        .setParameter(1, sid)
        .getResultList()
        .isEmpty();
  }

  /** The tasks waiting (pending or reserved) in a queue, oldest first. */
  public List<String> waitingIn(String queueSid) {
    return em.createQuery(
            "select t.sid from Task t where t.taskQueue.sid = :queue"
                + " and t.assignmentStatus in :waiting order by t.dateCreated",
            String.class)
        .setParameter("queue", queueSid)
        .setParameter("waiting", WAITING)
        .getResultList();
  }

  /** The waiting tasks the workflow routes. */
  public List<String> waitingIn(Workflow workflow) {
    return em.createQuery(
            "select t.sid from Task t where t.workflow = :w and t.assignmentStatus in :waiting",
            String.class)
        .setParameter("w", workflow)
        .setParameter("waiting", WAITING)
        .getResultList();
  }

  /**
   * The workspace's queues with their figures now, as rows of sid, friendly name, members,
   * available members, waiting tasks and the oldest waiting task's time of entering the queue (null
   * if none waits).
   */
  public List<Object[]> queueFiguresIn(String workspaceSid) {
    return em.createQuery(
            "select q.sid, q.friendlyName,"
                + " (select count(m) from QueueMember m where m.queueSid = q.sid),"
                + " (select count(m) from QueueMember m, Worker w where w.sid = m.workerSid"
                + "   and m.queueSid = q.sid and w.available = true),"
                + " (select count(t) from Task t where t.taskQueue = q"
                + "   and t.assignmentStatus in :waiting),"
                + " (select min(t.taskQueueEnteredDate) from Task t where t.taskQueue = q"
                + "   and t.assignmentStatus in :waiting)"
                + " from TaskQueue q where q.workspace.sid = :ws",
            Object[].class)
        .setParameter("ws", workspaceSid)
        .setParameter("waiting", WAITING)
        .getResultList();
  }

  /** How many waiting tasks of the task's queue are offered before it. */
  public long waitingAheadOf(Task task) {
    return em.createQuery(
            "select count(t) from Task t where t.taskQueue = :queue and t.sid <> :sid"
                + " and t.assignmentStatus in :waiting and (t.priority > :priority"
                + " or (t.priority = :priority and t.virtualStartTime < :start))",
            Long.class)
        .setParameter("queue", task.getTaskQueue())
        .setParameter("sid", task.getSid())
        .setParameter("waiting", WAITING)
        .setParameter("priority", task.getPriority())
        .setParameter("start", task.getVirtualStartTime())
        .getSingleResult();
  }

  /** Up to {@code max} waiting tasks whose time to live is over at {@code now}. */
  public List<String> expiredAt(Instant now, int max) {
    return em.createQuery(
            "select t.sid from Task t where t.assignmentStatus in :waiting and t.expiresAt <= :now",
            String.class)
        .setParameter("waiting", WAITING)
        .setParameter("now", now)
        .setMaxResults(max)
        .getResultList();
  }

  /** Up to {@code max} pending tasks whose workflow step times out at {@code now}. */
  public List<String> stepTimedOutAt(Instant now, int max) {
    return em.createQuery(
            "select t.sid from Task t where t.assignmentStatus = :pending"
                + " and t.stepDeadline <= :now",
            String.class)
        .setParameter("pending", TaskStatus.PENDING)
        .setParameter("now", now)
        .setMaxResults(max)
        .getResultList();
  }

  /** How many live tasks the workflow routes. */
  public long liveCountIn(Workflow workflow) {
    return em.createQuery(
            "select count(t) from Task t where t.workflow = :w and t.assignmentStatus in :live",
            Long.class)
        .setParameter("w", workflow)
        .setParameter("live", LIVE)
        .getSingleResult();
  }

  /** How many live tasks the queue holds. */
  public long liveCountIn(TaskQueue queue) {
    return em.createQuery(
            "select count(t) from Task t where t.taskQueue = :q and t.assignmentStatus in :live",
            Long.class)
        .setParameter("q", queue)
        .setParameter("live", LIVE)
        .getSingleResult();
  }

  /** How many tasks, in any state, use the channel. */
  public long countOn(TaskChannel channel) {
    return em.createQuery("select count(t) from Task t where t.taskChannel = :c", Long.class)
        .setParameter("c", channel)
        .getSingleResult();
  }

  /**
   * The workspace's live tasks counted by status and priority, of the queue or workflow whose sid
   * is given (at most one), on the task channel of this unique name if given: rows of ({@link
   * TaskStatus}, priority, count). Counted by the database: a workspace may hold 100,000 tasks.
   */
  public List<Object[]> liveCounts(
      String workspaceSid, String taskQueueSid, String workflowSid, String taskChannel) {
    // count(t.priority), not count(t): Hibernate writes count(t) as count(sid), and sid is not in
    // task_live_counts_idx, so PostgreSQL read every live task's row (100,000 waiting: 145 ms)
    // instead of counting the index alone (25 ms); priority is never null, so the counts are equal
    return live(
            "select t.assignmentStatus, t.priority, count(t.priority)",
            " group by t.assignmentStatus, t.priority",
            workspaceSid,
            taskQueueSid,
            workflowSid,
            taskChannel,
            Counted.LIVE)
        .getResultList();
  }

  /**
   * The waiting (pending or reserved) task that has waited longest, in the same scope as {@link
   * #liveCounts}: since its creation, or with {@code inQueue} since it entered its queue. A row of
   * (sid, that instant), or null if no task waits.
   */
  public Object[] longestWaiting(
      String workspaceSid,
      String taskQueueSid,
      String workflowSid,
      String taskChannel,
      boolean inQueue) {
    String since = inQueue ? "t.taskQueueEnteredDate" : "t.dateCreated";
    List<Object[]> rows =
        live(
                "select t.sid, " + since,
                (inQueue ? " and t.taskQueueEnteredDate is not null" : "")
                    + " order by "
                    + since
                    + ", t.sid",
                workspaceSid,
                taskQueueSid,
                workflowSid,
                taskChannel,
                Counted.WAITING)
            .setMaxResults(1)
            .getResultList();
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** Which of a workspace's tasks a read of {@link #live} takes. */
  private enum Counted {
    /** Every live task: pending, reserved, assigned or wrapping ({@link #LIVE}). */
    LIVE,
    /** The waiting tasks only: pending or reserved. */
    WAITING
  }

  private TypedQuery<Object[]> live(
      String select,
      String rest,
      String workspaceSid,
      String taskQueueSid,
      String workflowSid,
      String taskChannel,
      Counted counted) {
    // the waiting statuses as literals, not a parameter, so that PostgreSQL can use the partial
    // index of waiting tasks (task_queue_entered_idx) in a prepared statement's generic plan
    String jpql =
        select
            + " from Task t where t.workspace.sid = :ws and t.assignmentStatus in "
            + (counted == Counted.WAITING
                ? "(org.switchboard.domain.task.TaskStatus.PENDING,"
                    + " org.switchboard.domain.task.TaskStatus.RESERVED)"
                : ":statuses")
            + (taskQueueSid != null
                ? " and t.taskQueue.sid = :scope"
                : workflowSid != null ? " and t.workflow.sid = :scope" : "")
            + (taskChannel == null ? "" : " and t.taskChannel.uniqueName = :channel")
            + rest;
    TypedQuery<Object[]> query =
        em.createQuery(jpql, Object[].class).setParameter("ws", workspaceSid);
    if (counted == Counted.LIVE) {
      query.setParameter("statuses", LIVE);
    }
    if (taskQueueSid != null || workflowSid != null) {
      query.setParameter("scope", taskQueueSid != null ? taskQueueSid : workflowSid);
    }
    if (taskChannel != null) {
      query.setParameter("channel", taskChannel);
    }
    return query;
  }

  /** The transfers of a task, oldest first. */
  public List<TaskTransfer> transfersOf(String taskSid) {
    return em.createNamedQuery("TaskTransfer.ofTask", TaskTransfer.class)
        .setParameter("task", taskSid)
        .getResultList();
  }

  /** The transfer a transfer task carries, or null if the task is not a transfer task. */
  public TaskTransfer transferCarriedBy(String transferTaskSid) {
    return em.createNamedQuery("TaskTransfer.ofTransferTask", TaskTransfer.class)
        .setParameter("task", transferTaskSid)
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  /** The task's transfer under way, or null. */
  public TaskTransfer transferUnderWay(String taskSid) {
    return em.createNamedQuery("TaskTransfer.activeOf", TaskTransfer.class)
        .setParameter("task", taskSid)
        .setParameter("status", TaskTransfer.Status.INITIATED)
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  /** Every transfer of the task still under way. */
  public List<TaskTransfer> transfersUnderWay(String taskSid) {
    return em.createNamedQuery("TaskTransfer.activeOf", TaskTransfer.class)
        .setParameter("task", taskSid)
        .setParameter("status", TaskTransfer.Status.INITIATED)
        .getResultList();
  }

  /** Deletes the tasks of a workflow that is being deleted. */
  public void deleteOf(Workflow workflow) {
    em.createQuery("delete from Task t where t.workflow = :w")
        .setParameter("w", workflow)
        .executeUpdate();
  }

  /** Detaches the tasks of a queue that is being deleted from it. */
  public void detachFrom(TaskQueue queue) {
    em.createQuery("update Task t set t.taskQueue = null where t.taskQueue = :q")
        .setParameter("q", queue)
        .executeUpdate();
  }
}
