package org.switchboard.it.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.CallbackReceiver;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Pbx;
import org.switchboard.it.support.Pbx.Call;
import org.switchboard.it.support.Seed;
import org.switchboard.telephony.peer.FakeAmiServer;
import org.switchboard.telephony.peer.FakeAmiServer.Outcome;

/**
 * TaskRouter's voice instructions with their documented parameters, each given twice: through REST
 * ({@code UpdateTaskReservation}, the prefixed names {@code CallTo}, {@code DequeueFrom}, {@code
 * RedirectUrl}, …) and as the JSON answer of an assignment callback (the unprefixed snake_case
 * names {@code to}, {@code from}, {@code url}, {@code call_sid}, {@code post_work_activity_sid},
 * …). Both must reach Asterisk the same way: the tests assert what the fake AMI server receives,
 * and when the post-work activity applies (when the call ends).
 */
@ExtendWith(ArquillianExtension.class)
class InstructionsIT {

  /** How the instruction is given. */
  enum Via {
    REST,
    CALLBACK
  }

  private static FakeAmiServer ami;
  private static CallbackReceiver receiver;

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @BeforeAll
  static void start() throws Exception {
    ami = Pbx.startAmi();
    receiver = new CallbackReceiver();
  }

  @AfterAll
  static void stop() {
    ami.close();
    receiver.close();
  }

  @BeforeEach
  void serverIsLoggedIn() {
    ami.onOriginate(action -> Outcome.RINGING);
    receiver.answer(r -> "");
    Pbx.awaitLogin(ami);
  }

  @Test
  void conferenceThroughRest() throws Exception {
    conference(Via.REST, "7001");
  }

  @Test
  void conferenceThroughTheAssignmentCallback() throws Exception {
    conference(Via.CALLBACK, "7002");
  }

  @Test
  void dequeueThroughRest() throws Exception {
    dequeue(Via.REST, "7101");
  }

  @Test
  void dequeueThroughTheAssignmentCallback() throws Exception {
    dequeue(Via.CALLBACK, "7102");
  }

  @Test
  void callThroughRest() {
    call(Via.REST, "7201");
  }

  @Test
  void callThroughTheAssignmentCallback() {
    call(Via.CALLBACK, "7202");
  }

  @Test
  void redirectThroughRest() throws Exception {
    redirect(Via.REST);
  }

  @Test
  void redirectThroughTheAssignmentCallback() throws Exception {
    redirect(Via.CALLBACK);
  }

  @Test
  void badInstructionParametersAreRefusedNamingTheParameter() throws Exception {
    // given a caller offered to a worker
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));
    String worker = seed.worker("nell", "{\"contact_uri\":\"PJSIP/7301\"}");
    Call call = Pbx.call(ami, workflow, "+33100000300");
    seed.moveWorker(worker, "Available");
    String path = reservationPath(seed, call.task());

    // then a post-work activity of another workspace, a ring time that is no number of seconds and
    // an accept flag that is no boolean are refused, and nothing is dialled
    String elsewhere = Seed.workspace(api).activity("Unavailable");
    assertInvalid(
        api.post(path, "Instruction", "conference", "PostWorkActivitySid", elsewhere),
        "PostWorkActivitySid");
    assertInvalid(
        api.post(path, "Instruction", "dequeue", "DequeueTimeout", "soon"), "DequeueTimeout");
    assertInvalid(api.post(path, "Instruction", "call", "CallAccept", "maybe"), "CallAccept");
    assertThat(ami.actions("Originate")).noneMatch(a -> "PJSIP/7301".equals(a.get("Channel")));
    assertThat(reservationOf(seed, call.task()).getString("reservation_status"))
        .isEqualTo("pending");
  }

  /**
   * {@code conference} with {@code To}, {@code From}, {@code Timeout}, {@code Beep}, {@code Muted},
   * {@code PostWorkActivitySid} and {@code StatusCallback}.
   */
  private void conference(Via via, String extension) throws Exception {
    // given a caller and an available worker, and an activity for after the call
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("Callers", "1==1");
    String afterCall = seed.activity("Unavailable");
    String status = receiver.url("/status/" + extension);
    String phone = "PJSIP/" + extension;
    String workflow =
        workflow(
            seed,
            queue,
            via,
            "{\"instruction\":\"conference\",\"to\":\""
                + phone
                + "\",\"from\":\"+15550100\",\"timeout\":12,\"beep\":\"onEnter\",\"muted\":true,"
                + "\"post_work_activity_sid\":\""
                + afterCall
                + "\",\"status_callback\":\""
                + status
                + "\"}");
    String worker = seed.worker("w" + extension, "{\"contact_uri\":\"PJSIP/9" + extension + "\"}");
    Call call = Pbx.call(ami, workflow, "+33100000" + extension);

    // when the worker becomes available and the reservation gets the conference instruction
    seed.moveWorker(worker, "Available");
    String reservation = sidOf(reservationOf(seed, call.task()));
    if (via == Via.REST) {
      Seed.expect(
          api.post(
              seed.base + "/Tasks/" + call.task() + "/Reservations/" + reservation,
              "Instruction",
              "conference",
              "To",
              phone,
              "From",
              "+15550100",
              "Timeout",
              "12",
              "Beep",
              "onEnter",
              "Muted",
              "true",
              "PostWorkActivitySid",
              afterCall,
              "StatusCallback",
              status),
          200);
    }

    // then Asterisk is asked to dial To with From as caller id, ringing 12 s, into the caller's
    // conference with a ConfBridge profile that beeps and starts muted
    FakeAmiServer.Message originate = Pbx.originateTo(ami, phone);
    assertThat(originate.get("CallerID")).isEqualTo("+15550100");
    assertThat(originate.get("Timeout")).isEqualTo("12000");
    assertThat(originate.get("Application")).isEqualTo("ConfBridge");
    assertThat(originate.get("Data")).startsWith("switchboard-" + call.task() + ",");
    assertThat(originate.variables())
        .containsEntry("CONFBRIDGE(user,template)", "switchboard_agent")
        .containsEntry("CONFBRIDGE(user,quiet)", "no")
        .containsEntry("CONFBRIDGE(user,startmuted)", "yes");

    // when the worker answers
    ami.originateResponse(originate, Outcome.ANSWER);
    awaitTask(seed, call.task(), "assigned");

    // then the worker is still available: the post-work activity waits for the end of the call
    assertThat(activityOf(seed, worker)).isEqualTo("Available");

    // when the caller hangs up
    ami.hangup(call.uniqueId(), 16, "Normal Clearing");

    // then the task wraps up, the worker moves to the post-work activity, and the status callback
    // hears that the worker's call completed
    awaitTask(seed, call.task(), "wrapping");
    Eventually.until(
        () -> activityOf(seed, worker), "Unavailable"::equals, "the post-work activity applies");
    Map<String, String> completed = statusCallback("/status/" + extension);
    assertThat(completed)
        .containsEntry("CallSid", reservation)
        .containsEntry("CallStatus", "completed")
        .containsEntry("To", phone)
        .containsEntry("From", "+15550100")
        .containsEntry("TaskSid", call.task())
        .containsEntry("ReservationSid", reservation);
  }

  /**
   * {@code dequeue} with {@code DequeueTo}, {@code DequeueFrom}, {@code DequeueTimeout}, {@code
   * DequeueRecord}, {@code DequeuePostWorkActivitySid} and {@code DequeueStatusCallbackUrl}.
   */
  private void dequeue(Via via, String extension) throws Exception {
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("Callers", "1==1");
    String afterCall = seed.activity("Offline");
    String status = receiver.url("/status/" + extension);
    String phone = "Local/" + extension + "@agents/n";
    String workflow =
        workflow(
            seed,
            queue,
            via,
            "{\"instruction\":\"dequeue\",\"to\":\""
                + phone
                + "\",\"from\":\"+15550101\",\"timeout\":15,\"record\":\"record-from-answer\","
                + "\"post_work_activity_sid\":\""
                + afterCall
                + "\",\"status_callback_url\":\""
                + status
                + "\"}");
    String worker = seed.worker("w" + extension, "{}");
    Call call = Pbx.call(ami, workflow, "+33100000" + extension);

    seed.moveWorker(worker, "Available");
    String reservation = sidOf(reservationOf(seed, call.task()));
    if (via == Via.REST) {
      Seed.expect(
          api.post(
              seed.base + "/Workers/" + worker + "/Reservations/" + reservation,
              "Instruction",
              "dequeue",
              "DequeueTo",
              phone,
              "DequeueFrom",
              "+15550101",
              "DequeueTimeout",
              "15",
              "DequeueRecord",
              "record-from-answer",
              "DequeuePostWorkActivitySid",
              afterCall,
              "DequeueStatusCallbackUrl",
              status),
          200);
    }

    // then the worker is dialled as DequeueTo from DequeueFrom for 15 s, and the call is recorded
    FakeAmiServer.Message originate = Pbx.originateTo(ami, phone);
    assertThat(originate.get("CallerID")).isEqualTo("+15550101");
    assertThat(originate.get("Timeout")).isEqualTo("15000");
    assertThat(originate.get("ChannelId")).isEqualTo(reservation);
    String conference = "switchboard-" + call.task();
    Eventually.until(
        ami::recordings, r -> r.containsKey(conference), "Asterisk is asked to record the call");

    // when the worker's phone answers, and later the worker hangs up
    ami.originateResponse(originate, Outcome.ANSWER);
    awaitTask(seed, call.task(), "assigned");
    assertThat(activityOf(seed, worker)).isEqualTo("Available");
    ami.hangup(reservation, 16, "Normal Clearing");

    // then the worker goes to the post-work activity when the call ends, and the status callback
    // hears of it
    awaitTask(seed, call.task(), "wrapping");
    Eventually.until(
        () -> activityOf(seed, worker), "Offline"::equals, "the post-work activity applies");
    assertThat(statusCallback("/status/" + extension))
        .containsEntry("CallSid", reservation)
        .containsEntry("CallStatus", "completed")
        .containsEntry("From", "+15550101");
  }

  /**
   * {@code call} with {@code CallTo}, {@code CallFrom}, {@code CallUrl}, {@code CallAccept}, {@code
   * CallTimeout}, {@code CallStatusCallbackUrl} and {@code CallRecord}, for a task that is not a
   * phone call (an outbound call to a worker, e.g. to call a lead back).
   */
  private void call(Via via, String extension) {
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("Leads", "1==1");
    String status = receiver.url("/status/" + extension);
    String phone = "PJSIP/" + extension;
    String workflow =
        workflow(
            seed,
            queue,
            via,
            "{\"instruction\":\"call\",\"to\":\""
                + phone
                + "\",\"from\":\"+15550102\",\"url\":\"https://crm.example/lead\",\"accept\":true,"
                + "\"timeout\":9,\"record\":\"record-from-answer\",\"status_callback_url\":\""
                + status
                + "\"}");
    String worker = seed.worker("w" + extension, "{}");
    String task = seed.task(workflow, "{\"type\":\"lead\"}");

    seed.moveWorker(worker, "Available");
    String reservation = sidOf(reservationOf(seed, task));
    if (via == Via.REST) {
      ApiResponse answer =
          api.post(
              seed.base + "/Tasks/" + task + "/Reservations/" + reservation,
              "Instruction",
              "call",
              "CallTo",
              phone,
              "CallFrom",
              "+15550102",
              "CallUrl",
              "https://crm.example/lead",
              "CallAccept",
              "true",
              "CallTimeout",
              "9",
              "CallRecord",
              "record-from-answer",
              "CallStatusCallbackUrl",
              status);
      Seed.expect(answer, 200);
    }

    // then the worker is called into the call context with the URL, recorded, for 9 s, and the
    // reservation is accepted (CallAccept)
    FakeAmiServer.Message originate = Pbx.originateTo(ami, phone);
    assertThat(originate.get("Context")).isEqualTo("switchboard-call");
    assertThat(originate.get("Exten")).isEqualTo("s");
    assertThat(originate.get("CallerID")).isEqualTo("+15550102");
    assertThat(originate.get("Timeout")).isEqualTo("9000");
    assertThat(originate.get("ChannelId")).isEqualTo(reservation);
    String file = "/var/spool/asterisk/monitor/switchboard-" + reservation + ".wav";
    assertThat(originate.variables())
        .containsEntry("SWITCHBOARD_CALL_URL", "https://crm.example/lead")
        .containsEntry("SWITCHBOARD_RECORDING_FILE", file);
    awaitTask(seed, task, "assigned");
    assertThat(reservationOf(seed, task).getString("reservation_status")).isEqualTo("accepted");
    Eventually.until(
        () -> seed.task(task).getString("attributes"),
        a -> a.contains("file://" + file),
        "the task lists the recording");

    // when the called worker's phone is busy
    ami.originateResponse(originate, Outcome.BUSY);

    // then the status callback hears it, and the task stays assigned
    assertThat(statusCallback("/status/" + extension))
        .containsEntry("CallSid", reservation)
        .containsEntry("CallStatus", "busy")
        .containsEntry("To", phone);
    assertThat(seed.task(task).getString("assignment_status")).isEqualTo("assigned");
  }

  /**
   * {@code redirect} with {@code RedirectCallSid}, {@code RedirectUrl} and {@code RedirectAccept}.
   */
  private void redirect(Via via) throws Exception {
    // given a caller parked in a queue nobody serves, and a task offered to a worker whose
    // instruction moves that call on
    Seed seed = Seed.workspace(api);
    Call call = Pbx.call(ami, seed.workflowTo(seed.queue("Parked", "parked == true")), "+331004");
    String queue = seed.queue("Agents", "1==1");
    String workflow =
        workflow(
            seed,
            queue,
            via,
            "{\"instruction\":\"redirect\",\"call_sid\":\""
                + call.uniqueId()
                + "\",\"url\":\"https://ivr.example/menu\",\"accept\":true}");
    String task = seed.task(workflow, "{\"type\":\"ivr\"}");
    String worker = seed.worker("redirector-" + via, "{}");

    seed.moveWorker(worker, "Available");
    String reservation = sidOf(reservationOf(seed, task));
    if (via == Via.REST) {
      Seed.expect(
          api.post(
              seed.base + "/Workers/" + worker + "/Reservations/" + reservation,
              "Instruction",
              "redirect",
              "RedirectCallSid",
              call.uniqueId(),
              "RedirectUrl",
              "https://ivr.example/menu",
              "RedirectAccept",
              "true"),
          200);
    }

    // then the call named by RedirectCallSid is redirected with the URL, and the reservation is
    // accepted (RedirectAccept)
    FakeAmiServer.Message redirect =
        Eventually.until(
                () -> ami.actions("Redirect"),
                all -> all.stream().anyMatch(a -> call.uniqueId().equals(a.get("Channel"))),
                "Asterisk is asked to redirect the call")
            .stream()
            .filter(a -> call.uniqueId().equals(a.get("Channel")))
            .findFirst()
            .orElseThrow();
    assertThat(redirect.get("Context")).isEqualTo("switchboard-redirect");
    assertThat(ami.actions("Setvar"))
        .anyMatch(
            a ->
                call.uniqueId().equals(a.get("Channel"))
                    && "SWITCHBOARD_REDIRECT_URL".equals(a.get("Variable"))
                    && "https://ivr.example/menu".equals(a.get("Value")));
    awaitTask(seed, task, "assigned");
  }

  /** The workflow: with the assignment callback answering {@code json} when {@code via} says so. */
  private static String workflow(Seed seed, String queue, Via via, String json) {
    if (via == Via.REST) {
      return seed.workflowTo(queue);
    }
    String path = "/assign/" + seed.workspace;
    receiver.answer(r -> r.path().equals(path) ? json : "");
    return seed.workflowTo(queue, "AssignmentCallbackUrl", receiver.url(path));
  }

  private static Map<String, String> statusCallback(String path) {
    return Eventually.until(
            () -> receiver.received().stream().filter(r -> r.path().equals(path)).toList(),
            r -> !r.isEmpty(),
            "the status callback " + path + " is called")
        .get(0)
        .form();
  }

  private String activityOf(Seed seed, String worker) {
    return api.get(seed.base + "/Workers/" + worker).json().getString("activity_name");
  }

  private static void awaitTask(Seed seed, String task, String status) {
    Eventually.until(
        () -> seed.task(task).getString("assignment_status"),
        status::equals,
        "the task is " + status);
  }

  private static JsonObject reservationOf(Seed seed, String task) {
    List<JsonObject> all =
        Eventually.until(
            () -> seed.reservationsOfTask(task),
            r -> !r.isEmpty(),
            "the task is offered to the worker");
    return all.get(0);
  }

  private static String sidOf(JsonObject reservation) {
    return reservation.getString("sid");
  }

  private static String reservationPath(Seed seed, String task) {
    return seed.base + "/Tasks/" + task + "/Reservations/" + sidOf(reservationOf(seed, task));
  }
}
