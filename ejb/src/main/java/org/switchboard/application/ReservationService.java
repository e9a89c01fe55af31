package org.switchboard.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.reservation.Instructions;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationRepository;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.shared.IllegalTransitionException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.infrastructure.jpa.JpaWorkspaceRepository;
import org.switchboard.infrastructure.jpa.ListQuery;
import org.switchboard.infrastructure.jpa.Lookups;
import org.switchboard.routing.InstructionIssued;
import org.switchboard.routing.ReservationLifecycle;

/**
 * A worker's (or an integrator's) answer to a reservation: accept, reject, or carry the task on to
 * wrap-up and completion, optionally with a voice instruction. Reached through both {@code
 * Tasks/{TaskSid}/Reservations/{Sid}} and {@code Workers/{WorkerSid}/Reservations/{Sid}}.
 *
 * <p>Runs with the task row locked, so of two workers accepting at once exactly one wins; the
 * other's reservation is rescinded and its accept fails with a conflict.
 */
@Stateless
public class ReservationService {

  /** Instructions that bridge the worker into the caller's call, once the worker answers. */
  private static final Set<String> BRIDGING_INSTRUCTIONS = Set.of("conference", "dequeue");

  private static final Set<String> VOICE_INSTRUCTIONS =
      Set.of("conference", "dequeue", "call", "redirect", "supervise");

  private static final Set<String> SUPERVISOR_MODES = Set.of("monitor", "whisper", "barge");

  @Inject private ReservationRepository reservations;
  @PersistenceContext private EntityManager em;
  @Inject private JpaWorkspaceRepository workspaces;
  @Inject private ReservationLifecycle lifecycle;
  @Inject private Event<InstructionIssued> instructions;
  @EJB private CallService calls;
  @Inject private Clock clock;

  /** Where a reservation is addressed from: its task or its worker. */
  public enum Owner {
    TASK,
    WORKER
  }

  /**
   * The reservations of a task or a worker, optionally by status (and, for a task, by worker).
   *
   * @throws NotFoundException if the task or worker is not in the account's workspace
   */
  public Page<Reservation> list(
      String accountSid,
      String workspaceSid,
      Owner owner,
      String ownerSid,
      String status,
      String workerSid,
      PageRequest page) {
    requireWorkspace(accountSid, workspaceSid);
    if (owner == Owner.TASK) {
      Lookups.require(em, Task.class, workspaceSid, ownerSid, t -> t.getWorkspace().getSid());
    } else {
      Lookups.require(
          em,
          org.switchboard.domain.worker.Worker.class,
          workspaceSid,
          ownerSid,
          w -> w.getWorkspace().getSid());
    }
    ListQuery<Reservation> query =
        ListQuery.of(Reservation.class, "r")
            .where(
                owner == Owner.TASK ? "r.task.sid = :owner" : "r.worker.sid = :owner",
                "owner",
                ownerSid)
            .whereIfPresent("r.worker.sid = :worker", "worker", workerSid);
    if (status != null) {
      try {
        query.where(
            "r.status = :status",
            "status",
            ReservationStatus.valueOf(status.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidParameterException(
            "ReservationStatus", "ReservationStatus is not a reservation status: " + status);
      }
    }
    return query.page(em, page);
  }

  /**
   * @throws NotFoundException if the account, workspace, owner or reservation does not match
   */
  public Reservation get(
      String accountSid, String workspaceSid, Owner owner, String ownerSid, String sid) {
    requireWorkspace(accountSid, workspaceSid);
    Reservation reservation =
        Lookups.require(em, Reservation.class, workspaceSid, sid, Reservation::getWorkspaceSid);
    return ownedBy(reservation, owner, ownerSid);
  }

  /**
   * @throws NotFoundException if the reservation is not the owner's, as seen from its path
   */
  private static Reservation ownedBy(Reservation reservation, Owner owner, String ownerSid) {
    String actualOwner =
        owner == Owner.TASK ? reservation.getTaskSid() : reservation.getWorker().getSid();
    if (!actualOwner.equals(ownerSid)) {
      throw NotFoundException.of("Reservation", reservation.getSid());
    }
    return reservation;
  }

  /**
   * Applies a reservation update.
   *
   * @throws NotFoundException if the reservation is not found where it is addressed
   * @throws org.switchboard.domain.shared.PreconditionFailedException if {@code If-Match} names
   *     another version than the reservation's current one
   * @throws InvalidParameterException for an unknown status or instruction, or a bad activity
   * @throws org.switchboard.domain.shared.IllegalTransitionException if the reservation is no
   *     longer in a state that allows it (e.g. accepting a rescinded reservation)
   */
  public Reservation update(
      String accountSid,
      String workspaceSid,
      Owner owner,
      String ownerSid,
      String sid,
      ReservationUpdate update) {
    requireWorkspace(accountSid, workspaceSid);
    // the task's lock first (see ReservationLifecycle), then the reservation read once under it;
    // addressed under its task, the task is known, else it is looked up
    List<String> taskSid =
        !Sid.RESERVATION.matches(sid)
            ? List.of()
            : owner == Owner.TASK ? List.of(ownerSid) : reservations.taskOf(workspaceSid, sid);
    if (taskSid.isEmpty()) {
      throw NotFoundException.of("Reservation", sid);
    }
    Task task = lifecycle.lockTaskIfExists(taskSid.get(0));
    if (task != null && !task.getWorkspace().getSid().equals(workspaceSid)) {
      task = null;
    }
    // an accept reads the task's pending reservations once: the one accepted and those it rescinds
    List<Reservation> pending =
        task != null && accepting(update) ? lifecycle.pendingOf(task) : null;
    Reservation found = task == null ? null : under(pending, sid);
    if (found == null) { // deleted with its task meanwhile
      throw NotFoundException.of("Reservation", sid);
    }
    Reservation reservation = ownedBy(found, owner, ownerSid);
    WorkerService.checkETag(update.ifMatch(), reservation.getVersion());
    Activity next =
        update.workerActivitySid() == null
            ? null
            : Lookups.reference(
                em,
                Activity.class,
                workspaceSid,
                "WorkerActivitySid",
                update.workerActivitySid(),
                a -> a.getWorkspace().getSid());
    String action = action(update);
    Instant now = clock.instant();
    switch (action) {
      case "accepted", "accept" -> lifecycle.accept(task, reservation, pending);
      case "rejected", "reject" -> lifecycle.reject(task, reservation, next);
      case "wrapping" -> lifecycle.wrap(task, null);
      case "completed" -> lifecycle.complete(task, reasonOr(update, "Reservation completed"));
      case "supervise" -> supervise(accountSid, workspaceSid, task, reservation, update);
      default -> instruct(accountSid, workspaceSid, task, reservation, action, update, now);
    }
    if (next != null && !"rejected".equals(action) && !"reject".equals(action)) {
      lifecycle.moveWorker(lifecycle.lockWorker(reservation.getWorker()), next, now);
    }
    return reservation;
  }

  /**
   * Applies an instruction on the system's behalf (from an assignment callback's answer), without
   * an owner in the path. A reservation that was answered meanwhile is left as it is.
   */
  public Reservation apply(String workspaceSid, String reservationSid, ReservationUpdate update) {
    Reservation reservation =
        Lookups.require(
            em, Reservation.class, workspaceSid, reservationSid, Reservation::getWorkspaceSid);
    String accountSid = reservation.getTask().getWorkspace().getAccountSid();
    return update(
        accountSid,
        workspaceSid,
        Owner.TASK,
        reservation.getTask().getSid(),
        reservationSid,
        update);
  }

  /**
   * A voice instruction ({@code conference}, {@code dequeue}, {@code call}, {@code redirect}) with
   * its parameters by TaskRouter's REST names (see {@link Instructions}). A {@code conference} or
   * {@code dequeue} for a task that came from a phone call leaves the reservation pending until the
   * worker's phone answers ({@link #awaitWorkerLeg}); for any other task it accepts at once. A
   * {@code call} or {@code redirect} accepts the reservation only with {@code CallAccept} / {@code
   * RedirectAccept} {@code true}, TaskRouter's default being to leave it pending. The post-work
   * activity ({@code PostWorkActivitySid}, {@code DequeuePostWorkActivitySid}) is checked here and
   * applied when the call ends ({@link CallService#ended}), not now.
   *
   * @throws InvalidParameterException for a malformed ring timeout or accept flag, or a post-work
   *     activity that is not one of the workspace's
   * @throws IllegalTransitionException unless the reservation is pending
   */
  private void instruct(
      String accountSid,
      String workspaceSid,
      Task task,
      Reservation reservation,
      String action,
      ReservationUpdate update,
      Instant now) {
    Map<String, String> parameters = Instructions.canonical(action, update.instructionParameters());
    Instructions.ringTimeoutSeconds(action, parameters);
    String postWork = Instructions.postWorkActivitySid(action, parameters);
    if (postWork != null) {
      Lookups.reference(
          em,
          Activity.class,
          workspaceSid,
          Instructions.postWorkActivityParameter(action),
          postWork,
          a -> a.getWorkspace().getSid());
    }
    boolean bridging = BRIDGING_INSTRUCTIONS.contains(action);
    if (bridging && calls.hasCaller(task.getSid())) {
      awaitWorkerLeg(reservation, action);
    } else if (bridging || Instructions.acceptsAtOnce(action, parameters)) {
      lifecycle.accept(task, reservation);
    } else {
      requirePending(reservation, action);
    }
    reservation.instruct(action, json(parameters), now);
    instructions.fire(
        new InstructionIssued(
            accountSid,
            workspaceSid,
            task.getSid(),
            reservation.getSid(),
            reservation.getWorker().getSid(),
            action,
            parameters,
            task.getAttributes(),
            reservation.getWorker().getAttributes()));
  }

  private static void requirePending(Reservation reservation, String action) {
    if (reservation.getStatus() != ReservationStatus.PENDING) {
      throw new IllegalTransitionException(
          "Reservation "
              + reservation.getSid()
              + " is "
              + reservation.getStatus().wireName()
              + " and cannot take the "
              + action
              + " instruction");
    }
  }

  /**
   * TaskRouter's {@code supervise} instruction: a supervisor joins the call of an accepted
   * reservation, in {@code SupervisorMode} {@code monitor} (listens, the default), {@code whisper}
   * (talks to the worker only) or {@code barge} (talks to both). {@code Supervisor} is the
   * supervising worker's sid (as the SDK's {@code supervisor.monitor()} sends it; its {@code
   * contact_uri} is dialled) or an address to dial. The reservation itself does not change; the
   * telephony adapter dials the supervisor (the parameters it receives carry {@code
   * SupervisorAttributes}, the supervising worker's attributes).
   *
   * @throws InvalidParameterException without {@code Supervisor}, for a worker sid of another
   *     workspace, or an unknown mode
   * @throws IllegalTransitionException unless the reservation is accepted
   */
  private void supervise(
      String accountSid,
      String workspaceSid,
      Task task,
      Reservation reservation,
      ReservationUpdate update) {
    Map<String, String> parameters = new LinkedHashMap<>(update.instructionParameters());
    parameters.remove("SupervisorAttributes"); // only from the worker named below
    String supervisor = parameters.get("Supervisor");
    if (supervisor == null || supervisor.isBlank()) {
      throw new InvalidParameterException(
          "Supervisor", "Supervisor is required: the supervising worker's sid or an address");
    }
    String mode = parameters.getOrDefault("SupervisorMode", "monitor").toLowerCase(Locale.ROOT);
    if (!SUPERVISOR_MODES.contains(mode)) {
      throw new InvalidParameterException(
          "SupervisorMode", "SupervisorMode must be monitor, whisper or barge");
    }
    if (Sid.WORKER.matches(supervisor)) {
      Worker supervising =
          Lookups.reference(
              em,
              Worker.class,
              workspaceSid,
              "Supervisor",
              supervisor,
              w -> w.getWorkspace().getSid());
      parameters.put("SupervisorAttributes", supervising.getAttributes());
    }
    if (reservation.getStatus() != ReservationStatus.ACCEPTED) {
      throw new IllegalTransitionException(
          "Reservation "
              + reservation.getSid()
              + " is "
              + reservation.getStatus().wireName()
              + "; only the call of an accepted reservation can be supervised");
    }
    parameters.put("SupervisorMode", mode);
    instructions.fire(
        new InstructionIssued(
            accountSid,
            workspaceSid,
            task.getSid(),
            reservation.getSid(),
            reservation.getWorker().getSid(),
            "supervise",
            parameters,
            task.getAttributes(),
            reservation.getWorker().getAttributes()));
  }

  /**
   * A {@code conference} or {@code dequeue} instruction for a task that came from a phone call
   * dials the worker; as on TaskRouter the reservation stays pending until the worker's phone
   * answers (then the telephony adapter accepts it through {@link CallService#answered}) or fails
   * (then it is rejected or times out). It can be given once.
   */
  private static void awaitWorkerLeg(Reservation reservation, String action) {
    requirePending(reservation, action);
    if (reservation.getInstruction() != null) {
      throw new IllegalTransitionException(
          "Reservation " + reservation.getSid() + " is already dialling its worker");
    }
  }

  /**
   * The reservation, taken from the task's pending reservations when they were read, else read (it
   * is not pending, or they were not read).
   */
  private Reservation under(List<Reservation> pending, String sid) {
    if (pending != null) {
      for (Reservation reservation : pending) {
        if (reservation.getSid().equals(sid)) {
          return reservation;
        }
      }
    }
    return lifecycle.current(Reservation.class, sid);
  }

  /** Whether the update accepts the reservation (checked before {@link #action} validates it). */
  private static boolean accepting(ReservationUpdate update) {
    return update.status() != null
        ? "accepted".equalsIgnoreCase(update.status())
        : "accept".equalsIgnoreCase(update.instruction());
  }

  private static String action(ReservationUpdate update) {
    if (update.status() != null) {
      String status = update.status().toLowerCase(Locale.ROOT);
      if (!Set.of("accepted", "rejected", "wrapping", "completed").contains(status)) {
        throw new InvalidParameterException(
            "ReservationStatus",
            "ReservationStatus must be accepted, rejected, wrapping or completed");
      }
      return status;
    }
    if (update.instruction() != null) {
      String instruction = update.instruction().toLowerCase(Locale.ROOT);
      if (!"accept".equals(instruction)
          && !"reject".equals(instruction)
          && !VOICE_INSTRUCTIONS.contains(instruction)) {
        throw new InvalidParameterException(
            "Instruction",
            "Instruction must be accept, reject, conference, dequeue, call, redirect or supervise");
      }
      return instruction;
    }
    throw new InvalidParameterException(
        "ReservationStatus", "Either ReservationStatus or Instruction is required");
  }

  private static String reasonOr(ReservationUpdate update, String fallback) {
    String reason = update.instructionParameters().get("Reason");
    return reason == null || reason.isBlank() ? fallback : reason;
  }

  private static String json(Map<String, String> parameters) {
    JsonObjectBuilder json = Jsons.createObjectBuilder();
    parameters.forEach(json::add);
    return json.build().toString();
  }

  private void requireWorkspace(String accountSid, String workspaceSid) {
    if (workspaces.find(accountSid, workspaceSid).isEmpty()) {
      throw NotFoundException.of("Workspace", workspaceSid);
    }
  }
}
