package org.switchboard.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationRepository;
import org.switchboard.domain.shared.ForbiddenException;
import org.switchboard.domain.shared.IllegalTransitionException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskRepository;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.task.TaskTransfer;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.worker.Worker;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.infrastructure.jpa.Lookups;
import org.switchboard.routing.Reroute;
import org.switchboard.routing.ReservationLifecycle;
import org.switchboard.routing.RoutingEvents;

/**
 * Transfers: a worker hands an assigned task on to another worker or to a queue, cold (the worker
 * leaves at once, the task goes to wrap-up) or warm (the worker stays until the target took it), as
 * the TaskRouter SDK's {@code task.transfer(to, {mode})} asks (see {@link TaskTransfer}). The work
 * is carried by a transfer task routed to the target only; each step is an event of the original
 * task ({@code task.transfer-initiated}, {@code -attempt-failed}, {@code -completed}, {@code
 * -failed}, {@code -canceled}) whose data is the transfer, as the SDK reads it.
 *
 * <p>For a task that came from a phone call ({@link CallService}), a cold transfer moves the caller
 * at once into the transfer task's conference (where the caller waits with music on hold, as a new
 * caller does) and hangs up the first worker's phone; a warm transfer leaves the call where it is,
 * so the new worker is dialled into the conference the caller and the first worker talk in, and the
 * first worker leaves by hanging up.
 *
 * <p>Locking: the original task first, then the transfer task, as everywhere else a task is locked
 * before the ones created after it. A transfer task's reservation being accepted completes its
 * transfer in the accepting transaction ({@link #accepted}, which touches only the transfer and the
 * call's leg); its rejection, timeout or cancellation is handled after that transaction ({@link
 * #attemptEnded}, {@link #transferTaskCanceled}).
 */
@Stateless
public class TransferService {

  @Inject private ReservationRepository reservations;
  @Inject private TaskRepository taskRepository;
  @PersistenceContext private EntityManager em;
  @Inject private Workspaces workspaces;
  @Inject private ReservationLifecycle lifecycle;
  @Inject private JpaEventStore events;
  @Inject private Clock clock;
  @Inject private Event<Reroute> reroute;
  @EJB private TaskService tasks;
  @EJB private CallService calls;

  /**
   * What a transfer request gave.
   *
   * @param taskSid the task to transfer
   * @param reservationSid its accepted reservation ({@code ReservationSid}), or null for the task's
   *     accepted one
   * @param workerSid the worker asking (the SDK's token), or null when the account asks over REST
   * @param to a worker's or a queue's sid ({@code To})
   * @param mode {@code WARM} (the default) or {@code COLD} ({@code Mode})
   * @param attributes the transfer task's attributes ({@code Attributes}), or null for the task's
   * @param priority the transfer task's priority ({@code Priority}), or null for the task's
   */
  public record Initiation(
      String taskSid,
      String reservationSid,
      String workerSid,
      String to,
      String mode,
      String attributes,
      Integer priority) {}

  /**
   * Starts a transfer.
   *
   * @throws NotFoundException for an unknown workspace or task
   * @throws InvalidParameterException without {@code To}, for a target that is neither a worker nor
   *     a queue of the workspace (or is the initiating worker), an unknown {@code Mode}, a {@code
   *     ReservationSid} that is not the task's accepted reservation, bad attributes
   * @throws ForbiddenException when a worker asks to transfer a task another worker holds
   * @throws IllegalTransitionException unless the task is assigned and has no transfer under way
   */
  public TaskTransfer initiate(String accountSid, String workspaceSid, Initiation request) {
    workspaces.require(accountSid, workspaceSid);
    Task task = lifecycle.lockTask(tasks.get(accountSid, workspaceSid, request.taskSid()).getSid());
    if (task.getAssignmentStatus() != TaskStatus.ASSIGNED) {
      throw new IllegalTransitionException(
          "Task "
              + task.getSid()
              + " is "
              + task.getAssignmentStatus().wireName()
              + "; only an assigned task can be transferred");
    }
    Reservation reservation = acceptedReservation(task, request.reservationSid());
    if (request.workerSid() != null
        && !request.workerSid().equals(reservation.getWorker().getSid())) {
      throw new ForbiddenException("A worker may only transfer the tasks it holds");
    }
    String to = target(workspaceSid, request.to(), reservation);
    TaskTransfer.Mode mode = mode(request.mode());
    if (active(task.getSid()) != null) {
      throw new IllegalTransitionException(
          "Task " + task.getSid() + " is being transferred already");
    }
    Instant now = clock.instant();
    // routed after commit, once the transfer that its offer shows to the SDK is recorded
    Task transferTask =
        tasks.createUnrouted(
            accountSid,
            workspaceSid,
            new TaskService.Settings(
                task.getWorkflow().getSid(),
                request.attributes() == null ? task.getAttributes() : request.attributes(),
                request.priority() == null ? task.getPriority() : request.priority(),
                Sid.WORKER.matches(to)
                    ? task.getWorkflow().getTaskReservationTimeout()
                    : task.getTimeout(),
                task.getTaskChannel().getSid(),
                to,
                null,
                null,
                null,
                null));
    TaskTransfer transfer =
        new TaskTransfer(
            task,
            reservation.getSid(),
            reservation.getWorker().getSid(),
            to,
            mode,
            transferTask,
            now);
    em.persist(transfer);
    reroute.fire(new Reroute(List.of(transferTask.getSid())));
    events.record(
        RoutingEvents.transfer(
            EventType.TASK_TRANSFER_INITIATED,
            task,
            transfer,
            "Task " + task.getSid() + " is being transferred to " + to,
            now));
    if (mode == TaskTransfer.Mode.COLD) {
      String why = "Transferred to " + to;
      lifecycle.wrap(task, why);
      calls.transferCall(task, reservation, transferTask, now);
    }
    return transfer;
  }

  /** The transfers of a task, oldest first. */
  public List<TaskTransfer> list(String accountSid, String workspaceSid, String taskSid) {
    Task task = tasks.get(accountSid, workspaceSid, taskSid);
    return taskRepository.transfersOf(task.getSid());
  }

  /**
   * @throws NotFoundException unless the transfer is one of the task's
   */
  public TaskTransfer get(String accountSid, String workspaceSid, String taskSid, String sid) {
    Task task = tasks.get(accountSid, workspaceSid, taskSid);
    TaskTransfer transfer = sid == null ? null : em.find(TaskTransfer.class, sid);
    if (transfer == null || !transfer.getTaskSid().equals(task.getSid())) {
      throw NotFoundException.of("Transfer", sid);
    }
    return transfer;
  }

  /**
   * Changes a transfer's status, as {@code TransferStatus} asks: the only change a client can ask
   * for is {@code canceled} ({@link #cancel}).
   *
   * @throws InvalidParameterException without {@code TransferStatus} or for any other value
   */
  public TaskTransfer update(
      String accountSid,
      String workspaceSid,
      String taskSid,
      String sid,
      String transferStatus,
      String workerSid) {
    if (transferStatus == null || transferStatus.isBlank()) {
      throw InvalidParameterException.required("TransferStatus");
    }
    if (!"canceled".equalsIgnoreCase(transferStatus.trim())) {
      throw new InvalidParameterException(
          "TransferStatus", "TransferStatus can only be canceled: " + transferStatus);
    }
    return cancel(accountSid, workspaceSid, taskSid, sid, workerSid);
  }

  /**
   * The initiator withdraws a warm transfer before a worker took it: the transfer task is canceled
   * (its pending reservation with it) and the original task stays with its worker.
   *
   * @param workerSid the worker asking, or null when the account asks
   * @throws IllegalTransitionException for a cold transfer (the task was handed over already) or a
   *     transfer that is no longer initiated
   * @throws ForbiddenException when a worker other than the initiator asks
   */
  public TaskTransfer cancel(
      String accountSid, String workspaceSid, String taskSid, String sid, String workerSid) {
    TaskTransfer found = get(accountSid, workspaceSid, taskSid, sid);
    if (workerSid != null && !workerSid.equals(found.getInitiatingWorkerSid())) {
      throw new ForbiddenException("Only the worker who started a transfer may cancel it");
    }
    Task task = lifecycle.lockTask(found.getTaskSid());
    TaskTransfer transfer = lifecycle.current(TaskTransfer.class, sid);
    if (transfer.getMode() == TaskTransfer.Mode.COLD) {
      throw new IllegalTransitionException(
          "Transfer " + sid + " is cold: the task was handed over when it started");
    }
    Instant now = clock.instant();
    transfer.cancel(now);
    cancelTransferTask(transfer, "Transfer canceled", now);
    events.record(
        RoutingEvents.transfer(
            EventType.TASK_TRANSFER_CANCELED,
            task,
            transfer,
            "Transfer " + sid + " canceled",
            now));
    return transfer;
  }

  /** The transfer a transfer task carries, or null if the task is not a transfer task. */
  public TaskTransfer carriedBy(String transferTaskSid) {
    return taskRepository.transferCarriedBy(transferTaskSid);
  }

  /** The task's transfer under way, or null. */
  public TaskTransfer active(String taskSid) {
    return taskRepository.transferUnderWay(taskSid);
  }

  /**
   * A transfer task's reservation was accepted (inside the accepting transaction, which holds the
   * transfer task's lock): the transfer is complete, and a call that stayed where it was (a warm
   * transfer) now belongs to the transfer task.
   */
  public void accepted(Reservation reservation) {
    TaskTransfer transfer = carriedBy(reservation.getTaskSid());
    if (transfer == null || !transfer.isInitiated()) {
      return;
    }
    Instant now = clock.instant();
    transfer.complete(now);
    Task original = em.find(Task.class, transfer.getTaskSid());
    if (transfer.getMode() == TaskTransfer.Mode.WARM) {
      calls.callFollows(original.getSid(), reservation.getTaskSid());
    }
    events.record(
        RoutingEvents.transfer(
            EventType.TASK_TRANSFER_COMPLETED,
            original,
            transfer,
            "Transfer to " + transfer.getTo() + " accepted by " + reservation.getWorker().getSid(),
            now));
  }

  /**
   * A reservation of a transfer task was rejected or timed out ({@code how}: {@code rejected},
   * {@code timeout}). For a transfer to a worker the transfer failed: a warm transfer's task is
   * canceled (the first worker still has the task), a cold one goes back to its workflow's routing
   * so that the work is not lost. For a queue the attempt failed and the queue's other workers may
   * take it.
   */
  public void attemptEnded(String reservationSid, String how) {
    Reservation found = em.find(Reservation.class, reservationSid);
    TaskTransfer candidate = found == null ? null : carriedBy(found.getTaskSid());
    if (candidate == null || !candidate.isInitiated()) {
      return;
    }
    Task task = lifecycle.lockTask(candidate.getTaskSid());
    Task transferTask = lifecycle.lockTaskIfExists(candidate.getTransferTaskSid());
    TaskTransfer transfer = lifecycle.current(TaskTransfer.class, candidate.getSid());
    if (transferTask == null || !transfer.isInitiated()) {
      return;
    }
    Instant now = clock.instant();
    String what = "timeout".equals(how) ? "timed out" : "was rejected";
    if (transfer.getType() == TaskTransfer.Type.QUEUE) {
      transfer.attemptFailed("Transfer attempt failed: the reservation " + what, now);
      events.record(
          RoutingEvents.transfer(
              EventType.TASK_TRANSFER_ATTEMPT_FAILED,
              task,
              transfer,
              "Transfer attempt failed",
              now));
      return;
    }
    fail(task, transfer, "Transfer failed because the reservation " + what, now);
    if (transfer.getMode() == TaskTransfer.Mode.WARM) {
      cancelTransferTask(transfer, "Transfer failed", now);
    } else if (transferTask.getAssignmentStatus().isLive()
        && transferTask.getAssignmentStatus() != TaskStatus.ASSIGNED) {
      transferTask.clearRoutingTarget(now);
      events.record(
          RoutingEvents.task(
              EventType.TASK_UPDATED,
              transferTask,
              "Transfer to " + transfer.getTo() + " failed; routed by its workflow",
              now));
      reroute.fire(new Reroute(List.of(transferTask.getSid())));
    }
  }

  /** A transfer task was canceled (its timeout passed, its caller hung up): the transfer failed. */
  public void transferTaskCanceled(String transferTaskSid) {
    TaskTransfer candidate = carriedBy(transferTaskSid);
    if (candidate == null || !candidate.isInitiated()) {
      return;
    }
    Task task = lifecycle.lockTask(candidate.getTaskSid());
    Task transferTask = lifecycle.lockTaskIfExists(transferTaskSid);
    TaskTransfer transfer = lifecycle.current(TaskTransfer.class, candidate.getSid());
    if (!transfer.isInitiated()) {
      return;
    }
    String why = transferTask == null ? "deleted" : transferTask.getReason();
    fail(
        task,
        transfer,
        "Transfer failed because the transfer task was canceled: " + why,
        clock.instant());
  }

  private void fail(Task task, TaskTransfer transfer, String reason, Instant now) {
    transfer.fail(reason, now);
    events.record(
        RoutingEvents.transfer(EventType.TASK_TRANSFER_FAILED, task, transfer, reason, now));
  }

  /** Cancels a transfer task still waiting (call with the original task locked). */
  void cancelTransferTask(TaskTransfer transfer, String why, Instant now) {
    Task transferTask = lifecycle.lockTaskIfExists(transfer.getTransferTaskSid());
    if (transferTask == null
        || (transferTask.getAssignmentStatus() != TaskStatus.PENDING
            && transferTask.getAssignmentStatus() != TaskStatus.RESERVED)) {
      return;
    }
    lifecycle.cancel(transferTask, why);
  }

  private Reservation acceptedReservation(Task task, String reservationSid) {
    List<Reservation> accepted = reservations.acceptedOf(task);
    return accepted.stream()
        .filter(r -> reservationSid == null || r.getSid().equals(reservationSid))
        .findFirst()
        .orElseThrow(
            () ->
                reservationSid == null
                    ? new IllegalTransitionException(
                        "Task " + task.getSid() + " has no accepted reservation to transfer from")
                    : new InvalidParameterException(
                        "ReservationSid",
                        "ReservationSid "
                            + reservationSid
                            + " is not the accepted reservation of task "
                            + task.getSid()));
  }

  private String target(String workspaceSid, String to, Reservation reservation) {
    if (to == null || to.isBlank()) {
      throw InvalidParameterException.required("To");
    }
    String sid = to.trim();
    if (Sid.WORKER.matches(sid)) {
      Lookups.reference(em, Worker.class, workspaceSid, "To", sid, w -> w.getWorkspace().getSid());
      if (sid.equals(reservation.getWorker().getSid())) {
        throw new InvalidParameterException(
            "To", "To names the worker holding the task: a worker cannot transfer to itself");
      }
      return sid;
    }
    if (Sid.TASK_QUEUE.matches(sid)) {
      Lookups.reference(
          em, TaskQueue.class, workspaceSid, "To", sid, q -> q.getWorkspace().getSid());
      return sid;
    }
    throw new InvalidParameterException(
        "To", "To must be the sid of a Worker or a TaskQueue of this workspace: " + to);
  }

  private static TaskTransfer.Mode mode(String mode) {
    if (mode == null || mode.isBlank()) {
      return TaskTransfer.Mode.WARM;
    }
    try {
      return TaskTransfer.Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException("Mode", "Mode must be WARM or COLD: " + mode);
    }
  }
}
