package org.switchboard.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.taskqueue.TaskQueueRepository;
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

  @PersistenceContext private EntityManager em;

  @Inject private DatabaseKind database;

  @Inject private WorkerRepository workers;

  @Inject private TaskQueueRepository queues;

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
    queues.removeMemberships(workerSid);
    List<String[]> members = new ArrayList<>();
    for (Object[] queue : queues.targetWorkersIn(workspaceSid)) {
      if (expressions.overWorker((String) queue[1]).test(document)) {
        members.add(new String[] {(String) queue[0], workerSid});
      }
    }
    queues.addMembers(members);
  }

  /** Recomputes the workers of one queue. */
  public void refreshQueue(String workspaceSid, String queueSid) {
    em.flush();
    lockWorkspace(workspaceSid);
    String targetWorkers = queues.targetWorkersOf(queueSid);
    Predicate<Map<String, Object>> test = expressions.overWorker(targetWorkers);
    queues.removeMembers(queueSid);
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
    queues.addMembers(members);
    queues.markMembersBuilt(queueSid);
  }

  /** The queues whose rows were never computed (they existed before membership was kept). */
  public List<Object[]> staleQueues() {
    return queues.withoutMembers();
  }

  /** Locks the workspace row (see {@link TaskQueueRepository#lockMembershipOf}). */
  private void lockWorkspace(String workspaceSid) {
    queues.lockMembershipOf(workspaceSid, database.isPostgres());
  }
}
