package org.switchboard.routing;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.application.RoutingService;
import org.switchboard.domain.event.RouterEvent;

/**
 * Everything that can change who is eligible for what re-routes: after a transaction commits, each
 * of its events that matters (a task created or updated, a worker becoming available, capacity
 * freed, a reservation declined) schedules a routing pass for the task or the worker, on the
 * container's managed executor, in a transaction of its own. Passes already queued for the same
 * task or worker are not queued twice.
 */
@ApplicationScoped
public class RoutingTriggers {

  private static final Logger LOG = Logger.getLogger(RoutingTriggers.class.getName());

  private static final Set<String> TASK_EVENTS =
      Set.of("task.created", "task.updated", "reservation.rejected", "workflow.entered");

  private static final Set<String> WORKER_EVENTS =
      Set.of(
          "worker.created",
          "worker.activity.update",
          "worker.attributes.update",
          "worker.capacity.update",
          "worker.channel.availability.update",
          "reservation.rejected",
          "reservation.timeout",
          "reservation.canceled",
          "reservation.rescinded",
          "reservation.completed");

  @Resource private ManagedExecutorService executor;
  @EJB private RoutingService routing;

  private final Set<String> queued = ConcurrentHashMap.newKeySet();

  void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) RouterEvent event) {
    if (TASK_EVENTS.contains(event.getEventType()) && event.getTaskSid() != null) {
      schedule("task:" + event.getTaskSid(), () -> routing.routeTask(event.getTaskSid()));
    }
    if (WORKER_EVENTS.contains(event.getEventType()) && event.getWorkerSid() != null) {
      schedule("worker:" + event.getWorkerSid(), () -> routing.routeWorker(event.getWorkerSid()));
    }
  }

  void onReroute(@Observes(during = TransactionPhase.AFTER_SUCCESS) Reroute reroute) {
    for (String task : reroute.taskSids()) {
      schedule("task:" + task, () -> routing.routeTask(task));
    }
  }

  private void schedule(String key, Runnable pass) {
    if (!queued.add(key)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            queued.remove(key);
            try {
              pass.run();
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "Routing pass for " + key + " failed", e);
            }
          });
    } catch (RejectedExecutionException e) {
      queued.remove(key);
      LOG.log(Level.WARNING, "Routing pass for " + key + " not scheduled", e);
    }
  }

  @PreDestroy
  void clear() {
    queued.clear();
  }
}
