package org.switchboard.telephony.internal;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.asteriskjava.manager.action.ConfbridgeStartRecordAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.switchboard.domain.reservation.Instructions;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.routing.InstructionIssued;

/**
 * Turns a reservation's voice instruction, with TaskRouter's REST parameter names ({@link
 * Instructions}), into AMI actions, as the sample dialplan expects them (see
 * telephony-adapter/README.md):
 *
 * <ul>
 *   <li>{@code conference} and {@code dequeue}: {@code Originate} the worker ({@code To} / {@code
 *       DequeueTo}, else the worker's {@code contact_uri} attribute, e.g. {@code PJSIP/1001}),
 *       ringing for {@code Timeout} / {@code DequeueTimeout} seconds (else the configured ring
 *       time), asynchronously into {@code ConfBridge(<conference>,switchboard_bridge,
 *       switchboard_agent)}, the conference the caller is in, with {@code ChannelId} = the
 *       reservation sid, caller id {@code From} / {@code DequeueFrom} (else the caller's number),
 *       and channel variables naming task, reservation, worker and conference; a {@code
 *       conference}'s {@code Beep}, {@code Muted} and {@code JitterBufferSize} become the worker's
 *       ConfBridge user profile ({@link #agentProfile}).
 *   <li>{@code call}: {@code Originate} {@code CallTo} (else {@code contact_uri}) for {@code
 *       CallTimeout} seconds into the dialplan at {@code switchboard-call,s,1} with {@code
 *       SWITCHBOARD_CALL_URL} = {@code CallUrl}, caller id {@code CallFrom}, {@code ChannelId} =
 *       the reservation sid (its end is reported to {@code CallStatusCallbackUrl}), and with {@code
 *       CallRecord}, {@code SWITCHBOARD_RECORDING_FILE} for the dialplan's {@code MixMonitor}.
 *   <li>{@code redirect}: {@code Setvar SWITCHBOARD_REDIRECT_URL} = {@code RedirectUrl} on the
 *       caller's channel ({@code RedirectCallSid}, else the task's call), then {@code Redirect} it
 *       to {@code switchboard-redirect,s,1}.
 *   <li>{@code conference} or {@code dequeue} asking for a recording ({@code ConferenceRecord},
 *       {@code Record}, {@code DequeueRecord}): also {@code ConfbridgeStartRecord} of the
 *       conference into {@code <recording dir>/<conference>.wav} (ConfBridge records the mixed
 *       conference with MixMonitor on its recorder channel).
 *   <li>{@code hold} (from {@code CallService.hold}, parameter {@code Hold}): {@code Redirect} of
 *       the caller's channel to {@code switchboard-hold,s,1} (music on hold), or back into the
 *       conference through {@code switchboard-unhold,s,1}.
 *   <li>{@code transfer} (a cold transfer, from {@code CallService.transferCall}): the caller's
 *       channel moves to the transfer task's conference through {@code switchboard-transfer,s,1},
 *       then the first worker's leg is hung up.
 *   <li>{@code supervise}: {@code Originate} the supervisor ({@code Supervisor} if it is a dial
 *       string, else the supervising worker's {@code contact_uri}) into {@code ChanSpy(<worker leg
 *       uniqueid>,<options>)}, the options of {@code SupervisorMode} (see {@link
 *       #CHANSPY_OPTIONS}).
 * </ul>
 */
public final class VoiceActions {

  public static final String BRIDGE_PROFILE = "switchboard_bridge";
  public static final String AGENT_PROFILE = "switchboard_agent";
  public static final String CALLER_PROFILE = "switchboard_caller";
  public static final String CALL_CONTEXT = "switchboard-call";
  public static final String REDIRECT_CONTEXT = "switchboard-redirect";
  public static final String HOLD_CONTEXT = "switchboard-hold";
  public static final String UNHOLD_CONTEXT = "switchboard-unhold";
  public static final String TRANSFER_CONTEXT = "switchboard-transfer";
  public static final String CONNECT_CONTEXT = "switchboard-connect";
  public static final String CALLBACK_CONTEXT = "switchboard-callback";

  private VoiceActions() {}

  /** Which leg a plan dials, that Switchboard follows by its uniqueid (the reservation sid). */
  public enum Leg {
    /** None: the plan moves an existing call, or dials a supervisor. */
    NONE,
    /** The worker's leg into the caller's conference: its answer accepts the reservation. */
    WORKER,
    /** The call of a {@code call} instruction: followed for its status callback only. */
    CALL
  }

  /**
   * What to send, or why nothing can be sent.
   *
   * @param leg the leg the first action (an {@code Originate}) dials, to be recorded first
   * @param recording the file the conversation is recorded to (on the Asterisk host), or null
   */
  public record Plan(List<ManagerAction> actions, Leg leg, String problem, String recording) {

    static Plan of(Leg leg, ManagerAction... actions) {
      return new Plan(List.of(actions), leg, null, null);
    }

    static Plan impossible(String problem) {
      return new Plan(List.of(), Leg.NONE, problem, null);
    }

    /** Whether the plan dials a worker into the caller's conference. */
    public boolean dialsWorkerLeg() {
      return leg == Leg.WORKER;
    }
  }

  /**
   * The actions for an instruction.
   *
   * @param conference the ConfBridge conference of the task's caller
   * @param callerUniqueId the caller channel's uniqueid, or null if the task has no call
   */
  public static Plan plan(
      InstructionIssued issued, String conference, String callerUniqueId, Duration ringTimeout) {
    return plan(
        issued, conference, callerUniqueId, ringTimeout, TelephonySettings.DEFAULT_RECORDING_DIR);
  }

  /**
   * The actions for an instruction; a {@code conference} or {@code dequeue} that asks for a
   * recording ({@link #wantsRecording}) also starts recording the conference into {@code
   * recordingDir}.
   */
  public static Plan plan(
      InstructionIssued issued,
      String conference,
      String callerUniqueId,
      Duration ringTimeout,
      String recordingDir) {
    Map<String, String> p = issued.parameters();
    Duration ring;
    try {
      Integer seconds = Instructions.ringTimeoutSeconds(issued.instruction(), p);
      ring = seconds == null ? ringTimeout : Duration.ofSeconds(seconds);
    } catch (RuntimeException e) {
      return Plan.impossible(e.getMessage());
    }
    Plan plan = plan(issued, conference, callerUniqueId, ring, recordingDir, p);
    if (!plan.dialsWorkerLeg() || !wantsRecording(issued)) {
      return plan;
    }
    String file = recordingDir + "/" + conference + ".wav";
    ConfbridgeStartRecordAction record = new ConfbridgeStartRecordAction(conference);
    record.setRecordFile(file);
    List<ManagerAction> actions = new ArrayList<>(plan.actions());
    actions.add(record);
    return new Plan(List.copyOf(actions), Leg.WORKER, null, file);
  }

  /**
   * Whether a bridging instruction asks for the call to be recorded, with TaskRouter's parameters:
   * {@code ConferenceRecord} {@code true} or {@code record-from-start}, {@code Record} {@code true}
   * (conference), {@code DequeueRecord} {@code record-from-answer} (dequeue).
   */
  static boolean wantsRecording(InstructionIssued issued) {
    Map<String, String> p = issued.parameters();
    return isOneOf(p.get("ConferenceRecord"), "true", "record-from-start")
        || isOneOf(p.get("Record"), "true", "record-from-answer")
        || isOneOf(p.get("DequeueRecord"), "true", "record-from-answer");
  }

  private static boolean isOneOf(String value, String... accepted) {
    return value != null && List.of(accepted).contains(value.trim().toLowerCase(Locale.ROOT));
  }

  private static Plan plan(
      InstructionIssued issued,
      String conference,
      String callerUniqueId,
      Duration ringTimeout,
      String recordingDir,
      Map<String, String> p) {
    return switch (issued.instruction()) {
      case "conference" ->
          bridge(
              issued,
              conference,
              first(p.get("To"), contactUri(issued)),
              p.get("From"),
              ringTimeout);
      case "dequeue" ->
          bridge(
              issued,
              conference,
              first(p.get("DequeueTo"), contactUri(issued)),
              p.get("DequeueFrom"),
              ringTimeout);
      case "call" ->
          call(issued, first(p.get("CallTo"), contactUri(issued)), ringTimeout, recordingDir);
      case "redirect" -> redirect(issued, first(p.get("RedirectCallSid"), callerUniqueId));
      case "supervise" -> supervise(issued, ringTimeout);
      case "hold" -> hold(issued, callerUniqueId);
      case "transfer" -> transfer(issued);
      default -> Plan.impossible("unknown instruction " + issued.instruction());
    };
  }

  private static Plan bridge(
      InstructionIssued issued,
      String conference,
      String endpoint,
      String from,
      Duration ringTimeout) {
    if (!isDialString(endpoint)) {
      return Plan.impossible("the worker has no contact_uri to dial (tech/resource): " + endpoint);
    }
    OriginateAction originate = originate(issued, endpoint, from, ringTimeout);
    originate.setApplication("ConfBridge");
    originate.setData(conference + "," + BRIDGE_PROFILE + "," + AGENT_PROFILE);
    originate.setChannelId(issued.reservationSid());
    Map<String, String> variables = variables(issued);
    variables.put("SWITCHBOARD_CONFERENCE", conference);
    if ("conference".equals(issued.instruction())) {
      variables.putAll(agentProfile(issued.parameters()));
    }
    originate.setVariables(variables);
    return Plan.of(Leg.WORKER, originate);
  }

  /**
   * The worker's ConfBridge user profile for a {@code conference} instruction's participant
   * parameters, as {@code CONFBRIDGE(user,…)} dynamic-profile variables set on the originated
   * channel (Asterisk sets a {@code Variable} whose name ends in {@code )} through the dialplan
   * function): based on {@code switchboard_agent}, {@code Beep} {@code true}, {@code onEnter} or
   * {@code onExit} plays ConfBridge's join and leave sounds ({@code quiet=no}; ConfBridge cannot
   * play one without the other), {@code false} keeps it quiet; {@code Muted=true} joins muted
   * ({@code startmuted}); {@code JitterBufferSize} other than {@code off} turns on the jitter
   * buffer. Empty when none of them is given, so the profile named in {@code Data} applies.
   */
  static Map<String, String> agentProfile(Map<String, String> p) {
    Map<String, String> profile = new LinkedHashMap<>();
    String beep = lower(p.get("Beep"));
    if (beep != null) {
      profile.put("CONFBRIDGE(user,quiet)", "false".equals(beep) ? "yes" : "no");
    }
    if ("true".equals(lower(p.get("Muted")))) {
      profile.put("CONFBRIDGE(user,startmuted)", "yes");
    }
    String jitter = lower(p.get("JitterBufferSize"));
    if (jitter != null) {
      profile.put("CONFBRIDGE(user,jitterbuffer)", "off".equals(jitter) ? "no" : "yes");
    }
    if (profile.isEmpty()) {
      return profile;
    }
    Map<String, String> withTemplate = new LinkedHashMap<>();
    withTemplate.put("CONFBRIDGE(user,template)", AGENT_PROFILE);
    withTemplate.putAll(profile);
    return withTemplate;
  }

  private static String lower(String value) {
    return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
  }

  private static Plan call(
      InstructionIssued issued, String endpoint, Duration ringTimeout, String recordingDir) {
    if (!isDialString(endpoint)) {
      return Plan.impossible(
          "the call instruction has no CallTo to dial (tech/resource): " + endpoint);
    }
    Map<String, String> p = issued.parameters();
    OriginateAction originate = originate(issued, endpoint, p.get("CallFrom"), ringTimeout);
    originate.setContext(CALL_CONTEXT);
    originate.setExten("s");
    originate.setPriority(1);
    originate.setChannelId(issued.reservationSid());
    Map<String, String> variables = variables(issued);
    putIfPresent(variables, "SWITCHBOARD_CALL_URL", p.get("CallUrl"));
    String recording = null;
    if (isOneOf(p.get("CallRecord"), "true", "record-from-answer")) {
      recording = recordingDir + "/switchboard-" + issued.reservationSid() + ".wav";
      variables.put("SWITCHBOARD_RECORDING_FILE", recording);
    }
    originate.setVariables(variables);
    return new Plan(List.of(originate), Leg.CALL, null, recording);
  }

  /**
   * A cold transfer: the caller's channel ({@code CallSid}) gets the transfer task's conference and
   * task sid, and is redirected to {@code switchboard-transfer,s,1}, which joins that conference;
   * then the first worker's leg (named by the reservation sid; Asterisk answers "No such channel"
   * when Switchboard did not dial it) is hung up. In this order, so the caller has left the
   * conference before the marked worker leaves it (the caller's profile ends the caller's call when
   * the last marked user leaves). Asterisk handles one manager session's actions in order.
   */
  private static Plan transfer(InstructionIssued issued) {
    Map<String, String> p = issued.parameters();
    String caller = p.get("CallSid");
    if (caller == null || caller.isBlank()) {
      return Plan.impossible("the task has no call to transfer");
    }
    List<ManagerAction> actions = new ArrayList<>();
    actions.add(new SetVarAction(caller, "SWITCHBOARD_CONFERENCE", p.get("Conference")));
    actions.add(new SetVarAction(caller, "SWITCHBOARD_TASK_SID", p.get("TransferTaskSid")));
    actions.add(new RedirectAction(caller, TRANSFER_CONTEXT, "s", 1));
    actions.add(new HangupAction(issued.reservationSid()));
    return new Plan(List.copyOf(actions), Leg.NONE, null, null);
  }

  /**
   * A callback's customer: {@code Originate} the number through {@code channelPattern} ({@code %s}
   * is the number, kept to the characters a phone number has) into the dialplan at {@code
   * switchboard-callback,s,1}, which joins {@code SWITCHBOARD_CONFERENCE} (the callback task's
   * conference) with the caller's profile; {@code ChannelId} = the callback task's sid, caller id =
   * the number the customer first called. Into the dialplan, not straight into the ConfBridge
   * application: a channel that Originate runs an application on has no dialplan to go on with, so
   * when hold or a transfer redirected it out of the conference, Asterisk 22 hung it up.
   */
  public static Plan customer(
      String uniqueId,
      String taskSid,
      String number,
      String callerId,
      String conference,
      String channelPattern,
      Duration ringTimeout) {
    String digits = number == null ? "" : number.replaceAll("[^0-9+*#]", "");
    if (digits.isEmpty()) {
      return Plan.impossible("the callback has no number to dial: " + number);
    }
    OriginateAction originate = new RingTimedOriginateAction();
    originate.setChannel(String.format(channelPattern, digits));
    originate.setAsync(true);
    originate.setTimeout(ringTimeout.toMillis());
    originate.setContext(CALLBACK_CONTEXT);
    originate.setExten("s");
    originate.setPriority(1);
    originate.setChannelId(uniqueId);
    if (callerId != null && !callerId.isBlank()) {
      originate.setCallerId(callerId);
    }
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("SWITCHBOARD_TASK_SID", taskSid);
    variables.put("SWITCHBOARD_CONFERENCE", conference);
    originate.setVariables(variables);
    return Plan.of(Leg.NONE, originate);
  }

  /**
   * A caller waiting outside its conference (the dialplan's waiting loop) is brought into it,
   * through {@code switchboard-connect,s,1}, before its worker is dialled.
   */
  public static RedirectAction toConference(String callerUniqueId) {
    return new RedirectAction(callerUniqueId, CONNECT_CONTEXT, "s", 1);
  }

  /**
   * ChanSpy's options for TaskRouter's supervisor modes: {@code q} no beep or name, {@code E} leave
   * when the worker's leg hangs up, {@code u} the first argument is the spied channel's uniqueid
   * (the worker leg's, = the reservation sid); {@code w} whisper to the worker, {@code B} barge:
   * talk to both sides of the call.
   */
  public static final Map<String, String> CHANSPY_OPTIONS =
      Map.of("monitor", "qEu", "whisper", "qEuw", "barge", "qEuB");

  private static Plan supervise(InstructionIssued issued, Duration ringTimeout) {
    Map<String, String> p = issued.parameters();
    String supervisor = p.get("Supervisor");
    String endpoint =
        isDialString(supervisor)
            ? supervisor
            : attribute(p.get("SupervisorAttributes"), "contact_uri");
    if (!isDialString(endpoint)) {
      return Plan.impossible(
          "the supervisor " + supervisor + " has no contact_uri to dial (tech/resource)");
    }
    String options = CHANSPY_OPTIONS.get(p.getOrDefault("SupervisorMode", "monitor"));
    if (options == null) {
      return Plan.impossible("unknown SupervisorMode " + p.get("SupervisorMode"));
    }
    OriginateAction originate = originate(issued, endpoint, null, ringTimeout);
    originate.setApplication("ChanSpy");
    originate.setData(issued.reservationSid() + "," + options);
    Map<String, String> variables = variables(issued);
    variables.put("SWITCHBOARD_SUPERVISOR", supervisor);
    originate.setVariables(variables);
    return Plan.of(Leg.NONE, originate);
  }

  /**
   * Hold: the caller's channel leaves the conference for {@code switchboard-hold,s,1} (music on
   * hold; the worker stays in the conference), and comes back through {@code
   * switchboard-unhold,s,1}, which rejoins {@code SWITCHBOARD_CONFERENCE}.
   */
  private static Plan hold(InstructionIssued issued, String callerChannel) {
    if (callerChannel == null || callerChannel.isBlank()) {
      return Plan.impossible("the task has no call to hold");
    }
    boolean onHold = Boolean.parseBoolean(issued.parameters().get("Hold"));
    return Plan.of(
        Leg.NONE,
        new RedirectAction(callerChannel, onHold ? HOLD_CONTEXT : UNHOLD_CONTEXT, "s", 1));
  }

  private static Plan redirect(InstructionIssued issued, String callerChannel) {
    if (callerChannel == null || callerChannel.isBlank()) {
      return Plan.impossible("the task has no call to redirect");
    }
    RedirectAction redirect = new RedirectAction(callerChannel, REDIRECT_CONTEXT, "s", 1);
    String url = issued.parameters().get("RedirectUrl");
    if (url == null) {
      return Plan.of(Leg.NONE, redirect);
    }
    return Plan.of(
        Leg.NONE, new SetVarAction(callerChannel, "SWITCHBOARD_REDIRECT_URL", url), redirect);
  }

  private static OriginateAction originate(
      InstructionIssued issued, String endpoint, String from, Duration ringTimeout) {
    OriginateAction originate = new RingTimedOriginateAction();
    originate.setChannel(endpoint);
    originate.setAsync(true);
    originate.setTimeout(ringTimeout.toMillis());
    String callerId = first(from, attribute(issued.taskAttributes(), "from"));
    if (callerId != null) {
      originate.setCallerId(callerId);
    }
    return originate;
  }

  private static Map<String, String> variables(InstructionIssued issued) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("SWITCHBOARD_TASK_SID", issued.taskSid());
    variables.put("SWITCHBOARD_RESERVATION_SID", issued.reservationSid());
    variables.put("SWITCHBOARD_WORKER_SID", issued.workerSid());
    return variables;
  }

  /**
   * Asterisk-Java's {@code Originate} with a quiet {@code Timeout}: the library's setter logs a
   * warning for every ring time under 10 s (and an error under 1 s), with a message that names the
   * wrong limit, once per worker leg. How long a phone rings is the operator's choice ({@code
   * switchboard.ami.originate-timeout}); the action is sent the same, {@code Timeout} in ms.
   */
  public static final class RingTimedOriginateAction extends OriginateAction {
    private static final long serialVersionUID = 1L;

    private Long ringMillis;

    @Override
    public Long getTimeout() {
      return ringMillis;
    }

    @Override
    public void setTimeout(Long timeout) {
      this.ringMillis = timeout;
    }

    @Override
    public void setTimeout(Integer timeout) {
      this.ringMillis = timeout == null ? null : timeout.longValue();
    }
  }

  /** A dial string as Asterisk's Originate takes it: {@code Tech/resource}. */
  static boolean isDialString(String endpoint) {
    if (endpoint == null) {
      return false;
    }
    int slash = endpoint.indexOf('/');
    return slash > 0 && slash < endpoint.length() - 1 && endpoint.indexOf('\n') < 0;
  }

  private static String contactUri(InstructionIssued issued) {
    return attribute(issued.workerAttributes(), "contact_uri");
  }

  /** A top-level string attribute of a JSON object, or null. */
  static String attribute(String json, String name) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try (JsonReader reader = Jsons.createReader(new StringReader(json))) {
      JsonValue value = reader.readValue();
      if (!(value instanceof JsonObject object)) {
        return null;
      }
      JsonValue attribute = object.get(name);
      return attribute instanceof JsonString s ? s.getString() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String first(String preferred, String fallback) {
    return preferred != null && !preferred.isBlank() ? preferred : fallback;
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
