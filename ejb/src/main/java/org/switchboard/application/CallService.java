package org.switchboard.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.switchboard.domain.call.CallLeg;
import org.switchboard.domain.call.CallNames;
import org.switchboard.domain.call.CallRepository;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.reservation.Instructions;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationRepository;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.shared.IllegalTransitionException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskRepository;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.task.TaskTransfer;
import org.switchboard.domain.workflow.WorkflowRepository;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.infrastructure.callback.CallbackOutbox;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.routing.InstructionIssued;
import org.switchboard.routing.Reroute;
import org.switchboard.routing.ReservationLifecycle;
import org.switchboard.routing.RoutingEvents;

/**
 * What the phone calls behind voice tasks do to those tasks: a call creates a task, a worker's
 * phone answering accepts the reservation it was dialled for, a worker's phone failing rejects it
 * (or times it out when nobody answered), and a call ending ends the task. Called by the telephony
 * adapter; every method is one transaction with the task row locked, and tolerates events about
 * calls it does not know (Asterisk reports every channel, not only Switchboard's).
 */
@Stateless
public class CallService {

  /** Where Asterisk writes recordings unless the adapter is told otherwise. */
  static final String DEFAULT_RECORDING_DIR = "/var/spool/asterisk/monitor";

  /** How a task ends when its call ends after a worker took it. */
  public enum AfterCall {
    WRAPPING,
    COMPLETED
  }

  @Inject private ReservationRepository reservations;
  @Inject private WorkflowRepository workflowRepository;
  @Inject private TaskRepository taskRepository;
  @Inject private CallRepository callLegs;
  @PersistenceContext private EntityManager em;
  @EJB private TaskService tasks;
  @Inject private ReservationLifecycle lifecycle;
  @Inject private JpaEventStore events;
  @Inject private Clock clock;
  @Inject private Event<Reroute> reroute;
  @Inject private Event<InstructionIssued> instructions;
  @Inject private CallbackOutbox callbacks;
  @EJB private WaitingCallers waitingCallers;

  /** An inbound call to turn into a voice task. */
  public record InboundCall(
      String workspaceSid,
      String workflow,
      String attributes,
      int priority,
      int timeoutSeconds,
      String callSid,
      String channel) {}

  /**
   * Creates the voice task for an inbound call and remembers the caller's channel.
   *
   * @throws org.switchboard.domain.shared.InvalidParameterException for an unknown workflow (by
   *     sid, or by friendly name in {@code workspaceSid}) or a malformed value
   */
  public Task enqueue(InboundCall call) {
    String workflowSid =
        call.workspaceSid() == null
            ? call.workflow()
            : workflowNamed(call.workspaceSid(), call.workflow());
    Task task =
        tasks.createInWorkflow(
            workflowSid,
            new TaskService.Settings(
                workflowSid,
                call.attributes(),
                call.priority(),
                call.timeoutSeconds(),
                "voice",
                null,
                null,
                null,
                null,
                null));
    String callSid = call.callSid();
    String channel = call.channel();
    if (callSid != null && !callSid.isBlank() && em.find(CallLeg.class, callSid) == null) {
      em.persist(CallLeg.caller(callSid, task.getSid(), channel, clock.instant()));
    }
    return task;
  }

  private String workflowNamed(String workspaceSid, String name) {
    return workflowRepository
        .named(workspaceSid, name)
        .orElseThrow(
            () ->
                new InvalidParameterException(
                    "WorkflowSid", "Unknown workflow " + name + " in workspace " + workspaceSid));
  }

  /**
   * The call a task serves: the caller's channel and the conference it is in.
   *
   * @param callerUniqueId the caller channel's uniqueid (the task's {@code call_sid})
   * @param conference the ConfBridge conference the caller is in, or waits in
   */
  public record CallRef(String callerUniqueId, String conference) {}

  /**
   * The call a task serves, or null if it serves none: the call that created it or was transferred
   * to it; for the task of a warm transfer under way, the call of the task being transferred (the
   * new worker joins the conference the call is in); for a callback task ({@link WaitingCallers})
   * before its customer is dialled, the call still to be made ({@code callerUniqueId} null, the
   * task's own conference). A transfer task is never a callback task of its own, though it carries
   * the transferred task's attributes ({@code callback_number} among them for a callback's call):
   * it serves the call it was given, or none.
   */
  public CallRef callOf(String taskSid) {
    CallLeg leg = callerLeg(taskSid);
    if (leg != null) {
      return new CallRef(leg.getUniqueId(), currentConference(leg));
    }
    TaskTransfer transfer = taskRepository.transferCarriedBy(taskSid);
    if (transfer != null) {
      if (!transfer.isInitiated() || transfer.getMode() != TaskTransfer.Mode.WARM) {
        return null;
      }
      leg = callerLeg(transfer.getTaskSid());
      return leg == null ? null : new CallRef(leg.getUniqueId(), currentConference(leg));
    }
    Task task = em.find(Task.class, taskSid);
    if (task != null && callbackNumber(task) != null) {
      return new CallRef(null, CallNames.conferenceOf(taskSid));
    }
    return null;
  }

  private CallLeg callerLeg(String taskSid) {
    return callLegs.callerLegOf(taskSid);
  }

  private static String currentConference(CallLeg caller) {
    return caller.getConference() != null
        ? caller.getConference()
        : CallNames.conferenceOf(caller.getTaskSid());
  }

  /** Whether the task serves a call that Switchboard tracks ({@link #callOf}). */
  public boolean hasCaller(String taskSid) {
    return callOf(taskSid) != null;
  }

  /** The caller's channel uniqueid of the call a task serves, or null ({@link #callOf}). */
  public String callerOf(String taskSid) {
    CallRef call = callOf(taskSid);
    return call == null ? null : call.callerUniqueId();
  }

  /**
   * A cold transfer of a task that serves a call (call with the task locked, in the transferring
   * transaction): the call now belongs to the transfer task and waits in its conference, and the
   * first worker's call is over (its post-work activity applies). The telephony adapter moves the
   * caller there and hangs up the first worker's leg (an {@link InstructionIssued} {@code transfer}
   * for the first worker's reservation, with {@code CallSid}, {@code Conference} and {@code
   * TransferTaskSid}).
   */
  public void transferCall(Task task, Reservation from, Task transferTask, Instant now) {
    CallLeg caller = callerLeg(task.getSid());
    if (caller == null) {
      return;
    }
    String conference = CallNames.conferenceOf(transferTask.getSid());
    caller.transferTo(transferTask.getSid(), conference);
    afterWork(from, now);
    instructions.fire(
        new InstructionIssued(
            task.getWorkspace().getAccountSid(),
            task.getWorkspace().getSid(),
            transferTask.getSid(),
            from.getSid(),
            from.getWorker().getSid(),
            "transfer",
            Map.of(
                "CallSid", caller.getUniqueId(),
                "Conference", conference,
                "TransferTaskSid", transferTask.getSid(),
                "FromTaskSid", task.getSid()),
            transferTask.getAttributes(),
            from.getWorker().getAttributes()));
  }

  /**
   * A warm transfer completed: the call, still in the conference where the first worker and the new
   * one talk to the caller, now belongs to the transfer task; the first worker leaves by hanging up
   * (which puts the original task in wrap-up, and leaves the call as it is).
   */
  public void callFollows(String taskSid, String transferTaskSid) {
    CallLeg caller = callerLeg(taskSid);
    if (caller != null) {
      caller.transferTo(transferTaskSid, currentConference(caller));
    }
  }

  /**
   * What to do for a worker leg about to be dialled.
   *
   * @param dial false if the reservation is no longer pending (answered, timed out, canceled
   *     meanwhile): then the worker must not be dialled
   * @param waitingCaller the uniqueid of the task's caller if it waits outside its conference (the
   *     dialplan's waiting loop): it must be brought in first; else null
   */
  public record Dialling(boolean dial, String waitingCaller) {}

  /**
   * Records the worker leg about to be dialled for a reservation; a caller waiting outside its
   * conference is no longer marked so, as the adapter brings it in ({@link WaitingCallers}).
   */
  public Dialling dialing(String reservationSid, String uniqueId, String channel) {
    Reservation reservation = em.find(Reservation.class, reservationSid);
    if (reservation == null) {
      return new Dialling(false, null);
    }
    lifecycle.lockTask(reservation.getTaskSid());
    em.refresh(reservation);
    if (reservation.getStatus() != ReservationStatus.PENDING
        || em.find(CallLeg.class, uniqueId) != null) {
      return new Dialling(false, null);
    }
    em.persist(
        CallLeg.worker(
            uniqueId, reservation.getTaskSid(), reservationSid, channel, clock.instant()));
    CallLeg caller = callerLeg(reservation.getTaskSid());
    if (caller == null || caller.getCallerState() != CallLeg.CallerState.WAITING) {
      return new Dialling(true, null);
    }
    caller.callerIs(null);
    return new Dialling(true, caller.getUniqueId());
  }

  /**
   * What the adapter does with a {@code conference} or {@code dequeue} instruction.
   *
   * @param call the call to bridge the worker into, or null when the task serves none (nothing is
   *     dialled then)
   * @param dialling whether to dial, and the caller to bring in first ({@link #dialing}); null when
   *     {@code call} is null or the worker could not be dialled
   */
  public record Bridging(CallRef call, Dialling dialling) {

    /** Whether the worker leg is to be dialled. */
    public boolean dial() {
      return dialling != null && dialling.dial();
    }
  }

  /**
   * A bridging instruction in one transaction: finds the call the task serves ({@link #callOf})
   * and, if there is one, records the worker leg about to be dialled ({@link #dialing}), or, when
   * {@code channel} is null (the worker has no address, the PBX is not connected), rejects the
   * pending reservation ({@link #cannotDial}).
   */
  public Bridging bridging(String taskSid, String reservationSid, String channel) {
    CallRef call = callOf(taskSid);
    if (call == null) {
      return new Bridging(null, null);
    }
    if (channel == null) {
      cannotDial(reservationSid);
      return new Bridging(call, null);
    }
    return new Bridging(call, dialing(reservationSid, reservationSid, channel));
  }

  /**
   * Records the call a {@code call} instruction places to a worker for a reservation, so that its
   * end reaches the instruction's {@code CallStatusCallbackUrl}. The call does not change the
   * reservation or the task.
   */
  public void calling(String reservationSid, String uniqueId, String channel) {
    Reservation reservation = em.find(Reservation.class, reservationSid);
    if (reservation == null || em.find(CallLeg.class, uniqueId) != null) {
      return;
    }
    em.persist(
        CallLeg.call(uniqueId, reservation.getTaskSid(), reservationSid, channel, clock.instant()));
  }

  /** The customer to call back for a callback task, or null. */
  private static String callbackNumber(Task task) {
    return attribute(task, "callback_number");
  }

  /**
   * Whom to dial into a callback task's conference once the worker's leg for {@code reservationSid}
   * answered: the customer ({@code callback_number}), as the call's caller leg (its uniqueid is the
   * task's sid), with the number the customer first called ({@code to}) as caller id. Null when the
   * task is no callback task (a transfer task of a callback's call is none: its customer is on the
   * line already), or its customer was dialled already.
   *
   * @param number the number to call
   * @param callerId the caller id to show, or null
   */
  public record CustomerDial(String uniqueId, String taskSid, String number, String callerId) {}

  public CustomerDial customerToDial(String reservationSid) {
    Reservation reservation = em.find(Reservation.class, reservationSid);
    Task task = reservation == null ? null : lifecycle.lockTaskIfExists(reservation.getTaskSid());
    String number = task == null ? null : callbackNumber(task);
    if (number == null
        || task.getAssignmentStatus() != TaskStatus.ASSIGNED
        || callerLeg(task.getSid()) != null
        || taskRepository.transferCarriedBy(task.getSid()) != null) {
      return null;
    }
    em.persist(CallLeg.caller(task.getSid(), task.getSid(), null, clock.instant()));
    return new CustomerDial(task.getSid(), task.getSid(), number, attribute(task, "to"));
  }

  /**
   * The worker of a reservation cannot be dialled (no address, no connection to the PBX): its
   * pending reservation is rejected so the task is offered to the next worker.
   */
  public void cannotDial(String reservationSid) {
    Reservation reservation = em.find(Reservation.class, reservationSid);
    if (reservation == null) {
      return;
    }
    Task task = lifecycle.lockTask(reservation.getTaskSid());
    em.refresh(reservation);
    if (reservation.getStatus() == ReservationStatus.PENDING) {
      lifecycle.reject(task, reservation, null);
    }
  }

  /** Whether a worker leg was dialled for the reservation. */
  public boolean hasWorkerLeg(String reservationSid) {
    CallLeg leg = em.find(CallLeg.class, reservationSid);
    return leg != null && leg.getRole() == CallLeg.Role.WORKER;
  }

  /**
   * What to do after a worker leg answered.
   *
   * @param keep false if the leg should be hung up ({@link #answered})
   * @param customer for a callback task, the customer to dial now ({@link #customerToDial}); else
   *     null
   */
  public record Answer(boolean keep, CustomerDial customer) {}

  /**
   * A leg answered, in one transaction: {@link #answered} and, for a worker leg kept, {@link
   * #customerToDial}.
   */
  public Answer answer(String uniqueId) {
    if (!answered(uniqueId)) {
      return new Answer(false, null);
    }
    CallLeg leg = em.find(CallLeg.class, uniqueId);
    return new Answer(
        true,
        leg == null || leg.getRole() != CallLeg.Role.WORKER ? null : customerToDial(uniqueId));
  }

  /**
   * A worker leg answered (or joined the conference): its pending reservation is accepted and the
   * task assigned.
   *
   * @return false if the leg belongs to a reservation that is over (timed out, canceled, rescinded)
   *     so the leg should be hung up; true otherwise, also for legs Switchboard does not know
   */
  public boolean answered(String uniqueId) {
    CallLeg leg = em.find(CallLeg.class, uniqueId);
    if (leg == null || leg.getRole() != CallLeg.Role.WORKER) { // a call's leg changes nothing
      return true;
    }
    Task task = lifecycle.lockTask(leg.getTaskSid());
    Reservation reservation = em.find(Reservation.class, leg.getReservationSid());
    em.refresh(reservation);
    return switch (reservation.getStatus()) {
      case PENDING -> {
        lifecycle.accept(task, reservation);
        yield true;
      }
      case ACCEPTED, WRAPPING -> true;
      default -> false;
    };
  }

  /**
   * A worker leg could not be set up: its pending reservation times out if the phone rang
   * unanswered, and is rejected for any other failure (busy, congestion, bad address), so the task
   * is offered to the next worker.
   */
  public void failed(String uniqueId, boolean unanswered) {
    failed(uniqueId, unanswered ? "no-answer" : "failed");
  }

  /**
   * A leg Switchboard dialled could not be set up; {@code callStatus} is Twilio's word for why
   * ({@code no-answer}: it rang until the timeout, {@code busy}, {@code failed}). The instruction's
   * status callback is told. A worker leg's pending reservation times out if the phone rang
   * unanswered and is rejected otherwise, so the task is offered to the next worker; a {@code call}
   * instruction's leg changes nothing else.
   */
  public List<String> failed(String uniqueId, String callStatus) {
    CallLeg leg = em.find(CallLeg.class, uniqueId);
    if (leg == null) {
      return List.of();
    }
    if (leg.getRole() == CallLeg.Role.CALLER) {
      return customerDidNotAnswer(leg, callStatus);
    }
    Task task = lifecycle.lockTask(leg.getTaskSid());
    Reservation reservation = em.find(Reservation.class, leg.getReservationSid());
    em.refresh(reservation);
    reportStatus(leg, reservation, callStatus);
    if (leg.getRole() != CallLeg.Role.WORKER
        || reservation.getStatus() != ReservationStatus.PENDING) {
      return List.of();
    }
    if ("no-answer".equals(callStatus)) {
      lifecycle.timeOut(task, reservation);
      // A timeout re-offers the task only when the deadline sweeper fires it; ask for a pass here.
      reroute.fire(new Reroute(List.of(task.getSid())));
    } else {
      lifecycle.reject(task, reservation, null);
    }
    return List.of();
  }

  /**
   * A leg hung up (see {@link #ended(String, String, AfterCall, String)}), with voicemails in
   * Asterisk's monitor directory.
   */
  public List<String> ended(String uniqueId, String cause, AfterCall afterCall) {
    return ended(uniqueId, cause, afterCall, DEFAULT_RECORDING_DIR);
  }

  /**
   * A leg hung up. The caller hanging up while the task waits cancels the task (its reservations
   * are canceled); a worker leg hanging up before it answered rejects its reservation; either side
   * hanging up while the task is assigned ends the task as {@code afterCall} says.
   *
   * <p>A caller who was recording a voicemail hanging up leaves it: the voicemail task is created
   * with the recording, {@code recordingDir} being where Asterisk wrote it.
   *
   * @return the uniqueids of the task's other legs that should be hung up now, because the task
   *     they served is over
   */
  public List<String> ended(
      String uniqueId, String cause, AfterCall afterCall, String recordingDir) {
    CallLeg leg = em.find(CallLeg.class, uniqueId);
    if (leg == null) {
      return List.of();
    }
    String status = endStatus(cause, true);
    if (isCallbackCustomer(leg) && !"completed".equals(status)) {
      // Asterisk hangs up a leg it dialled that rang out or was busy before it reports the failed
      // Originate: the hang-up's cause tells that the customer never answered
      return customerDidNotAnswer(leg, status);
    }
    String who = leg.getRole() == CallLeg.Role.CALLER ? "Caller" : "Worker";
    String why = who + " hung up" + (cause == null || cause.isBlank() ? "" : " (" + cause + ")");
    return ended(leg, cause, why, afterCall, recordingDir);
  }

  /**
   * A callback's customer did not answer ({@code callStatus}: {@code no-answer}, {@code busy},
   * {@code failed}): the worker's call with nobody is over, and the task wraps up saying why. Once
   * per leg: Asterisk reports it twice (the hang-up, then the failed Originate).
   */
  private List<String> customerDidNotAnswer(CallLeg leg, String callStatus) {
    return leg.end(clock.instant())
        ? ended(
            leg,
            null,
            "Customer did not answer the callback: " + callStatus,
            AfterCall.WRAPPING,
            DEFAULT_RECORDING_DIR)
        : List.of();
  }

  /**
   * Whether the leg is the customer Switchboard dialled for a callback task (its id the task's).
   */
  private static boolean isCallbackCustomer(CallLeg leg) {
    return leg.getRole() == CallLeg.Role.CALLER && leg.getUniqueId().equals(leg.getTaskSid());
  }

  private List<String> ended(
      CallLeg leg, String cause, String why, AfterCall afterCall, String recordingDir) {
    String uniqueId = leg.getUniqueId();
    Task task = lifecycle.lockTask(leg.getTaskSid());
    Instant now = clock.instant();
    if (leg.getCallerState() == CallLeg.CallerState.VOICEMAIL) {
      leg.callerIs(null);
      waitingCallers.voicemailLeft(
          task, "file://" + CallNames.voicemailFile(recordingDir, task.getSid()), now);
      return List.of();
    }
    if (leg.getRole() != CallLeg.Role.CALLER) {
      Reservation reservation = em.find(Reservation.class, leg.getReservationSid());
      em.refresh(reservation);
      boolean answered =
          leg.getRole() == CallLeg.Role.CALL
              || reservation.getStatus() != ReservationStatus.PENDING;
      reportStatus(leg, reservation, endStatus(cause, answered));
      if (leg.getRole() == CallLeg.Role.CALL) {
        return List.of();
      }
      if (reservation.getStatus() == ReservationStatus.PENDING) {
        // Asterisk hangs up a worker's leg that rang out before it reports the failed Originate:
        // rung unanswered, the reservation times out, as when the Originate's failure comes first
        if ("no-answer".equals(endStatus(cause, true))) {
          lifecycle.timeOut(task, reservation);
          reroute.fire(new Reroute(List.of(task.getSid())));
        } else {
          lifecycle.reject(task, reservation, null);
        }
        return List.of();
      }
      if (reservation.getStatus() != ReservationStatus.ACCEPTED) {
        return List.of();
      }
    }
    if (leg.getRole() == CallLeg.Role.CALLER) {
      cancelTransfersOf(task, why, now);
    }
    switch (task.getAssignmentStatus()) {
      case PENDING, RESERVED -> {
        if (leg.getRole() != CallLeg.Role.CALLER) {
          return List.of();
        }
        lifecycle.cancel(task, why);
      }
      case ASSIGNED -> {
        List<Reservation> talking = reservations.acceptedOf(task);
        if (afterCall == AfterCall.COMPLETED) {
          lifecycle.complete(task, why);
        } else {
          lifecycle.wrap(task, why);
        }
        talking.forEach(r -> afterWork(r, now));
      }
      default -> {
        return List.of();
      }
    }
    return callLegs.otherLegs(task.getSid(), uniqueId);
  }

  /**
   * The call of a task being transferred warm ended: the transfer task, still waiting for a worker,
   * is canceled (its transfer fails, see {@link TransferService#transferTaskCanceled}).
   */
  private void cancelTransfersOf(Task task, String why, Instant now) {
    for (TaskTransfer transfer : taskRepository.transfersUnderWay(task.getSid())) {
      Task transferTask = lifecycle.lockTaskIfExists(transfer.getTransferTaskSid());
      if (transferTask != null
          && (transferTask.getAssignmentStatus() == TaskStatus.PENDING
              || transferTask.getAssignmentStatus() == TaskStatus.RESERVED)) {
        lifecycle.cancel(transferTask, why);
      }
    }
  }

  /**
   * The worker's call for a reservation is over: the worker moves to the post-work activity its
   * {@code conference} or {@code dequeue} instruction named ({@code PostWorkActivitySid}, {@code
   * DequeuePostWorkActivitySid}), if any. Call with the task locked.
   */
  void afterWork(Reservation reservation, Instant now) {
    String sid =
        Instructions.postWorkActivitySid(reservation.getInstruction(), parametersOf(reservation));
    Activity activity = sid == null ? null : em.find(Activity.class, sid);
    if (activity != null) {
      lifecycle.moveWorker(lifecycle.lockWorker(reservation.getWorker()), activity, now);
    }
  }

  /** A leg's end in Twilio's call statuses, from Asterisk's hang-up cause text. */
  static String endStatus(String cause, boolean answered) {
    String text = cause == null ? "" : cause.toLowerCase(Locale.ROOT);
    if (text.contains("busy")) {
      return "busy";
    }
    if (!answered || text.contains("no answer") || text.contains("no user responding")) {
      return "no-answer";
    }
    return "completed";
  }

  /**
   * Tells the status callback URL of the instruction that dialled a leg ({@code StatusCallback},
   * {@code DequeueStatusCallbackUrl}, {@code CallStatusCallbackUrl}) how the call ended, once per
   * leg, with Twilio's call status parameters ({@code CallSid} is the leg's uniqueid) and the task,
   * reservation and worker it served.
   */
  private void reportStatus(CallLeg leg, Reservation reservation, String callStatus) {
    Map<String, String> parameters = parametersOf(reservation);
    String url = Instructions.statusCallbackUrl(reservation.getInstruction(), parameters);
    if (!leg.end(clock.instant()) || url == null) {
      return;
    }
    Task task = reservation.getTask();
    String from =
        switch (String.valueOf(reservation.getInstruction())) {
          case Instructions.CALL -> parameters.get("CallFrom");
          case Instructions.DEQUEUE -> parameters.get("DequeueFrom");
          default -> parameters.get("From");
        };
    if (from == null) {
      from = attribute(task, "from");
    }
    Map<String, String> status = new LinkedHashMap<>();
    status.put("AccountSid", task.getWorkspace().getAccountSid());
    status.put("CallSid", leg.getUniqueId());
    status.put("CallStatus", callStatus);
    status.put("Direction", "outbound-api");
    status.put("From", from == null ? "" : from);
    status.put("To", leg.getChannel() == null ? "" : leg.getChannel());
    status.put("CallbackSource", "call-progress-events");
    status.put("SequenceNumber", "0");
    status.put(
        "Timestamp",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atOffset(ZoneOffset.UTC)));
    status.put("TaskSid", task.getSid());
    status.put("ReservationSid", reservation.getSid());
    status.put("WorkerSid", reservation.getWorker().getSid());
    callbacks.callStatus(
        task.getWorkspace().getAccountSid(),
        reservation.getWorkspaceSid(),
        url,
        status,
        reservation.getSid());
  }

  private static Map<String, String> parametersOf(Reservation reservation) {
    String json = reservation.getInstructionParams();
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    Map<String, String> parameters = new HashMap<>();
    try (JsonReader reader = Jsons.createReader(new StringReader(json))) {
      reader
          .readObject()
          .forEach(
              (key, value) ->
                  parameters.put(
                      key, value instanceof JsonString s ? s.getString() : value.toString()));
    }
    return parameters;
  }

  private static String attribute(Task task, String name) {
    return attributesOf(task).get(name) instanceof JsonString s ? s.getString() : null;
  }

  /**
   * The task's call is being recorded to {@code url}: the recording is added to the task's
   * attributes where Twilio Flex keeps a call's recordings ({@code conversations.media}: {@code
   * type} {@code VoiceRecording}, {@code url}, {@code start_time}), and a {@code task.updated}
   * event carries them. A recording already listed is not added twice.
   */
  public void recording(String taskSid, String url) {
    Task task = lifecycle.lockTaskIfExists(taskSid);
    if (task == null) {
      return;
    }
    JsonObject attributes = attributesOf(task);
    JsonObject conversations =
        attributes.get("conversations") instanceof JsonObject c
            ? c
            : Jsons.createObjectBuilder().build();
    JsonArray media =
        conversations.get("media") instanceof JsonArray m ? m : Jsons.createArrayBuilder().build();
    if (media.stream()
        .anyMatch(
            item ->
                item instanceof JsonObject o
                    && o.get("url") instanceof JsonString s
                    && s.getString().equals(url))) {
      return;
    }
    Instant now = clock.instant();
    JsonArrayBuilder more = Jsons.createArrayBuilder();
    media.forEach(more::add);
    more.add(
        Jsons.createObjectBuilder()
            .add("type", "VoiceRecording")
            .add("url", url)
            .add("start_time", now.getEpochSecond()));
    updateAttributes(
        task,
        Jsons.createObjectBuilder(attributes)
            .add("conversations", Jsons.createObjectBuilder(conversations).add("media", more)),
        "call recorded to " + url,
        now);
  }

  /**
   * Puts the caller of an assigned voice task on hold (out of the conference, hearing music on
   * hold) or back into the conference with the worker. The task's attribute {@code caller_on_hold}
   * says which, and a {@code task.updated} event tells it; the telephony adapter moves the call (an
   * {@link InstructionIssued} {@code hold} for the accepted reservation, with the parameter {@code
   * Hold}).
   *
   * @throws org.switchboard.domain.shared.NotFoundException for an unknown task
   * @throws InvalidParameterException for a task that did not come from a call Switchboard tracks
   * @throws IllegalTransitionException unless the task is assigned
   */
  public Task hold(String accountSid, String workspaceSid, String taskSid, boolean hold) {
    Task task = lifecycle.lockTask(tasks.get(accountSid, workspaceSid, taskSid).getSid());
    String caller = callerOf(task.getSid());
    if (caller == null) {
      throw new InvalidParameterException(
          "TaskSid", "Task " + taskSid + " did not come from a phone call");
    }
    Reservation accepted =
        task.getAssignmentStatus() != TaskStatus.ASSIGNED
            ? null
            : reservations.acceptedOf(task).stream().findFirst().orElse(null);
    if (accepted == null) {
      throw new IllegalTransitionException(
          "Task "
              + taskSid
              + " is "
              + task.getAssignmentStatus().wireName()
              + "; only a call a worker is talking to can be put on hold");
    }
    updateAttributes(
        task,
        Jsons.createObjectBuilder(attributesOf(task)).add("caller_on_hold", hold),
        hold ? "caller on hold" : "caller back from hold",
        clock.instant());
    instructions.fire(
        new InstructionIssued(
            accountSid,
            workspaceSid,
            task.getSid(),
            accepted.getSid(),
            accepted.getWorker().getSid(),
            "hold",
            Map.of("Hold", String.valueOf(hold)),
            task.getAttributes(),
            accepted.getWorker().getAttributes()));
    return task;
  }

  private static JsonObject attributesOf(Task task) {
    try (JsonReader reader = Jsons.createReader(task.getAttributes())) {
      return reader.readObject();
    }
  }

  private void updateAttributes(Task task, JsonObjectBuilder attributes, String what, Instant now) {
    task.replaceAttributes(attributes.build().toString(), now);
    events.record(RoutingEvents.task(EventType.TASK_UPDATED, task, "Task updated: " + what, now));
  }

  /**
   * The caller legs of tasks still waiting or assigned, created before {@code before}: the calls
   * that must still exist on the PBX. Used to reconcile after an AMI (re)connect.
   */
  public List<String> liveCallerLegs(Instant before) {
    return callLegs.liveCallerLegs(before);
  }
}
