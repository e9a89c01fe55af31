package org.switchboard.it.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;
import static org.switchboard.it.support.Problems.assertProblem;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
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
import org.switchboard.telephony.peer.FastAgiCaller;

/**
 * A call's whole life against the deployed EAR: the caller is enqueued over FastAGI (a peer playing
 * Asterisk's side), and the server, logged in to a fake Asterisk manager interface (a peer written
 * from Asterisk's AMI documentation), dials the accepting worker into the caller's conference and
 * keeps the task tied to the call.
 */
@ExtendWith(ArquillianExtension.class)
class CallBridgeIT {

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
    ami.writePermissions("all");
    Pbx.awaitLogin(ami);
  }

  @Test
  void anAcceptedWorkerIsDialledIntoTheCallersConferenceAndTheTaskFollowsTheCall()
      throws Exception {
    // given a caller waiting in a voice task and an available worker with a phone
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));
    String alice = seed.worker("alice", "{\"contact_uri\":\"PJSIP/1001\"}");
    Call call = call(workflow, "+33123456789");
    assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("pending");
    seed.moveWorker(alice, "Available");
    String reservation = seed.awaitPendingReservation(call.task());

    // when the worker accepts with the conference instruction
    ApiResponse answer =
        api.post(
            seed.base + "/Tasks/" + call.task() + "/Reservations/" + reservation,
            "Instruction",
            "conference",
            "From",
            "+15550100");

    // then the answer is the (still pending) reservation, and Asterisk is asked to dial the worker
    Seed.expect(answer, 200);
    assertThat(answer.json().getString("sid")).isEqualTo(reservation);
    assertThat(answer.json().getString("reservation_status")).isEqualTo("pending");
    FakeAmiServer.Message originate = originateTo("PJSIP/1001");
    String conference = "switchboard-" + call.task();
    assertThat(originate.get("Application")).isEqualTo("ConfBridge");
    assertThat(originate.get("Data"))
        .isEqualTo(conference + ",switchboard_bridge,switchboard_agent");
    assertThat(originate.get("Async")).isEqualTo("true");
    assertThat(originate.get("ChannelId")).isEqualTo(reservation);
    assertThat(originate.get("CallerID")).isEqualTo("+15550100");
    assertThat(originate.variables())
        .containsEntry("SWITCHBOARD_TASK_SID", call.task())
        .containsEntry("SWITCHBOARD_RESERVATION_SID", reservation)
        .containsEntry("SWITCHBOARD_WORKER_SID", alice)
        .containsEntry("SWITCHBOARD_CONFERENCE", conference);
    assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("reserved");

    // when the worker's phone answers and joins the conference
    ami.originateResponse(originate, Outcome.ANSWER);
    ami.confbridgeJoin(conference, reservation);

    // then the task is assigned
    Eventually.until(
        () -> seed.task(call.task()).getString("assignment_status"),
        "assigned"::equals,
        "the task is assigned once the worker's leg answered");
    assertThat(reservationStatus(seed, call.task(), reservation)).isEqualTo("accepted");

    // when the caller hangs up
    ami.hangup(call.uniqueId(), 16, "Normal Clearing");

    // then the task goes to wrap-up, and the worker's leg is hung up
    JsonObject wrapping =
        Eventually.until(
            () -> seed.task(call.task()),
            t -> t.getString("assignment_status").equals("wrapping"),
            "the task wraps up when the call ends");
    assertThat(wrapping.getString("reason")).contains("Caller hung up");
    Eventually.until(
        () -> ami.actions("Hangup"),
        hangups -> hangups.stream().anyMatch(h -> reservation.equals(h.get("Channel"))),
        "the worker's leg is hung up");
  }

  @Test
  void aWorkerLegJoiningAssignsTheTaskAndTheWorkerHangingUpEndsIt() throws Exception {
    // given a worker dialled into a caller's conference
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));
    String erin = seed.worker("erin", "{\"contact_uri\":\"Local/3001@agents/n\"}");
    Call call = call(workflow, "+33100000006");
    seed.moveWorker(erin, "Available");
    String reservation = seed.awaitPendingReservation(call.task());
    Seed.expect(
        api.post(
            seed.base + "/Workers/" + erin + "/Reservations/" + reservation,
            "Instruction",
            "conference"),
        200);
    originateTo("Local/3001@agents/n");

    // when the leg is reported only by ConfBridge (no OriginateResponse yet)
    ami.confbridgeJoin("switchboard-" + call.task(), reservation);

    // then the task is assigned
    Eventually.until(
        () -> seed.task(call.task()).getString("assignment_status"),
        "assigned"::equals,
        "the task is assigned once the worker joined");

    // when the worker hangs up
    ami.hangup(reservation, 16, "Normal Clearing");

    // then the task wraps up and the caller, alone in the conference, is hung up
    JsonObject wrapping =
        Eventually.until(
            () -> seed.task(call.task()),
            t -> t.getString("assignment_status").equals("wrapping"),
            "the task wraps up when the worker hangs up");
    assertThat(wrapping.getString("reason")).contains("Worker hung up");
    Eventually.until(
        () -> ami.channels().containsKey(call.uniqueId()),
        up -> !up,
        "the caller's channel is hung up");
    assertThat(reservationStatus(seed, call.task(), reservation)).isEqualTo("wrapping");
  }

  @Test
  void aSupervisorIsDialledIntoTheAgentsCallToListenWhisperOrBarge() throws Exception {
    // given a caller talking to an agent, and a supervisor with a phone
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));
    String ivy = seed.worker("ivy", "{\"contact_uri\":\"PJSIP/5001\"}");
    String sue = seed.worker("sue", "{\"contact_uri\":\"PJSIP/9001\"}");
    Call call = call(workflow, "+33100000009");
    seed.moveWorker(ivy, "Available");
    String reservation = seed.awaitPendingReservation(call.task());
    String path = seed.base + "/Tasks/" + call.task() + "/Reservations/" + reservation;
    Seed.expect(api.post(path, "Instruction", "conference"), 200);
    ami.originateResponse(originateTo("PJSIP/5001"), Outcome.ANSWER);
    Eventually.until(
        () -> seed.task(call.task()).getString("assignment_status"),
        "assigned"::equals,
        "the agent is talking to the caller");

    // when supervision is asked in a mode TaskRouter does not have
    ApiResponse shout =
        api.post(path, "Instruction", "supervise", "Supervisor", sue, "SupervisorMode", "shout");

    // then it is refused, naming the parameter
    assertInvalid(shout, "SupervisorMode");

    // when the supervisor whispers
    ApiResponse whisper =
        api.post(path, "Instruction", "supervise", "Supervisor", sue, "SupervisorMode", "whisper");

    // then the reservation is unchanged, and Asterisk is asked to dial the supervisor's phone into
    // ChanSpy on the agent's leg (by its uniqueid), whispering to the agent
    Seed.expect(whisper, 200);
    assertThat(whisper.json().getString("reservation_status")).isEqualTo("accepted");
    FakeAmiServer.Message spy = originateTo("PJSIP/9001");
    assertThat(spy.get("Application")).isEqualTo("ChanSpy");
    assertThat(spy.get("Data")).isEqualTo(reservation + ",qEuw");
    assertThat(spy.variables())
        .containsEntry("SWITCHBOARD_SUPERVISOR", sue)
        .containsEntry("SWITCHBOARD_TASK_SID", call.task());
    assertThat(ami.actions("Originate"))
        .filteredOn(a -> "PJSIP/9001".equals(a.get("Channel")))
        .hasSize(1);
    assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("assigned");
  }

  @Test
  void theCallerIsPutOnHoldAndBackOverRestAndTheTaskSaysSo() throws Exception {
    // given a caller waiting, offered to an agent
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));
    String kim = seed.worker("kim", "{\"contact_uri\":\"PJSIP/5501\"}");
    Call call = call(workflow, "+33100000011");
    seed.moveWorker(kim, "Available");
    String reservation = seed.awaitPendingReservation(call.task());
    String hold = seed.base + "/Tasks/" + call.task() + "/CustomerParticipant";

    // then a caller nobody talks to yet cannot be held, nor with a Hold that is no boolean
    assertProblem(api.post(hold, "Hold", "true"), 409, 20001, "put on hold");
    assertInvalid(api.post(hold, "Hold", "maybe"), "Hold");

    // when the agent is connected and the caller is put on hold
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + call.task() + "/Reservations/" + reservation,
            "Instruction",
            "conference"),
        200);
    ami.originateResponse(originateTo("PJSIP/5501"), Outcome.ANSWER);
    Eventually.until(
        () -> seed.task(call.task()).getString("assignment_status"),
        "assigned"::equals,
        "the agent is talking to the caller");
    ApiResponse held = api.post(hold, "Hold", "true");

    // then the answer is the task saying so, and Asterisk moves the caller to music on hold
    Seed.expect(held, 200);
    assertThat(object(held.json().getString("attributes")).getBoolean("caller_on_hold")).isTrue();
    Eventually.until(
        () -> ami.actions("Redirect"),
        all ->
            all.stream()
                .anyMatch(
                    a ->
                        call.uniqueId().equals(a.get("Channel"))
                            && "switchboard-hold".equals(a.get("Context"))),
        "the caller is redirected to music on hold");

    // when the caller is taken off hold
    ApiResponse back = api.post(hold, "Hold", "false");

    // then the caller rejoins the conference, and task.updated events told both changes
    Seed.expect(back, 200);
    assertThat(object(back.json().getString("attributes")).getBoolean("caller_on_hold")).isFalse();
    Eventually.until(
        () -> ami.actions("Redirect"),
        all ->
            all.stream()
                .anyMatch(
                    a ->
                        call.uniqueId().equals(a.get("Channel"))
                            && "switchboard-unhold".equals(a.get("Context"))),
        "the caller is redirected back into the conference");
    assertThat(
            api.get(seed.base + "/Events?EventType=task.updated&TaskSid=" + call.task())
                .json()
                .getJsonArray("events")
                .getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("description"))
        .contains("Task updated: caller on hold", "Task updated: caller back from hold");
  }

  @Test
  void aConferenceAskingForARecordingRecordsItAndTheTaskSaysWhere() throws Exception {
    // given a caller offered to an agent
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));
    String jo = seed.worker("jo", "{\"contact_uri\":\"PJSIP/6001\"}");
    Call call = call(workflow, "+33100000010");
    seed.moveWorker(jo, "Available");
    String reservation = seed.awaitPendingReservation(call.task());

    // when the agent accepts with the conference instruction, asking for a recording
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + call.task() + "/Reservations/" + reservation,
            "Instruction",
            "conference",
            "ConferenceRecord",
            "record-from-start"),
        200);

    // then the agent is dialled and ConfBridge is asked to record the caller's conference
    originateTo("PJSIP/6001");
    String conference = "switchboard-" + call.task();
    String file = "/var/spool/asterisk/monitor/" + conference + ".wav";
    Eventually.until(
        ami::recordings,
        r -> file.equals(r.get(conference)),
        "Asterisk is asked to record the conference");

    // and the recording's location is on the task and in its task.updated event
    JsonObject media =
        Eventually.until(
                () -> object(seed.task(call.task()).getString("attributes")),
                a -> a.containsKey("conversations"),
                "the task lists the recording")
            .getJsonObject("conversations")
            .getJsonArray("media")
            .getJsonObject(0);
    assertThat(media.getString("type")).isEqualTo("VoiceRecording");
    assertThat(media.getString("url")).isEqualTo("file://" + file);
    assertThat(
            api.get(seed.base + "/Events?EventType=task.updated&TaskSid=" + call.task())
                .json()
                .getJsonArray("events")
                .getValuesAs(JsonObject.class))
        .anyMatch(
            e ->
                e.getJsonObject("event_data")
                    .getString("task_attributes")
                    .contains("file://" + file));
  }

  @Test
  void aRecordingAsteriskRefusesIsNotListedOnTheTaskAndTheCallGoesOn() throws Exception {
    // given the sample AMI user's write permissions (call, originate, reporting: not system, the
    // class Asterisk's app_confbridge registers ConfbridgeStartRecord with), and a caller offered
    // to an agent
    ami.writePermissions("call", "originate", "reporting");
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));
    String kim = seed.worker("kim", "{\"contact_uri\":\"PJSIP/6002\"}");
    Call call = call(workflow, "+33100000011");
    seed.moveWorker(kim, "Available");
    String reservation = seed.awaitPendingReservation(call.task());
    String conference = "switchboard-" + call.task();

    // when the agent accepts asking for a recording, Asterisk refuses the recording, and the
    // agent's phone answers
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + call.task() + "/Reservations/" + reservation,
            "Instruction",
            "conference",
            "ConferenceRecord",
            "true"),
        200);
    FakeAmiServer.Message originate = originateTo("PJSIP/6002");
    Eventually.until(
        () -> ami.actions("ConfbridgeStartRecord"),
        all -> all.stream().anyMatch(a -> conference.equals(a.get("Conference"))),
        "Asterisk is asked to record the conference");
    ami.originateResponse(originate, Outcome.ANSWER);

    // then the call goes on (the agent's answer is handled after the instruction's actions), but
    // the task does not claim a recording Asterisk never made
    Eventually.until(
        () -> seed.task(call.task()).getString("assignment_status"),
        "assigned"::equals,
        "the task is assigned once the agent answered");
    assertThat(ami.recordings()).doesNotContainKey(conference);
    assertThat(object(seed.task(call.task()).getString("attributes")))
        .doesNotContainKey("conversations");
  }

  @Test
  void theRedirectInstructionRedirectsTheCallersChannel() throws Exception {
    // given a waiting caller offered to a worker
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));
    String frank = seed.worker("frank", "{}");
    Call call = call(workflow, "+33100000007");
    seed.moveWorker(frank, "Available");
    String reservation = seed.awaitPendingReservation(call.task());

    // when the reservation is answered with the redirect instruction
    ApiResponse answer =
        api.post(
            seed.base + "/Tasks/" + call.task() + "/Reservations/" + reservation,
            "Instruction",
            "redirect",
            "RedirectCallSid",
            call.uniqueId(),
            "RedirectUrl",
            "https://ivr.example/menu");

    // then Asterisk is asked to move the caller's channel, and the reservation stays pending, as
    // on TaskRouter without RedirectAccept=true (InstructionsIT gives it)
    Seed.expect(answer, 200);
    assertThat(answer.json().getString("reservation_status")).isEqualTo("pending");
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
    assertThat(redirect.get("Exten")).isEqualTo("s");
    assertThat(redirect.get("Priority")).isEqualTo("1");
    assertThat(ami.actions("Setvar"))
        .anyMatch(
            a ->
                call.uniqueId().equals(a.get("Channel"))
                    && "SWITCHBOARD_REDIRECT_URL".equals(a.get("Variable"))
                    && "https://ivr.example/menu".equals(a.get("Value")));
  }

  @Test
  void aCallerHangingUpWhileWaitingCancelsTheTask() throws Exception {
    // given a caller whose task is reserved for a worker
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));
    String bob = seed.worker("bob", "{\"contact_uri\":\"PJSIP/1002\"}");
    Call call = call(workflow, "+33100000001");
    seed.moveWorker(bob, "Available");
    String reservation = seed.awaitPendingReservation(call.task());

    // when the caller hangs up
    ami.hangup(call.uniqueId(), 16, "Normal Clearing");

    // then the task is canceled, naming the hang-up, and the reservation with it
    JsonObject canceled =
        Eventually.until(
            () -> seed.task(call.task()),
            t -> t.getString("assignment_status").equals("canceled"),
            "the task is canceled when the caller hangs up");
    assertThat(canceled.getString("reason")).isEqualTo("Caller hung up (Normal Clearing)");
    assertThat(reservationStatus(seed, call.task(), reservation)).isEqualTo("canceled");
    assertThat(seed.channel(bob, "voice").getInt("assigned_tasks")).isZero();
  }

  @Test
  void aWorkerWhosePhoneIsBusyIsRejectedAndTheTaskGoesToTheNextWorker() throws Exception {
    // given two workers; the first one's phone is busy
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));
    String carol = seed.worker("carol", "{\"contact_uri\":\"PJSIP/2001\"}");
    String dave = seed.worker("dave", "{\"contact_uri\":\"PJSIP/2002\"}");
    ami.onOriginate(
        action -> "PJSIP/2001".equals(action.get("Channel")) ? Outcome.BUSY : Outcome.RINGING);
    Call call = call(workflow, "+33100000002");
    seed.moveWorker(carol, "Available");
    String first = seed.awaitPendingReservation(call.task());
    seed.moveWorker(dave, "Available");

    // when carol accepts with the conference instruction and her phone is busy
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + call.task() + "/Reservations/" + first,
            "Instruction",
            "conference"),
        200);

    // then her reservation is rejected and the task is offered to dave
    Eventually.until(
        () -> reservationStatus(seed, call.task(), first),
        "rejected"::equals,
        "the busy worker's reservation is rejected");
    List<JsonObject> daves =
        Eventually.until(
            () -> seed.reservationsOfWorker(dave),
            r -> r.stream().anyMatch(x -> x.getString("reservation_status").equals("pending")),
            "the task is offered to the next worker");
    assertThat(daves.get(0).getString("task_sid")).isEqualTo(call.task());
    assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("reserved");
    assertThat(seed.channel(carol, "voice").getInt("assigned_tasks")).isZero();
  }

  @Test
  void aPhoneRingingUnansweredTimesTheReservationOutAndAHangUpBeforeJoiningRejectsIt()
      throws Exception {
    // given a caller and a worker whose phone rings until Originate's timeout
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));
    String gina = seed.worker("gina", "{\"contact_uri\":\"PJSIP/4001\"}");
    String hank = seed.worker("hank", "{\"contact_uri\":\"PJSIP/4002\"}");
    ami.onOriginate(
        action -> "PJSIP/4001".equals(action.get("Channel")) ? Outcome.NO_ANSWER : Outcome.RINGING);
    Call call = call(workflow, "+33100000008");
    seed.moveWorker(gina, "Available");
    String first = seed.awaitPendingReservation(call.task());
    seed.moveWorker(hank, "Available");

    // when gina accepts with the conference instruction and nobody picks up
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + call.task() + "/Reservations/" + first,
            "Instruction",
            "conference"),
        200);

    // then her reservation times out and the task is offered to hank
    Eventually.until(
        () -> reservationStatus(seed, call.task(), first),
        "timeout"::equals,
        "the unanswered worker's reservation times out");
    String second =
        Eventually.until(
                () -> seed.reservationsOfWorker(hank),
                r -> r.stream().anyMatch(x -> x.getString("reservation_status").equals("pending")),
                "the task is offered to the next worker")
            .get(0)
            .getString("sid");

    // when hank accepts, his phone rings, and the leg hangs up before it joined
    Seed.expect(
        api.post(
            seed.base + "/Workers/" + hank + "/Reservations/" + second,
            "Instruction",
            "conference"),
        200);
    originateTo("PJSIP/4002");
    ami.hangup(second, 17, "User busy");

    // then his reservation is rejected and the caller keeps waiting
    Eventually.until(
        () -> reservationStatus(seed, call.task(), second),
        "rejected"::equals,
        "a worker leg hanging up before it joined rejects the reservation");
    assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("pending");
  }

  @Test
  void afterTheAmiConnectionDropsReconciliationCancelsTasksWhoseCallIsGone() throws Exception {
    // given two waiting callers
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));
    Call gone = call(workflow, "+33100000003");
    Call stays = call(workflow, "+33100000004");
    int logins = ami.logins();

    // when the connection drops, and one call ends while nobody listens
    ami.dropConnections();
    ami.forget(gone.uniqueId());

    // then the server reconnects, asks for the live channels, and cancels only the orphan task
    Eventually.until(ami::logins, n -> n > logins, "the server logs in again");
    JsonObject canceled =
        Eventually.until(
            () -> seed.task(gone.task()),
            t -> t.getString("assignment_status").equals("canceled"),
            "the task whose call is gone is canceled");
    assertThat(canceled.getString("reason")).contains("call gone when AMI reconnected");
    Eventually.until(
        () -> ami.actions("CoreShowChannels").size() >= ami.logins(),
        done -> done,
        "the reconciliation ran");
    assertThat(seed.task(stays.task()).getString("assignment_status")).isEqualTo("pending");

    // and FastAGI was not affected: garbage and an unknown script are answered, calls still work
    FastAgiCaller.sendRaw("127.0.0.1", Pbx.fastAgiPort(), "garbage\n\n", Duration.ofSeconds(10));
    FastAgiCaller unknown =
        FastAgiCaller.forRequest(
            "127.0.0.1", Pbx.fastAgiPort(), "nosuch?workflow=" + workflow, "PJSIP/x-1", "9.9", "1");
    unknown.run("127.0.0.1", Pbx.fastAgiPort(), Duration.ofSeconds(20));
    assertThat(unknown.variables()).containsEntry("SWITCHBOARD_STATUS", "error");
    assertThat(seed.task(call(workflow, "+33100000005").task()).getString("assignment_status"))
        .isEqualTo("pending");
  }

  private static Call call(String workflow, String callerId) throws Exception {
    return Pbx.call(ami, workflow, callerId);
  }

  private static JsonObject object(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  private static String reservationStatus(Seed seed, String task, String reservation) {
    return seed.reservationsOfTask(task).stream()
        .filter(r -> r.getString("sid").equals(reservation))
        .findFirst()
        .orElseThrow()
        .getString("reservation_status");
  }

  private static FakeAmiServer.Message originateTo(String channel) {
    return Pbx.originateTo(ami, channel);
  }
}
