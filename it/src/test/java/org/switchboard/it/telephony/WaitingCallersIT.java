package org.switchboard.it.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
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
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Pbx;
import org.switchboard.it.support.Pbx.Call;
import org.switchboard.it.support.Seed;
import org.switchboard.telephony.peer.FakeAmiServer;
import org.switchboard.telephony.peer.FakeAmiServer.Outcome;

/**
 * Callers waiting in the sample dialplan's waiting loop ({@code switchboard-waiting}): its AGI
 * scripts ({@code waiting}, {@code callback}, {@code voicemail}) are run against the server's
 * FastAGI port as Asterisk would run them, and the fake AMI server shows what Asterisk is asked:
 * the waiting caller is brought into its conference before its worker is dialled, and a callback
 * dials the worker, then the customer, into one conference.
 */
@ExtendWith(ArquillianExtension.class)
class WaitingCallersIT {

  private static FakeAmiServer ami;

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @BeforeAll
  static void startPbx() throws Exception {
    ami = Pbx.startAmi();
  }

  @AfterAll
  static void stopPbx() {
    ami.close();
  }

  @BeforeEach
  void serverIsLoggedIn() {
    ami.onOriginate(action -> Outcome.RINGING);
    Pbx.awaitLogin(ami);
  }

  @Test
  void aWaitingCallerHearsItsPlaceAndJoinsTheConferenceBeforeItsWorkerIsDialled() throws Exception {
    // given two callers in a queue nobody serves yet
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("Support", "1==1");
    String workflow = seed.workflowTo(queue);
    Call first = Pbx.call(ami, workflow, "+33100000971");
    Call second = Pbx.call(ami, workflow, "+33100000972");
    Eventually.until(
        () -> queue.equals(seed.task(second.task()).getString("task_queue_sid", null)),
        placed -> placed,
        "the second call is in the queue");

    // when both run the waiting loop's announcement script
    Map<String, String> firstHears = Pbx.agi(first, "waiting");
    Map<String, String> secondHears = Pbx.agi(second, "waiting");

    // then each is told to wait, with its place in the queue and the expected wait (none yet)
    assertThat(firstHears)
        .containsEntry("SWITCHBOARD_STATUS", "ok")
        .containsEntry("SWITCHBOARD_NEXT", "wait")
        .containsEntry("SWITCHBOARD_POSITION", "1");
    assertThat(secondHears)
        .containsEntry("SWITCHBOARD_NEXT", "wait")
        .containsEntry("SWITCHBOARD_POSITION", "2")
        .containsEntry("SWITCHBOARD_EXPECTED_WAIT", "0")
        .containsEntry("SWITCHBOARD_EXPECTED_WAIT_MINUTES", "0");

    // when a worker takes the first call with the conference instruction
    String alice = seed.worker("alice", "{\"contact_uri\":\"PJSIP/9701\"}");
    seed.moveWorker(alice, "Available");
    String reservation = seed.awaitPendingReservation(first.task());
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + first.task() + "/Reservations/" + reservation,
            "Instruction",
            "conference"),
        200);

    // then the waiting caller is first redirected into its conference, then the worker dialled
    Pbx.originateTo(ami, "PJSIP/9701");
    List<FakeAmiServer.Message> actions = ami.actions();
    int redirect =
        indexOf(
            actions,
            a ->
                "Redirect".equalsIgnoreCase(a.action())
                    && first.uniqueId().equals(a.get("Channel"))
                    && "switchboard-connect".equals(a.get("Context")));
    int originate =
        indexOf(
            actions,
            a -> "Originate".equalsIgnoreCase(a.action()) && "PJSIP/9701".equals(a.get("Channel")));
    assertThat(redirect).isNotNegative().isLessThan(originate);

    // and a waiting loop that comes round again joins the conference; the second caller waits on,
    // behind the first until the first is answered (as in an Asterisk queue)
    assertThat(Pbx.agi(first, "waiting")).containsEntry("SWITCHBOARD_NEXT", "connect");
    assertThat(Pbx.agi(second, "waiting"))
        .containsEntry("SWITCHBOARD_NEXT", "wait")
        .containsEntry("SWITCHBOARD_POSITION", "2");
    assertThat(ami.actions("Redirect")).noneMatch(a -> second.uniqueId().equals(a.get("Channel")));
  }

  @Test
  void aCallerAskingForACallbackIsCalledIntoTheConferenceOfTheWorkerWhoTakesIt() throws Exception {
    Seed seed = Seed.workspace(api);
    Callback callback = callbackTaken(seed, "+33100000973", "PJSIP/9702");
    String callbackTask = callback.task();
    String reservation = callback.reservation();
    FakeAmiServer.Message customer = callback.customer();

    // when the customer answers and later hangs up
    ami.originateResponse(customer, Outcome.ANSWER);
    ami.hangup(callbackTask, 16, "Normal Clearing");

    // then the callback task wraps up and the worker's leg is hung up
    Eventually.until(
        () -> seed.task(callbackTask).getString("assignment_status"),
        "wrapping"::equals,
        "the callback task wraps up");
    Eventually.until(
        () -> ami.actions("Hangup"),
        all -> all.stream().anyMatch(h -> reservation.equals(h.get("Channel"))),
        "the worker's leg is hung up");
  }

  @Test
  void aCustomerWhoDoesNotAnswerTheCallbackEndsTheWorkersCallAndTheTaskWrapsUpSayingSo()
      throws Exception {
    // given a callback taken by a worker whose phone answered, and the customer being dialled
    Seed seed = Seed.workspace(api);
    Callback callback = callbackTaken(seed, "+33100000974", "PJSIP/9703");

    // when the customer's phone rings until Originate's timeout (Asterisk hangs the leg up with
    // cause 19, then reports the failed Originate)
    ami.originateResponse(callback.customer(), Outcome.NO_ANSWER);

    // then the task wraps up saying why, and the worker's leg is hung up
    JsonObject wrapped =
        Eventually.until(
            () -> seed.task(callback.task()),
            t -> "wrapping".equals(t.getString("assignment_status")),
            "the callback task wraps up");
    assertThat(wrapped.getString("reason"))
        .isEqualTo("Customer did not answer the callback: no-answer");
    Eventually.until(
        () -> ami.actions("Hangup"),
        all -> all.stream().anyMatch(h -> callback.reservation().equals(h.get("Channel"))),
        "the worker's leg is hung up");
  }

  @Test
  void aCallbacksCallTransferredWarmDialsTheNewWorkerToTheCustomerAndCallsNobodyElse()
      throws Exception {
    // given a callback whose customer answered and talks with bea
    Seed seed = Seed.workspace(api);
    String number = "+33100000975";
    Callback callback = callbackTaken(seed, number, "PJSIP/9704");
    ami.originateResponse(callback.customer(), Outcome.ANSWER);
    seed.awaitStatus(callback.task(), "assigned");

    // when bea transfers the call warm to cleo, and cleo takes it with the conference instruction
    String cleo = seed.worker("cleo", "{\"contact_uri\":\"PJSIP/9705\"}");
    ApiResponse started =
        api.post(
            seed.base + "/Tasks/" + callback.task() + "/Transfers", "To", cleo, "Mode", "WARM");
    Seed.expect(started, 201);
    String next = started.json().getString("transfer_task_sid");
    seed.moveWorker(cleo, "Available");
    String cleos = seed.awaitPendingReservation(next);
    Seed.expect(
        api.post(
            seed.base + "/Workers/" + cleo + "/Reservations/" + cleos, "Instruction", "conference"),
        200);

    // then cleo's phone is dialled into the conference where the customer and bea talk (the
    // transfer task carries the callback's attributes, its callback_number too, but it is no
    // callback of its own)
    FakeAmiServer.Message dialled = Pbx.originateTo(ami, "PJSIP/9705");
    assertThat(dialled.get("Data")).startsWith("switchboard-" + callback.task() + ",");
    ami.originateResponse(dialled, Outcome.ANSWER);
    seed.awaitStatus(next, "assigned");

    // and when bea leaves and the customer hangs up at last, cleo's task wraps up
    ami.hangup(callback.reservation(), 16, "Normal Clearing");
    seed.awaitStatus(callback.task(), "wrapping");
    ami.hangup(callback.task(), 16, "Normal Clearing");
    seed.awaitStatus(next, "wrapping");
    // having called the customer once, when bea took the callback
    assertThat(ami.actions("Originate"))
        .filteredOn(o -> ("Local/" + number + "@switchboard-outbound/n").equals(o.get("Channel")))
        .hasSize(1);
  }

  /** A callback task, its worker's reservation, and the customer's {@code Originate}. */
  private record Callback(String task, String reservation, FakeAmiServer.Message customer) {}

  /**
   * A caller waiting asks for a callback and hangs up; a worker takes the callback task with the
   * conference instruction and her phone answers; Switchboard dials the customer.
   */
  private Callback callbackTaken(Seed seed, String number, String workerPhone) throws Exception {
    // given a caller waiting
    String workflow = seed.workflowTo(seed.queue("Support", "1==1"));
    Call call = Pbx.call(ami, workflow, number);
    Pbx.agi(call, "waiting");

    // when it presses the key for a callback, and hangs up after the goodbye
    Map<String, String> callback = Pbx.agi(call, "callback");
    ami.hangup(call.uniqueId(), 16, "Normal Clearing");

    // then its task is canceled, and a callback task with its number waits in the workflow
    assertThat(callback)
        .containsEntry("SWITCHBOARD_STATUS", "ok")
        .containsEntry("SWITCHBOARD_NEXT", "callback");
    JsonObject canceled = seed.task(call.task());
    assertThat(canceled.getString("assignment_status")).isEqualTo("canceled");
    assertThat(canceled.getString("reason")).isEqualTo("Caller asked to be called back");
    JsonObject task = taskFor(seed, "callback_for", call.task());
    JsonObject attributes = object(task.getString("attributes"));
    assertThat(attributes.getString("callback_number")).isEqualTo(number);
    assertThat(attributes.containsKey("call_sid")).isFalse();
    assertThat(task.getString("task_channel_unique_name")).isEqualTo("voice");
    String callbackTask = task.getString("sid");

    // when a worker takes it with the conference instruction and her phone answers
    String bea = seed.worker("bea", "{\"contact_uri\":\"" + workerPhone + "\"}");
    seed.moveWorker(bea, "Available");
    String reservation = seed.awaitPendingReservation(callbackTask);
    Seed.expect(
        api.post(
            seed.base + "/Workers/" + bea + "/Reservations/" + reservation,
            "Instruction",
            "conference"),
        200);
    String conference = "switchboard-" + callbackTask;
    FakeAmiServer.Message worker = Pbx.originateTo(ami, workerPhone);
    assertThat(worker.get("Data")).isEqualTo(conference + ",switchboard_bridge,switchboard_agent");
    ami.originateResponse(worker, Outcome.ANSWER);

    // then the task is hers, and Switchboard calls the customer into the same conference
    Eventually.until(
        () -> seed.task(callbackTask).getString("assignment_status"),
        "assigned"::equals,
        "the callback task is assigned");
    FakeAmiServer.Message customer =
        Pbx.originateTo(ami, "Local/" + number + "@switchboard-outbound/n");
    assertThat(customer.get("Context")).isEqualTo("switchboard-callback");
    assertThat(customer.get("Exten")).isEqualTo("s");
    assertThat(customer.variables()).containsEntry("SWITCHBOARD_CONFERENCE", conference);
    assertThat(customer.get("ChannelId")).isEqualTo(callbackTask);
    return new Callback(callbackTask, reservation, customer);
  }

  @Test
  void aCallerLeavingAVoicemailBecomesAVoicemailTaskWhenTheCallEnds() throws Exception {
    // given a caller waiting
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Support", "1==1"));
    Call call = Pbx.call(ami, workflow, "+33100000974");

    // when it presses the key for a voicemail
    Map<String, String> voicemail = Pbx.agi(call, "voicemail");

    // then the dialplan is told where to record it, and its task is canceled
    String file = "/var/spool/asterisk/monitor/switchboard-voicemail-" + call.task() + ".wav";
    assertThat(voicemail)
        .containsEntry("SWITCHBOARD_NEXT", "voicemail")
        .containsEntry("SWITCHBOARD_VOICEMAIL_FILE", file);
    assertThat(seed.task(call.task()).getString("reason")).isEqualTo("Caller left a voicemail");

    // when the caller hangs up after recording
    ami.hangup(call.uniqueId(), 16, "Normal Clearing");

    // then a voicemail task carries the recording
    JsonObject task = taskFor(seed, "voicemail_for", call.task());
    JsonObject media =
        object(task.getString("attributes"))
            .getJsonObject("conversations")
            .getJsonArray("media")
            .getJsonObject(0);
    assertThat(media.getString("type")).isEqualTo("VoiceMail");
    assertThat(media.getString("url")).isEqualTo("file://" + file);
    assertThat(object(task.getString("attributes")).getString("from")).isEqualTo("+33100000974");

    // and a channel Switchboard does not know is told its call is over
    Call stranger = new Call("1732520000.99999", null, "PJSIP/x-9", "+1");
    assertThat(Pbx.agi(stranger, "waiting")).containsEntry("SWITCHBOARD_NEXT", "gone");
  }

  private JsonObject taskFor(Seed seed, String attribute, String original) {
    return Eventually.until(
            () ->
                api
                    .get(seed.base + "/Tasks?PageSize=50")
                    .json()
                    .getJsonArray("tasks")
                    .getValuesAs(JsonObject.class)
                    .stream()
                    .filter(
                        t ->
                            original.equals(
                                object(t.getString("attributes")).getString(attribute, null)))
                    .toList(),
            found -> !found.isEmpty(),
            "a task with " + attribute + " " + original)
        .get(0);
  }

  private static int indexOf(
      List<FakeAmiServer.Message> actions, Predicate<FakeAmiServer.Message> which) {
    for (int i = 0; i < actions.size(); i++) {
      if (which.test(actions.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static JsonObject object(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
