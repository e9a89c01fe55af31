package org.switchboard.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.task.TaskRepository;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.taskqueue.TaskQueueRepository;
import org.switchboard.routing.rules.QueueFact;
import org.switchboard.routing.rules.WorkerQuery;

/**
 * What rule sets read of a workspace at the moment of a decision: its queues with their live
 * figures ({@link QueueFact}), answers to the global {@code workers} ({@link WorkerQuery}), and a
 * queue named by a rule (sid or friendly name) resolved to its sid. Read-only.
 */
@ApplicationScoped
public class RuleSetFacts {

  @PersistenceContext private EntityManager em;
  @Inject private Expressions expressions;
  @Inject private TaskRepository tasks;
  @Inject private TaskQueueRepository queues;

  /** Friendly name to sid, per workspace; checked against the queue on every use. */
  private final Map<String, String> names = new ConcurrentHashMap<>();

  /** The workspace's queues with their figures now. */
  public List<QueueFact> queues(String workspaceSid, Instant now) {
    List<Object[]> rows = tasks.queueFiguresIn(workspaceSid);
    List<QueueFact> facts = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      Instant oldest = (Instant) row[5];
      facts.add(
          new QueueFact(
              (String) row[0],
              (String) row[1],
              ((Number) row[2]).intValue(),
              ((Number) row[3]).intValue(),
              ((Number) row[4]).intValue(),
              oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).getSeconds())));
    }
    return facts;
  }

  /** The global {@code workers} for decisions in this workspace. */
  public WorkerQuery workers(String workspaceSid) {
    return new WorkerQuery() {
      @Override
      public int members(String queue) {
        String sid = resolve(workspaceSid, queue);
        return sid == null ? 0 : queues.memberCount(sid, false);
      }

      @Override
      public int available(String queue) {
        String sid = resolve(workspaceSid, queue);
        return sid == null ? 0 : queues.memberCount(sid, true);
      }

      @Override
      public int availableMatching(String queue, String expression) {
        String sid = resolve(workspaceSid, queue);
        if (sid == null) {
          return 0;
        }
        BiPredicate<Map<String, Object>, Map<String, Object>> test =
            expressions.overTaskAndWorker(expression);
        Map<String, Object> noTask = Map.of();
        int matching = 0;
        for (String attributes : queues.availableMemberAttributes(sid)) {
          if (test.test(noTask, expressions.attributes(attributes))) {
            matching++;
          }
        }
        return matching;
      }
    };
  }

  /**
   * The sid of the workspace's queue a rule names by sid or friendly name, or null when there is
   * none.
   */
  public String resolve(String workspaceSid, String queue) {
    if (queue == null) {
      return null;
    }
    if (Sid.TASK_QUEUE.matches(queue)) {
      TaskQueue found = em.find(TaskQueue.class, queue);
      return found != null && found.getWorkspace().getSid().equals(workspaceSid) ? queue : null;
    }
    String key = workspaceSid + "/" + queue;
    String known = names.get(key);
    if (known != null) {
      TaskQueue found = em.find(TaskQueue.class, known);
      if (found != null && found.getFriendlyName().equals(queue)) {
        return known;
      }
      names.remove(key);
    }
    List<String> sids = queues.firstNamed(workspaceSid, queue);
    if (sids.isEmpty()) {
      return null;
    }
    names.put(key, sids.get(0));
    return sids.get(0);
  }
}
