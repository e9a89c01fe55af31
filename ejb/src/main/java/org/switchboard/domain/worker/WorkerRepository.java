package org.switchboard.domain.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Set;
import org.hibernate.LockMode;
import org.hibernate.query.Query;
import org.switchboard.domain.shared.Queries;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.DatabaseKind;

/**
 * Workers and their capacity per channel ({@link WorkerChannel}) in the database, including the row
 * locks the routing core takes on workers. Runs in the caller's transaction and persistence
 * context. The matching queries read only the columns matching needs, as rows, so a pass over many
 * candidates loads no entities.
 */
@ApplicationScoped
public class WorkerRepository {

  @PersistenceContext private EntityManager em;
  @Inject private DatabaseKind database;

  /**
   * Locks the worker row until commit with a plain {@code SELECT … FOR UPDATE}, waiting for a
   * holder to finish.
   */
  public void lockForUpdate(String sid) {
    em.createNativeQuery("select sid from worker where sid = ?1 for update")
        .setParameter(1, sid)
        .getResultList();
  }

  /** Locks the worker row unless another transaction holds it (SKIP LOCKED); whether it did. */
  public boolean lockIfFree(String sid) {
    return !em.createNativeQuery("select sid from worker where sid = ?1 for update skip locked")
        .setParameter(1, sid)
        .getResultList()
        .isEmpty();
  }

  /**
   * The tables the first-free matches ({@link #firstFreeInIdleOrder}, {@link
   * #firstFreeAmongMembers}) read. Hibernate flushes what this transaction changed in them before
   * the statement runs, and leaves everything else (a new task, its events) to one flush at commit;
   * without them it would flush the whole persistence context, as for any native query.
   */
  private static final String[] FIRST_FREE_READS = {
    "worker_channel", "worker", "task_queue_member", "reservation"
  };

  /**
   * How many of the task channel's free channels (switched on, below capacity, of an available
   * worker: {@code worker_channel.worker_available}, which the database keeps in step with the
   * worker), longest idle first, {@link #firstFreeInIdleOrder} reads. On PostgreSQL they are read
   * from an index holding free channels only ({@code V16__FreeChannels}): offline and busy workers
   * keep the idle time they had before, so they lead the idle order, and the walk would otherwise
   * step over every one of them. The first eligible worker among them is the longest-idle eligible
   * worker of all, and when the queue holds a fair share of the free workers it is near the front;
   * a queue that holds few or none of them has none among them, and is matched from its members
   * ({@link #firstFreeAmongMembers}). Without the bound the walk read every available channel of
   * the workspace for such a queue (15,000 per statement in the scale benchmark, for a queue with
   * no members).
   */
  static final int IDLE_WINDOW = 64;

  /** {@link #IDLE_WINDOW}, which tests set to 0 to run the match from the members. */
  private int idleWindow = IDLE_WINDOW;

  /** What a worker must not have for a task to be offered it, and the workers already tried. */
  private static final String NOT_TRIED =
      " and not exists (select 1 from reservation r where r.task_sid = ?4"
          + " and r.worker_sid = w.sid"
          + " and r.reservation_status in ('PENDING', 'REJECTED', 'TIMEOUT'))"
          + " and w.sid <> all (string_to_array(?5, ','))";

  /**
   * The worker and worker channel sids of the longest-idle worker eligible for the task without a
   * target expression, not among {@code tried} (sids joined by commas), locked (skipping workers
   * other transactions hold), if it is among the {@link #IDLE_WINDOW} longest-idle free channels of
   * the task channel; null if it is not (there may be others: ask {@link #firstFreeAmongMembers}).
   * PostgreSQL only. Changes this transaction made to the tables it reads are flushed first.
   */
  public Object[] firstFreeInIdleOrder(Task task, String tried) {
    return firstFree(
        task,
        tried,
        "select w.sid, wc.sid as channel_sid from (select wc.sid, wc.worker_sid, wc.idle_since"
            + " from worker_channel wc"
            + " where wc.workspace_sid = ?1 and wc.task_channel_sid = ?2 and wc.available"
            + " and wc.worker_available"
            + capacity(task)
            + " order by wc.idle_since, wc.sid limit "
            + idleWindow
            + ") wc join worker w on w.sid = wc.worker_sid"
            + " where w.available"
            + " and exists (select 1 from task_queue_member m"
            + " where m.task_queue_sid = ?3 and m.worker_sid = w.sid)"
            + NOT_TRIED
            + " order by wc.idle_since, wc.sid limit 1 for update of w skip locked");
  }

  /**
   * The same as {@link #firstFreeInIdleOrder} without the window, read from the queue's members
   * (each one's channel and worker in a LATERAL subquery, which its LIMIT keeps apart, so the plan
   * reads them by their unique indexes and cannot turn into the walk along every channel), and
   * without a lock: the caller locks the worker it is given, and asks again if another transaction
   * holds it. Reads every member of the queue.
   */
  public Object[] firstFreeAmongMembers(Task task, String tried) {
    return firstFree(
        task,
        tried,
        "select w.sid, w.channel_sid from task_queue_member m"
            + " cross join lateral (select wk.sid, wc.sid as channel_sid, wc.idle_since"
            + " from worker_channel wc join worker wk on wk.sid = wc.worker_sid"
            + " where wc.worker_sid = m.worker_sid and wc.task_channel_sid = ?2"
            + " and wc.workspace_sid = ?1 and wc.available and wk.available"
            + capacity(task)
            + " limit 1) w"
            + " where m.task_queue_sid = ?3"
            + NOT_TRIED
            + " order by w.idle_since, w.channel_sid limit 1");
  }

  private static String capacity(Task task) {
    return task.isIgnoreCapacity() ? "" : " and wc.assigned_tasks < wc.configured_capacity";
  }

  private Object[] firstFree(Task task, String tried, String sql) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(sql)
            .setParameter(1, task.getWorkspace().getSid())
            .setParameter(2, task.getTaskChannel().getSid())
            .setParameter(3, task.getTaskQueue().getSid())
            .setParameter(4, task.getSid())
            .setParameter(5, tried)
            .setHint(Queries.NATIVE_SPACES, FIRST_FREE_READS)
            .getResultList();
    return rows.isEmpty() ? null : rows.get(0);
  }

  /**
   * Up to {@code max} available members of the task's queue with room on its channel, from {@code
   * offset}, longest idle first: rows of worker sid, friendly name, attributes, worker channel sid
   * and activity name.
   */
  public List<Object[]> candidatesFor(Task task, int offset, int max) {
    String capacity =
        task.isIgnoreCapacity() ? "" : " and wc.assignedTasks < wc.configuredCapacity";
    return em.createQuery(
            "select w.sid, w.friendlyName, w.attributes, wc.sid, w.activity.friendlyName"
                + " from WorkerChannel wc join wc.worker w"
                + " where wc.workspaceSid = :workspace and wc.taskChannel.sid = :channel"
                + " and wc.available = true and w.available = true"
                + capacity
                + " and exists (select m from QueueMember m"
                + " where m.queueSid = :queue and m.workerSid = w.sid)"
                + " order by wc.idleSince asc, wc.sid asc",
            Object[].class)
        .setParameter("workspace", task.getWorkspace().getSid())
        .setParameter("channel", task.getTaskChannel().getSid())
        .setParameter("queue", task.getTaskQueue().getSid())
        .setFirstResult(offset)
        .setMaxResults(max)
        .getResultList();
  }

  /**
   * The worker channels of the workspace (or of one worker when {@code workerSid} is not null) as
   * rows of worker sid, channel unique name, configured capacity, assigned tasks and availability.
   */
  public List<Object[]> channelFieldsIn(String workspaceSid, String workerSid) {
    TypedQuery<Object[]> query =
        em.createQuery(
                "select wc.worker.sid, wc.taskChannel.uniqueName, wc.configuredCapacity,"
                    + " wc.assignedTasks, wc.available from WorkerChannel wc"
                    + " where wc.workspaceSid = :workspace"
                    + (workerSid == null ? "" : " and wc.worker.sid = :worker"),
                Object[].class)
            .setParameter("workspace", workspaceSid);
    if (workerSid != null) {
      query.setParameter("worker", workerSid);
    }
    return query.getResultList();
  }

  /**
   * The worker's capacity record on a task channel as the database has it now (call with the worker
   * locked). The row's version is read with it: a record this transaction read earlier is read
   * again only if the row changed since (every change of a worker channel goes through the entity,
   * so changes its version), which spares the common case a second statement.
   */
  public WorkerChannel currentChannelOf(Worker worker, String taskChannelSid) {
    Object[] row =
        em.createQuery(
                "select wc, wc.version from WorkerChannel wc where wc.worker = :worker"
                    + " and wc.taskChannel.sid = :channel",
                Object[].class)
            .setParameter("worker", worker)
            .setParameter("channel", taskChannelSid)
            .getSingleResult();
    WorkerChannel channel = (WorkerChannel) row[0];
    refreshIfChanged(channel, channel.getVersion(), row[1]);
    return channel;
  }

  /**
   * A capacity record and its worker as the database has them now (call with the worker locked), in
   * one statement: a routing pass that has just locked the worker it chose reads both. Each entity
   * this transaction read earlier is read again only if its row changed since, as in {@link
   * #currentChannelOf}.
   */
  public WorkerChannel currentChannelWithWorker(String channelSid) {
    Object[] row =
        em.createQuery(
                "select wc, wc.version, wc.worker.version from WorkerChannel wc"
                    + " join fetch wc.worker where wc.sid = :sid",
                Object[].class)
            .setParameter("sid", channelSid)
            .getSingleResult();
    WorkerChannel channel = (WorkerChannel) row[0];
    refreshIfChanged(channel, channel.getVersion(), row[1]);
    refreshIfChanged(channel.getWorker(), channel.getWorker().getVersion(), row[2]);
    return channel;
  }

  /**
   * Locks the worker row until commit and reads its capacity record on a task channel as the
   * database has it then: one statement on PostgreSQL, which locks the record's row too ({@code FOR
   * UPDATE OF} both: after waiting for a holder, PostgreSQL re-reads the rows a statement locks,
   * and would give a row of the join that it does not lock as it was before the wait, while the
   * holder may have changed the capacity); a lock and a read elsewhere. A record this transaction
   * read earlier is read again only if its row changed since. A query with locks on its two aliases
   * ({@code … for no key update of w1_0, wc1_0}), not a native query, whose entity columns
   * Hibernate would map anew on every call (see {@code TaskRepository.lockAndRead}).
   */
  public WorkerChannel lockWithChannel(Worker worker, String taskChannelSid) {
    if (!database.isPostgres()) {
      lockForUpdate(worker.getSid());
      return currentChannelOf(worker, taskChannelSid);
    }
    TypedQuery<Object[]> query =
        em.createQuery(
                "select wc, wc.version from WorkerChannel wc join wc.worker w"
                    + " where w.sid = :worker and wc.taskChannel.sid = :channel",
                Object[].class)
            .setParameter("worker", worker.getSid())
            .setParameter("channel", taskChannelSid);
    query
        .unwrap(Query.class)
        .setLockMode("w", LockMode.PESSIMISTIC_WRITE)
        .setLockMode("wc", LockMode.PESSIMISTIC_WRITE);
    Object[] row = query.getSingleResult();
    WorkerChannel channel = (WorkerChannel) row[0];
    refreshIfChanged(channel, channel.getVersion(), row[1]);
    return channel;
  }

  /**
   * Reads an entity again if the version this transaction holds is not its row's ({@code
   * rowVersion}, read with it): a row read earlier by the transaction and changed since.
   */
  private void refreshIfChanged(Object entity, long heldVersion, Object rowVersion) {
    if (heldVersion != ((Number) rowVersion).longValue()) {
      em.refresh(entity);
    }
  }

  /** The worker's capacity records, in creation order. */
  public List<WorkerChannel> channelsOf(Worker worker) {
    return em.createQuery(
            "select c from WorkerChannel c where c.worker = :w order by c.dateCreated, c.sid",
            WorkerChannel.class)
        .setParameter("w", worker)
        .getResultList();
  }

  /** The task channel's capacity records of the queue's members. */
  public List<WorkerChannel> channelsInQueue(String taskChannelSid, String queueSid) {
    return em.createQuery(
            "select c from WorkerChannel c where c.taskChannel.sid = :channel"
                + " and exists (select m from QueueMember m where m.queueSid = :queue"
                + " and m.workerSid = c.worker.sid)",
            WorkerChannel.class)
        .setParameter("channel", taskChannelSid)
        .setParameter("queue", queueSid)
        .getResultList();
  }

  /** Whether the worker has room on any available channel. */
  public boolean anyRoomLeft(Worker worker) {
    return em.createQuery(
                "select count(wc) from WorkerChannel wc where wc.worker = :worker"
                    + " and wc.available = true and wc.assignedTasks < wc.configuredCapacity",
                Long.class)
            .setParameter("worker", worker)
            .getSingleResult()
        > 0;
  }

  /** How many tasks the worker holds, over all its channels. */
  public long tasksHeldBy(Worker worker) {
    return em.createQuery(
            "select coalesce(sum(wc.assignedTasks), 0) from WorkerChannel wc"
                + " where wc.worker = :worker",
            Long.class)
        .setParameter("worker", worker)
        .getSingleResult();
  }

  /** The members of the queue. */
  public List<Worker> membersOf(String queueSid) {
    return em.createQuery(
            "select w from Worker w where exists (select m from QueueMember m"
                + " where m.queueSid = :queue and m.workerSid = w.sid)",
            Worker.class)
        .setParameter("queue", queueSid)
        .getResultList();
  }

  /** How many members the queue has, or how many of them are available. */
  public long countMembersOf(String queueSid, boolean availableOnly) {
    return em.createQuery(
            "select count(w) from Worker w where exists (select m from QueueMember m"
                + " where m.queueSid = :queue and m.workerSid = w.sid)"
                + (availableOnly ? " and w.available = true" : ""),
            Long.class)
        .setParameter("queue", queueSid)
        .getSingleResult();
  }

  /** The workers of the workspace. */
  public List<Worker> allIn(Workspace workspace) {
    return em.createQuery("select w from Worker w where w.workspace = :ws", Worker.class)
        .setParameter("ws", workspace)
        .getResultList();
  }

  /**
   * The workers of a workspace counted by activity and availability: rows of (activity sid,
   * available, count). Only the members of the queue whose sid is given, if given; only the workers
   * with these sids, unless {@code only} is null; with a channel's unique name, only the workers
   * with capacity on that channel. Counted by the database: a workspace may hold 15,000 workers.
   */
  public List<Object[]> countsByActivity(
      String workspaceSid, String taskQueueSid, Set<String> only, String channel) {
    TypedQuery<Object[]> query =
        em.createQuery(
                "select w.activity.sid, w.available, count(w) from Worker w where "
                    + workersWhere(taskQueueSid, only, channel)
                    + " group by w.activity.sid, w.available",
                Object[].class)
            .setParameter("ws", workspaceSid);
    bindWorkersWhere(query, taskQueueSid, only, channel);
    return query.getResultList();
  }

  /**
   * When each worker in scope (as {@link #countsByActivity} without a channel) entered her current
   * activity: rows of (activity sid, date status changed).
   */
  public List<Object[]> currentStays(String workspaceSid, Set<String> only) {
    TypedQuery<Object[]> query =
        em.createQuery(
                "select w.activity.sid, w.dateStatusChanged from Worker w where "
                    + workersWhere(null, only, null),
                Object[].class)
            .setParameter("ws", workspaceSid);
    bindWorkersWhere(query, null, only, null);
    return query.getResultList();
  }

  /**
   * The sids of the workspace's workers: the members of the queue whose sid is given, if given; of
   * this friendly name, if given.
   */
  public List<String> sidsIn(String workspaceSid, String taskQueueSid, String friendlyName) {
    TypedQuery<String> query =
        em.createQuery(
                "select w.sid from Worker w where "
                    + workersWhere(taskQueueSid, null, null)
                    + (friendlyName == null ? "" : " and w.friendlyName = :name"),
                String.class)
            .setParameter("ws", workspaceSid);
    bindWorkersWhere(query, taskQueueSid, null, null);
    if (friendlyName != null) {
      query.setParameter("name", friendlyName);
    }
    return query.getResultList();
  }

  private static String workersWhere(String taskQueueSid, Set<String> only, String channel) {
    return "w.workspace.sid = :ws"
        + (taskQueueSid == null
            ? ""
            : " and w.sid in (select m.workerSid from QueueMember m where m.queueSid = :queue)")
        + (only == null ? "" : " and w.sid in :only")
        + (channel == null
            ? ""
            : " and exists (select 1 from WorkerChannel wc where wc.worker = w"
                + " and wc.taskChannel.uniqueName = :channel and wc.configuredCapacity > 0)");
  }

  private static void bindWorkersWhere(
      TypedQuery<?> query, String taskQueueSid, Set<String> only, String channel) {
    if (taskQueueSid != null) {
      query.setParameter("queue", taskQueueSid);
    }
    if (only != null) {
      query.setParameter("only", only);
    }
    if (channel != null) {
      query.setParameter("channel", channel);
    }
  }

  /** How many workers the workspace has. */
  public long countIn(String workspaceSid) {
    return em.createQuery("select count(w) from Worker w where w.workspace.sid = :ws", Long.class)
        .setParameter("ws", workspaceSid)
        .getSingleResult();
  }

  /** The sids of the workspace's workers with this friendly name. */
  public List<String> sidsNamed(String workspaceSid, String name) {
    return em.createQuery(
            "select w.sid from Worker w where w.workspace.sid = :ws and w.friendlyName = :name",
            String.class)
        .setParameter("ws", workspaceSid)
        .setParameter("name", name)
        .getResultList();
  }

  /** How many workers are in the activity. */
  public long countIn(Activity activity) {
    return em.createQuery("select count(w) from Worker w where w.activity = :a", Long.class)
        .setParameter("a", activity)
        .getSingleResult();
  }

  /** The workspace's workers as rows of sid, availability and attributes. */
  public List<Object[]> availabilityAndAttributesIn(String workspaceSid) {
    return em.createQuery(
            "select w.sid, w.available, w.attributes from Worker w where w.workspace.sid = :ws",
            Object[].class)
        .setParameter("ws", workspaceSid)
        .getResultList();
  }

  /** The worker's attributes and friendly name, read from its row. */
  public Object[] attributesAndName(String sid) {
    return (Object[])
        em.createNativeQuery("select attributes, friendly_name from worker where sid = ?1")
            .setParameter(1, sid)
            .getSingleResult();
  }

  /** The workspace's workers as rows of sid, attributes and friendly name, read from the table. */
  @SuppressWarnings("unchecked")
  public List<Object[]> attributesAndNamesIn(String workspaceSid) {
    return em.createNativeQuery(
            "select sid, attributes, friendly_name from worker where workspace_sid = ?1")
        .setParameter(1, workspaceSid)
        .getResultList();
  }

  /** Deletes the capacity records of a worker that is being deleted. */
  public void deleteChannelsOf(Worker worker) {
    em.createQuery("delete from WorkerChannel c where c.worker = :w")
        .setParameter("w", worker)
        .executeUpdate();
  }

  /** Deletes every worker's capacity record on a task channel that is being deleted. */
  public void deleteChannelsOf(TaskChannel channel) {
    em.createQuery("delete from WorkerChannel w where w.taskChannel = :c")
        .setParameter("c", channel)
        .executeUpdate();
  }
}
