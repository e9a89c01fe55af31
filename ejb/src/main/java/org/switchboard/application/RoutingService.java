package org.switchboard.application;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationRepository;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskRepository;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.worker.Worker;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.routing.Placement;
import org.switchboard.routing.QueueMembership;
import org.switchboard.routing.Reroute;
import org.switchboard.routing.ReservationLifecycle;
import org.switchboard.routing.Router;
import org.switchboard.routing.RoutingEvents;
import org.switchboard.routing.WorkflowEngine;

/**
 * Routing use cases: place a task by its workflow and offer it to workers, offer a worker the tasks
 * waiting for it, and fire the deadlines that have passed (reservation timeouts, workflow target
 * timeouts, task TTLs). Each call is one transaction; the sweep runs every due deadline in a
 * transaction of its own, so one failure does not hold back the others.
 */
@Stateless
public class RoutingService {

  private static final Logger LOG = Logger.getLogger(RoutingService.class.getName());

  /** How many deadlines of each kind one sweep handles at most. */
  static final int SWEEP_BATCH = 500;

  @Inject private ReservationRepository reservations;
  @Inject private TaskRepository tasks;
  @PersistenceContext private EntityManager em;
  @Inject private Router router;
  @Inject private QueueMembership membership;
  @Inject private Event<Reroute> reroute;
  @Inject private ReservationLifecycle lifecycle;
  @Inject private WorkflowEngine workflows;
  @Inject private JpaEventStore events;
  @Inject private Clock clock;
  @Inject private RoutingMeters meters;
  @Resource private SessionContext context;

  /**
   * Places a live, unassigned task at its workflow's current target and offers it to workers; a
   * task whose workflow is exhausted is canceled. Does nothing for other tasks.
   *
   * @return whether the pass skipped a worker another transaction held, and should be retried
   */
  public boolean routeTask(String taskSid) {
    Task task = lifecycle.lockTaskIfExists(taskSid);
    if (task == null || !waiting(task)) {
      return false;
    }
    // the first pass of a workflow version compiles its rules, holding only this task's lock
    workflows.prepare(task);
    return offer(task);
  }

  /**
   * Places a task created in the caller's transaction and offers it before the caller commits, as
   * TaskRouter does: the create answers with the task's queue, and with a reservation already made
   * when a worker is free. The new row is the caller's alone until commit, so no lock is taken; the
   * workers are locked after it, as the lock order wants. No pass runs after commit unless one is
   * needed: when nobody took the task (its new queue becomes visible to worker-driven passes only
   * then), when the pass met workers other transactions held, or when the workflow failed to
   * evaluate (that pass, and its retries, report it; the creation does not fail). The task is made
   * persistent here if its creator left it new: at its first offer, or else once placed.
   */
  public void routeNew(Task task) {
    boolean again;
    try {
      again =
          meters.time(
              "new",
              () -> {
                workflows.prepare(task);
                return offer(task);
              });
    } catch (RuntimeException e) {
      if (e instanceof jakarta.persistence.PersistenceException) {
        throw e; // the transaction is lost anyway: say so
      }
      LOG.log(
          Level.WARNING,
          "Placing new task " + task.getSid() + " failed; its after-commit pass retries: " + e);
      again = true;
    }
    lifecycle.persistIfNew(task);
    if (again) {
      reroute.fire(new Reroute(List.of(task.getSid())));
    }
  }

  /**
   * Places a locked, waiting task and offers it. A task that this transaction moves into a queue
   * and that nobody takes now is routed once more after commit: until then its new queue is
   * invisible to worker-driven passes, so a worker freed meanwhile (whose pass ran before this
   * commit, and which this pass saw as busy) would otherwise never be offered it.
   *
   * @return whether the pass met a held row and should be retried
   */
  private boolean offer(Task task) {
    String before = task.getTaskQueue() == null ? null : task.getTaskQueue().getSid();
    Placement placement = place(task);
    if (placement == null) {
      return false;
    }
    Router.Offers offers = router.offerTask(task, placement);
    if (offers.created().isEmpty() && !placement.queueSid().equals(before)) {
      reroute.fire(new Reroute(List.of(task.getSid())));
    }
    return offers.retry();
  }

  /**
   * Offers a worker the waiting tasks it is eligible for, while it has capacity.
   *
   * @return whether the pass skipped a task another transaction held, and should be retried
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public boolean routeWorker(String workerSid) {
    // Read outside any transaction: usually no task waits, and then the pass is this one
    // statement. A task that starts waiting after this read is routed by its own pass, which sees
    // this worker as it is now.
    return router.anyWaitingFor(workerSid)
        && context.getBusinessObject(RoutingService.class).offerWaitingTasks(workerSid);
  }

  /**
   * The worker-driven pass proper, in a transaction of its own: locks the worker and offers it the
   * tasks waiting for it.
   *
   * @return whether the pass skipped a task another transaction held, and should be retried
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean offerWaitingTasks(String workerSid) {
    Worker worker = em.find(Worker.class, workerSid);
    if (worker == null) {
      return false;
    }
    lifecycle.lockWorker(worker);
    Instant now = clock.instant();
    return router.offerWorker(worker, task -> workflows.current(task, now)).retry();
  }

  /**
   * Fires every deadline that has passed, each in its own transaction. Safe to run on several
   * servers at once: each deadline is claimed with SKIP LOCKED and re-checked under the lock.
   *
   * @return how many deadlines fired
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public int sweepDeadlines() {
    RoutingService self = context.getBusinessObject(RoutingService.class);
    int fired = 0;
    for (String sid : self.dueReservations()) {
      fired += run(() -> self.timeOutReservation(sid), sid);
    }
    for (String sid : self.dueTaskExpiries()) {
      fired += run(() -> self.expireTask(sid), sid);
    }
    for (String sid : self.dueTargetTimeouts()) {
      fired += run(() -> self.escalateTask(sid), sid);
    }
    return fired;
  }

  /** The tasks waiting (pending or reserved) in a queue, oldest first. */
  public List<String> waitingTasksIn(String queueSid) {
    return tasks.waitingIn(queueSid);
  }

  /**
   * Computes the members of queues that existed before membership was kept (see {@link
   * QueueMembership}); run once at start.
   *
   * @return how many queues were computed
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int buildMissingQueueMembers() {
    List<Object[]> stale = membership.staleQueues();
    for (Object[] queue : stale) {
      membership.refreshQueue((String) queue[0], (String) queue[1]);
    }
    return stale.size();
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<String> dueReservations() {
    return reservations.timedOutAt(clock.instant(), SWEEP_BATCH);
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<String> dueTaskExpiries() {
    return tasks.expiredAt(clock.instant(), SWEEP_BATCH);
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<String> dueTargetTimeouts() {
    return tasks.stepTimedOutAt(clock.instant(), SWEEP_BATCH);
  }

  /** Times out a pending reservation whose time has passed; a no-op if it was answered. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean timeOutReservation(String reservationSid) {
    Reservation reservation = em.find(Reservation.class, reservationSid);
    Task task = reservation == null ? null : lifecycle.lockTaskIfFree(reservation.getTaskSid());
    if (task == null) {
      return false;
    }
    em.refresh(reservation);
    if (reservation.getStatus() != ReservationStatus.PENDING
        || reservation.getTimeoutAt() == null
        || reservation.getTimeoutAt().isAfter(clock.instant())) {
      return false;
    }
    boolean fired = lifecycle.timeOut(task, reservation);
    if (fired && waiting(task)) {
      offer(task);
    }
    return fired;
  }

  /** Cancels a waiting task whose TTL has passed. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean expireTask(String taskSid) {
    Task task = lifecycle.lockTaskIfFree(taskSid);
    if (task == null) {
      return false;
    }
    Instant now = clock.instant();
    if (!waiting(task) || task.getExpiresAt().isAfter(now)) {
      return false;
    }
    cancel(task, "Task TTL Exceeded", now);
    return true;
  }

  /** Moves a pending task whose target timed out to its next target (or cancels it). */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean escalateTask(String taskSid) {
    Task task = lifecycle.lockTaskIfFree(taskSid);
    if (task == null) {
      return false;
    }
    Instant now = clock.instant();
    if (task.getAssignmentStatus() != TaskStatus.PENDING
        || task.getStepDeadline() == null
        || task.getStepDeadline().isAfter(now)) {
      return false;
    }
    events.record(
        RoutingEvents.task(EventType.TASK_QUEUE_TIMEOUT, task, "Task timed out of its queue", now));
    offer(task);
    return true;
  }

  /**
   * Applies the workflow's current placement to a locked task: moves it to the target's queue
   * (recording {@code task-queue.entered} and {@code workflow.target-matched}) or cancels it when
   * the workflow is exhausted. Returns the placement, or null when the task was canceled.
   */
  private Placement place(Task task) {
    Instant now = clock.instant();
    Placement placement = workflows.place(task, now);
    if (placement.exhausted()) {
      if (Placement.EXHAUSTED.equals(placement.reason())) {
        events.record(
            RoutingEvents.task(
                EventType.WORKFLOW_TIMEOUT, task, "Task timed out of its workflow", now));
      }
      cancel(task, placement.reason(), now);
      return null;
    }
    boolean moved =
        task.getTaskQueue() == null || !task.getTaskQueue().getSid().equals(placement.queueSid());
    boolean retargeted =
        moved
            || !Integer.valueOf(placement.filter()).equals(task.getRoutingFilter())
            || !Integer.valueOf(placement.step()).equals(task.getRoutingStep());
    if (retargeted) {
      for (Integer step : placement.why().skippedSteps()) {
        events.record(RoutingEvents.skipped(task, placement.why().filterName(), step, now));
      }
    }
    if (moved && task.getTaskQueue() != null) {
      // recorded before the move, so the event names the queue the task leaves
      events.record(
          RoutingEvents.moved(task, placement.queueSid(), "Task moved to another queue", now));
    }
    TaskQueue queue = em.find(TaskQueue.class, placement.queueSid());
    task.routeTo(
        queue,
        placement.filter(),
        placement.step(),
        placement.priority(),
        placement.deadline(),
        placement.ruleTarget(),
        now);
    if (retargeted) {
      events.record(
          RoutingEvents.placed(
              EventType.WORKFLOW_TARGET_MATCHED,
              task,
              "Task matched a target",
              placement.why(),
              now));
    }
    if (moved) {
      events.record(
          RoutingEvents.placed(
              EventType.TASK_QUEUE_ENTERED, task, "Task entered a queue", placement.why(), now));
    }
    return placement;
  }

  private void cancel(Task task, String reason, Instant now) {
    lifecycle.cancel(task, reason);
  }

  private static boolean waiting(Task task) {
    return task.getAssignmentStatus() == TaskStatus.PENDING
        || task.getAssignmentStatus() == TaskStatus.RESERVED;
  }

  private static int run(java.util.function.BooleanSupplier step, String sid) {
    try {
      return step.getAsBoolean() ? 1 : 0;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Deadline of " + sid + " failed; it is retried on the next sweep", e);
      return 0;
    }
  }
}
