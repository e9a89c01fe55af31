package org.switchboard.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.worker.WorkerRepository;
import org.switchboard.infrastructure.jpa.DatabaseKind;

/**
 * Keeps {@code task_queue_member} true: which workers a queue's {@code target_workers} lets in. A
 * worker's rows are recomputed, in the same transaction, when it is created or its attributes
 * change; a queue's when it is created or updated; rows go with their worker or queue (foreign keys
 * on delete cascade). Routing then finds a queue's available workers with one indexed query.
 *
 * <p>Both kinds of recomputation first lock the workspace row, so a worker's new attributes and a
 * queue's new expression are never each evaluated against the other's old value (a write skew that
 * would leave the pair's row wrong): whichever commits second sees the first.
 */
@ApplicationScoped
public class QueueMembership {

  private static final int INSERT_CHUNK = 500;

  @PersistenceContext private EntityManager em;

  @Inject private DatabaseKind database;

  @Inject private WorkerRepository workers;

  @Inject private Expressions expressions;

  /** Runs inside the transaction that records the event. */
  public void onRecorded(@Observes RouterEvent event) {
    switch (event.type()) {
      case WORKER_CREATED, WORKER_ATTRIBUTES_UPDATE ->
          refreshWorker(event.getWorkspaceSid(), event.getResourceSid());
      case TASK_QUEUE_CREATED, TASK_QUEUE_UPDATED ->
          refreshQueue(event.getWorkspaceSid(), event.getResourceSid());
      default -> {
        // nothing else changes membership
      }
    }
  }

  /** Recomputes the queues of one worker. */
  public void refreshWorker(String workspaceSid, String workerSid) {
    em.flush();
    lockWorkspace(workspaceSid);
    Object[] worker = workers.attributesAndName(workerSid);
    Map<String, Object> document =
        WorkerView.of(
            expressions.attributes((String) worker[0]), workerSid, (String) worker[1], null, null);
    em.createNativeQuery("delete from task_queue_member where worker_sid = ?1")
        .setParameter(1, workerSid)
        .executeUpdate();
    List<String[]> members = new ArrayList<>();
    for (Object[] queue : rows("select sid, target_workers from task_queue", workspaceSid)) {
      if (expressions.overWorker((String) queue[1]).test(document)) {
        members.add(new String[] {(String) queue[0], workerSid});
      }
    }
    insert(members);
  }

  /** Recomputes the workers of one queue. */
  public void refreshQueue(String workspaceSid, String queueSid) {
    em.flush();
    lockWorkspace(workspaceSid);
    String targetWorkers =
        (String)
            em.createNativeQuery("select target_workers from task_queue where sid = ?1")
                .setParameter(1, queueSid)
                .getSingleResult();
    Predicate<Map<String, Object>> test = expressions.overWorker(targetWorkers);
    em.createNativeQuery("delete from task_queue_member where task_queue_sid = ?1")
        .setParameter(1, queueSid)
        .executeUpdate();
    List<String[]> members = new ArrayList<>();
    for (Object[] worker : workers.attributesAndNamesIn(workspaceSid)) {
      if (test.test(
          WorkerView.of(
              expressions.attributes((String) worker[1]),
              (String) worker[0],
              (String) worker[2],
              null,
              null))) {
        members.add(new String[] {queueSid, (String) worker[0]});
      }
    }
    insert(members);
    em.createNativeQuery("update task_queue set members_built = true where sid = ?1")
        .setParameter(1, queueSid)
        .executeUpdate();
  }

  /** The queues whose rows were never computed (they existed before membership was kept). */
  public List<Object[]> staleQueues() {
    @SuppressWarnings("unchecked")
    List<Object[]> stale =
        em.createNativeQuery(
                "select workspace_sid, sid from task_queue where members_built = false")
            .getResultList();
    return stale;
  }

  /**
   * On PostgreSQL {@code FOR NO KEY UPDATE}: the transaction has usually inserted rows that
   * reference the workspace, which holds a {@code KEY SHARE} lock on it, and {@code FOR UPDATE}
   * would conflict with other such transactions' {@code KEY SHARE} (a deadlock between two worker
   * creations); {@code NO KEY UPDATE} conflicts only with itself and stronger locks. H2 takes no
   * locks for foreign keys and knows only {@code FOR UPDATE}.
   */
  private void lockWorkspace(String workspaceSid) {
    em.createNativeQuery("select sid from workspace where sid = ?1 " + lockClause())
        .setParameter(1, workspaceSid)
        .getResultList();
  }

  private String lockClause() {
    return database.isPostgres() ? "for no key update" : "for update";
  }

  @SuppressWarnings("unchecked")
  private List<Object[]> rows(String select, String workspaceSid) {
    return em.createNativeQuery(select + " where workspace_sid = ?1")
        .setParameter(1, workspaceSid)
        .getResultList();
  }

  /** Inserts (queue, worker) pairs, many per statement: a queue may let in 15,000 workers. */
  private void insert(List<String[]> members) {
    for (int from = 0; from < members.size(); from += INSERT_CHUNK) {
      List<String[]> chunk = members.subList(from, Math.min(members.size(), from + INSERT_CHUNK));
      StringBuilder sql =
          new StringBuilder("insert into task_queue_member (task_queue_sid, worker_sid) values ");
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append("(?").append(2 * i + 1).append(", ?");
        sql.append(2 * i + 2).append(')');
      }
      Query insert = em.createNativeQuery(sql.toString());
      for (int i = 0; i < chunk.size(); i++) {
        insert.setParameter(2 * i + 1, chunk.get(i)[0]);
        insert.setParameter(2 * i + 2, chunk.get(i)[1]);
      }
      insert.executeUpdate();
    }
  }
}
