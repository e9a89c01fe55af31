package org.switchboard.application;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.routing.Reroute;

/**
 * Everything that can change who is eligible for what re-routes: after a transaction commits, each
 * of its events that matters (a task created or updated, a worker becoming available, capacity
 * freed, a reservation declined) schedules a routing pass for the task or the worker, on the
 * container's managed executor, in a transaction of its own. Passes already queued for the same
 * task or worker are not queued twice, and at most {@link #MAX_QUEUED_PASSES} wait at once: under a
 * burst (thousands of tasks created in seconds) a task's pass beyond that is not queued, and
 * nothing is lost by it, because the stranded task sweep ({@code StrandedTaskSweeper}) routes
 * within seconds every waiting task that a free worker could take, whether its pass was dropped
 * here or lost with a killed server.
 */
@ApplicationScoped
public class RoutingTriggers {

  private static final Logger LOG = Logger.getLogger(RoutingTriggers.class.getName());

  /**
   * Events after which a task is routed again. A new task is placed and offered in the transaction
   * that creates it ({@link RoutingService#routeNew}), which asks for a pass after commit only when
   * it needs one; so {@code task.created} and {@code workflow.entered} are not here.
   */
  private static final Set<EventType> TASK_EVENTS =
      EnumSet.of(EventType.TASK_UPDATED, EventType.RESERVATION_REJECTED);

  private static final Set<EventType> WORKER_EVENTS =
      EnumSet.of(
          EventType.WORKER_CREATED,
          EventType.WORKER_ACTIVITY_UPDATE,
          EventType.WORKER_ATTRIBUTES_UPDATE,
          EventType.WORKER_CAPACITY_UPDATE,
          EventType.WORKER_CHANNEL_AVAILABILITY_UPDATE,
          EventType.RESERVATION_REJECTED,
          EventType.RESERVATION_TIMEOUT,
          EventType.RESERVATION_CANCELED,
          EventType.RESERVATION_RESCINDED,
          EventType.RESERVATION_COMPLETED);

  /** How long a pass that met a held row waits before it tries again, and how often. */
  static final long RETRY_DELAY_MILLIS = 100;

  static final int MAX_RETRIES = 50;

  @Resource(lookup = "java:jboss/ee/concurrency/scheduler/switchboard-routing")
  private ManagedScheduledExecutorService executor;

  /** How often a pass that failed is tried again (after 1, 2, 4, 8 and 16 s). */
  static final int MAX_FAILURE_RETRIES = 5;

  /**
   * How many passes may wait in this server's queue at once before a task's pass is turned away:
   * each holds a closure and the executor's context snapshot, so the queue's memory stays a few
   * megabytes whatever the burst. Passes of workers and queues (as many as there are workers and
   * queues, not tasks) are always queued: a worker's pass is what offers the waiting tasks in
   * TaskRouter's order of priority and age. Concurrent callers may overshoot it by a pass each.
   */
  static final int MAX_QUEUED_PASSES = 5_000;

  /** How many passes were not queued because the queue was full (logged every 1000). */
  private final AtomicLong dropped = new AtomicLong();

  @EJB private RoutingService routing;
  @Inject private RoutingMeters meters;

  private final Set<String> queued = ConcurrentHashMap.newKeySet();

  void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) RouterEvent event) {
    if (TASK_EVENTS.contains(event.type()) && event.getTaskSid() != null) {
      routeTasks(List.of(event.getTaskSid()));
    }
    if (WORKER_EVENTS.contains(event.type()) && event.getWorkerSid() != null) {
      routeWorkers(List.of(event.getWorkerSid()));
    }
  }

  /**
   * Queues a worker-driven pass for each worker (none twice): it offers the worker the tasks
   * waiting in its queues, in order of priority and age. Always queued, whatever the bound on task
   * passes (there are as many as workers). The stranded task sweep routes free workers this way.
   */
  public void routeWorkers(Collection<String> workerSids) {
    for (String worker : workerSids) {
      schedule(
          "worker:" + worker, () -> meters.time("worker", () -> routing.routeWorker(worker)), 0, 0);
    }
  }

  /** A queue's new {@code target_workers} may let other workers serve the tasks waiting in it. */
  void onQueueUpdated(@Observes(during = TransactionPhase.AFTER_SUCCESS) RouterEvent event) {
    if (EventType.TASK_QUEUE_UPDATED.is(event)) {
      String queue = event.getResourceSid();
      schedule(
          "queue:" + queue,
          () -> {
            onReroute(new Reroute(routing.waitingTasksIn(queue)));
            return false;
          },
          0,
          0);
    }
  }

  void onReroute(@Observes(during = TransactionPhase.AFTER_SUCCESS) Reroute reroute) {
    routeTasks(reroute.taskSids());
  }

  /**
   * Queues a routing pass for each task (none twice), run on the routing executor like every other
   * pass: in parallel, retried on contention and on failure. The stranded task sweep routes what it
   * finds this way, so a sweep of many tasks takes no longer than reading them.
   */
  public void routeTasks(Collection<String> taskSids) {
    for (String task : taskSids) {
      schedule("task:" + task, () -> meters.time("task", () -> routing.routeTask(task)), 0, 0);
    }
  }

  /**
   * Runs a pass after {@code delayMillis}; a pass that reports contention (it skipped a row another
   * transaction held) runs again a little later, at most {@link #MAX_RETRIES} times; a pass that
   * failed (a database outage, most often) runs again after 1, 2, 4… s, at most {@link
   * #MAX_FAILURE_RETRIES} times (and the stranded task sweep finds a task whose passes all failed).
   */
  private void schedule(String key, BooleanSupplier pass, long delayMillis, int attempt) {
    schedule(key, pass, delayMillis, attempt, 0);
  }

  private void schedule(
      String key, BooleanSupplier pass, long delayMillis, int attempt, int failures) {
    if (key.startsWith("task:") && queued.size() >= MAX_QUEUED_PASSES && !queued.contains(key)) {
      long count = dropped.incrementAndGet();
      if (count % 1000 == 1) {
        LOG.warning(
            () ->
                MAX_QUEUED_PASSES
                    + " routing passes are queued: the pass for "
                    + key
                    + " is left to the stranded task sweep ("
                    + count
                    + " so far)");
      }
      return;
    }
    if (!queued.add(key)) {
      return;
    }
    try {
      executor.schedule(
          () -> {
            queued.remove(key);
            try {
              if (pass.getAsBoolean() && attempt < MAX_RETRIES) {
                schedule(key, pass, RETRY_DELAY_MILLIS, attempt + 1, failures);
              }
            } catch (RuntimeException e) {
              if (failures < MAX_FAILURE_RETRIES) {
                long delay = 1000L << failures;
                LOG.log(
                    Level.WARNING,
                    "Routing pass for " + key + " failed; retried in " + delay + " ms: " + e);
                schedule(key, pass, delay, attempt, failures + 1);
              } else {
                LOG.log(Level.WARNING, "Routing pass for " + key + " failed", e);
              }
            }
          },
          delayMillis,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      queued.remove(key);
      LOG.log(Level.WARNING, "Routing pass for " + key + " not scheduled", e);
    }
  }

  /** Whether this server has a routing pass queued (not yet running) for the task. */
  public boolean isTaskPassQueued(String taskSid) {
    return queued.contains("task:" + taskSid);
  }

  /** Whether this server has a routing pass queued (not yet running) for the worker. */
  public boolean isWorkerPassQueued(String workerSid) {
    return queued.contains("worker:" + workerSid);
  }

  @PreDestroy
  void clear() {
    queued.clear();
  }
}
