package org.switchboard.domain.taskqueue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.List;
import org.switchboard.domain.shared.Queries;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.Workspace;

/**
 * Task queues and their members ({@link QueueMember}, the {@code task_queue_member} rows that
 * {@code routing.QueueMembership} keeps) in the database. Runs in the caller's transaction and
 * persistence context. Membership is written with native statements, many rows per statement.
 */
@ApplicationScoped
public class TaskQueueRepository {

  private static final int INSERT_CHUNK = 500;

  @PersistenceContext private EntityManager em;

  /**
   * Locks the workspace row for a recomputation of membership. On PostgreSQL ({@code postgres})
   * {@code FOR NO KEY UPDATE}: the transaction has usually inserted rows that reference the
   * workspace, which holds a {@code KEY SHARE} lock on it, and {@code FOR UPDATE} would conflict
   * with other such transactions' {@code KEY SHARE} (a deadlock between two worker creations);
   * {@code NO KEY UPDATE} conflicts only with itself and stronger locks. H2 takes no locks for
   * foreign keys and knows only {@code FOR UPDATE}.
   */
  public void lockMembershipOf(String workspaceSid, boolean postgres) {
    em.createNativeQuery(
            "select sid from workspace where sid = ?1 "
                + (postgres ? "for no key update" : "for update"))
        .setParameter(1, workspaceSid)
        .getResultList();
  }

  /** The queue's {@code target_workers} expression, read from its row. */
  public String targetWorkersOf(String queueSid) {
    return (String)
        em.createNativeQuery("select target_workers from task_queue where sid = ?1")
            .setParameter(1, queueSid)
            .getSingleResult();
  }

  /** The workspace's queues as rows of sid and {@code target_workers}, read from the table. */
  @SuppressWarnings("unchecked")
  public List<Object[]> targetWorkersIn(String workspaceSid) {
    return em.createNativeQuery(
            "select sid, target_workers from task_queue where workspace_sid = ?1")
        .setParameter(1, workspaceSid)
        .getResultList();
  }

  /** Deletes the worker's membership rows. */
  public void removeMemberships(String workerSid) {
    em.createNativeQuery("delete from task_queue_member where worker_sid = ?1")
        .setHint(Queries.NATIVE_SPACES, "task_queue_member")
        .setParameter(1, workerSid)
        .executeUpdate();
  }

  /** Deletes the queue's membership rows. */
  public void removeMembers(String queueSid) {
    em.createNativeQuery("delete from task_queue_member where task_queue_sid = ?1")
        .setHint(Queries.NATIVE_SPACES, "task_queue_member")
        .setParameter(1, queueSid)
        .executeUpdate();
  }

  /** Inserts (queue, worker) pairs, many per statement: a queue may let in 15,000 workers. */
  public void addMembers(List<String[]> members) {
    for (int from = 0; from < members.size(); from += INSERT_CHUNK) {
      List<String[]> chunk = members.subList(from, Math.min(members.size(), from + INSERT_CHUNK));
      StringBuilder sql =
          new StringBuilder("insert into task_queue_member (task_queue_sid, worker_sid) values ");
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append("(?").append(2 * i + 1).append(", ?");
        sql.append(2 * i + 2).append(')');
      }
      Query insert =
          em.createNativeQuery(sql.toString()).setHint(Queries.NATIVE_SPACES, "task_queue_member");
      for (int i = 0; i < chunk.size(); i++) {
        insert.setParameter(2 * i + 1, chunk.get(i)[0]);
        insert.setParameter(2 * i + 2, chunk.get(i)[1]);
      }
      insert.executeUpdate();
    }
  }

  /** Records that the queue's membership rows have been computed. */
  public void markMembersBuilt(String queueSid) {
    em.createNativeQuery("update task_queue set members_built = true where sid = ?1")
        .setHint(Queries.NATIVE_SPACES, "task_queue")
        .setParameter(1, queueSid)
        .executeUpdate();
  }

  /**
   * The queues whose rows were never computed (they existed before membership was kept), as rows of
   * workspace sid and queue sid.
   */
  public List<Object[]> withoutMembers() {
    @SuppressWarnings("unchecked")
    List<Object[]> stale =
        em.createNativeQuery(
                "select workspace_sid, sid from task_queue where members_built = false")
            .getResultList();
    return stale;
  }

  /** The queues the worker is a member of, by sid. */
  public List<String> queuesOf(String workerSid) {
    return em.createQuery(
            "select m.queueSid from QueueMember m where m.workerSid = :worker"
                + " order by m.queueSid",
            String.class)
        .setParameter("worker", workerSid)
        .getResultList();
  }

  /** How many members the queue has, or how many of them are available. */
  public int memberCount(String queueSid, boolean availableOnly) {
    return em.createQuery(
            "select count(m) from QueueMember m, Worker w where w.sid = m.workerSid"
                + " and m.queueSid = :queue"
                + (availableOnly ? " and w.available = true" : ""),
            Long.class)
        .setParameter("queue", queueSid)
        .getSingleResult()
        .intValue();
  }

  /** The attributes of the queue's available members. */
  public List<String> availableMemberAttributes(String queueSid) {
    return em.createQuery(
            "select w.attributes from QueueMember m, Worker w where w.sid = m.workerSid"
                + " and m.queueSid = :queue and w.available = true",
            String.class)
        .setParameter("queue", queueSid)
        .getResultList();
  }

  /** The workspace's membership rows as (queue sid, worker sid). */
  public List<Object[]> membershipsIn(String workspaceSid) {
    return em.createQuery(
            "select m.queueSid, m.workerSid from QueueMember m, TaskQueue q"
                + " where q.sid = m.queueSid and q.workspace.sid = :ws",
            Object[].class)
        .setParameter("ws", workspaceSid)
        .getResultList();
  }

  /** The workspace's queues as rows of sid and friendly name. */
  public List<Object[]> namesIn(String workspaceSid) {
    return em.createQuery(
            "select q.sid, q.friendlyName from TaskQueue q where q.workspace.sid = :ws",
            Object[].class)
        .setParameter("ws", workspaceSid)
        .getResultList();
  }

  /** The sid of the oldest of the workspace's queues with this friendly name, if any. */
  public List<String> firstNamed(String workspaceSid, String name) {
    return em.createQuery(
            "select q.sid from TaskQueue q where q.workspace.sid = :ws"
                + " and q.friendlyName = :name order by q.dateCreated, q.sid",
            String.class)
        .setParameter("ws", workspaceSid)
        .setParameter("name", name)
        .setMaxResults(1)
        .getResultList();
  }

  /** The workspace's queues with this sid or this friendly name. */
  public List<TaskQueue> withSidOrName(String workspaceSid, String sid, String name) {
    return em.createQuery(
            "select q from TaskQueue q where q.workspace.sid = :ws"
                + " and (q.sid = :sid or q.friendlyName = :name)",
            TaskQueue.class)
        .setParameter("ws", workspaceSid)
        .setParameter("sid", sid)
        .setParameter("name", name)
        .getResultList();
  }

  /** The workspace's queues with this sid if it is given, else with this friendly name. */
  public List<TaskQueue> withSidElseName(String workspaceSid, String sid, String name) {
    return em.createQuery(
            "select q from TaskQueue q where q.workspace.sid = :ws"
                + (sid != null ? " and q.sid = :q" : " and q.friendlyName = :q"),
            TaskQueue.class)
        .setParameter("ws", workspaceSid)
        .setParameter("q", sid != null ? sid : name)
        .getResultList();
  }

  /** How many queues the workspace has. */
  public long countIn(Workspace workspace) {
    return em.createQuery("select count(q) from TaskQueue q where q.workspace = :ws", Long.class)
        .setParameter("ws", workspace)
        .getSingleResult();
  }

  /** How many queues move their workers to the activity on reservation or assignment. */
  public long countUsing(Activity activity) {
    return em.createQuery(
            "select count(q) from TaskQueue q where q.reservationActivity = :a"
                + " or q.assignmentActivity = :a",
            Long.class)
        .setParameter("a", activity)
        .getSingleResult();
  }
}
