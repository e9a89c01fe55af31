package org.switchboard.it.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;
import static org.switchboard.it.support.Problems.assertProblem;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Locale;
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
 * Transfers of voice tasks over REST ({@code …/Tasks/{TaskSid}/Transfers}, Switchboard's extension
 * with the SDK's {@code task.transfer()} parameters), against the fake AMI server: a cold transfer
 * moves the caller into the transfer task's conference and hangs up the first agent; a warm one
 * dials the new agent into the conference where the caller and the first agent talk, and the first
 * agent leaves by hanging up. {@code realtime/RealtimeSdkIT} drives the same through the SDK.
 */
@ExtendWith(ArquillianExtension.class)
class TransfersIT {

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
  void aColdTransferToAWorkerMovesTheCallerToTheNewAgentsConference() throws Exception {
    // given a caller talking to alice, and bob available
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Support", "1==1"));
    String alice = seed.worker("alice", "{\"contact_uri\":\"PJSIP/8101\"}");
    String bob = seed.worker("bob", "{\"contact_uri\":\"PJSIP/8102\"}");
    Call call = Pbx.call(ami, workflow, "+33100000801");
    String first = connect(seed, call, alice, "PJSIP/8101");
    seed.moveWorker(bob, "Available");

    // when alice transfers the call to bob, cold
    ApiResponse started =
        api.post(seed.base + "/Tasks/" + call.task() + "/Transfers", "To", bob, "Mode", "COLD");

    // then the transfer is initiated and carried by a new task with the call's attributes
    Seed.expect(started, 201);
    JsonObject transfer = started.json();
    assertThat(transfer.getString("sid")).startsWith("TT");
    assertThat(transfer.getString("task_sid")).isEqualTo(call.task());
    assertThat(transfer.getString("transfer_to")).isEqualTo(bob);
    assertThat(transfer.getString("transfer_type")).isEqualTo("WORKER");
    assertThat(transfer.getString("transfer_mode")).isEqualTo("COLD");
    assertThat(transfer.getString("transfer_status")).isEqualTo("initiated");
    assertThat(transfer.getString("initiating_worker_sid")).isEqualTo(alice);
    assertThat(transfer.getString("initiating_reservation_sid")).isEqualTo(first);
    String next = transfer.getString("transfer_task_sid");
    JsonObject transferTask = seed.task(next);
    assertThat(transferTask.getString("attributes")).contains(call.uniqueId());
    assertThat(transferTask.getString("routing_target")).isEqualTo(bob);

    // and alice's task wraps up, the caller is moved to the transfer task's conference, and only
    // then alice's phone is hung up
    JsonObject original = seed.task(call.task());
    assertThat(original.getString("assignment_status")).isEqualTo("wrapping");
    assertThat(original.getString("reason")).isEqualTo("Transferred to " + bob);
    String conference = "switchboard-" + next;
    List<FakeAmiServer.Message> moves =
        Eventually.until(
            () ->
                ami.actions().stream()
                    .filter(
                        a ->
                            call.uniqueId().equals(a.get("Channel"))
                                || first.equals(a.get("Channel")))
                    .toList(),
            all -> all.stream().anyMatch(a -> "Hangup".equals(a.action())),
            "the caller is moved and alice's leg hung up");
    assertThat(moves)
        .extracting(m -> m.action().toLowerCase(Locale.ROOT))
        .containsSubsequence("setvar", "redirect", "hangup");
    assertThat(moves)
        .anyMatch(
            a ->
                "Setvar".equalsIgnoreCase(a.action())
                    && "SWITCHBOARD_CONFERENCE".equals(a.get("Variable"))
                    && conference.equals(a.get("Value")));
    assertThat(moves)
        .anyMatch(
            a ->
                "Redirect".equals(a.action())
                    && "switchboard-transfer".equals(a.get("Context"))
                    && call.uniqueId().equals(a.get("Channel")));
    assertThat(events(seed, call.task(), "task.transfer-initiated")).hasSize(1);

    // when the caller waits there, bob is offered the transfer task and accepts it
    ami.confbridgeJoin(conference, call.uniqueId());
    String second = seed.awaitPendingReservation(next);
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + next + "/Reservations/" + second, "Instruction", "conference"),
        200);

    // then bob's phone is dialled into the transfer task's conference, and once it answers the
    // transfer is complete
    FakeAmiServer.Message dialled = Pbx.originateTo(ami, "PJSIP/8102");
    assertThat(dialled.get("Data")).startsWith(conference + ",");
    ami.originateResponse(dialled, Outcome.ANSWER);
    seed.awaitStatus(next, "assigned");
    Eventually.until(
        () -> transferOf(seed, call.task(), transfer.getString("sid")).getString("transfer_status"),
        "complete"::equals,
        "the transfer completes");
    assertThat(events(seed, call.task(), "task.transfer-completed")).hasSize(1);

    // when the caller hangs up, the transfer task wraps up and bob's leg is hung up
    ami.hangup(call.uniqueId(), 16, "Normal Clearing");
    seed.awaitStatus(next, "wrapping");
    Eventually.until(
        () -> ami.actions("Hangup"),
        all -> all.stream().anyMatch(h -> second.equals(h.get("Channel"))),
        "bob's leg is hung up");
  }

  @Test
  void aWarmTransferToAQueueJoinsTheNewAgentBeforeTheFirstLeaves() throws Exception {
    // given a caller talking to alice, and a second-level queue with carol and dave
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Support", "level == 1"));
    String tier2 = seed.queue("Tier 2", "level == 2");
    String alice = seed.worker("alice", "{\"level\":1,\"contact_uri\":\"PJSIP/8201\"}");
    String carol = seed.worker("carol", "{\"level\":2,\"contact_uri\":\"PJSIP/8202\"}");
    String dave = seed.worker("dave", "{\"level\":2,\"contact_uri\":\"PJSIP/8203\"}");
    Call call = Pbx.call(ami, workflow, "+33100000802");
    String first = connect(seed, call, alice, "PJSIP/8201");

    // when alice transfers the call warm to the second-level queue
    ApiResponse started =
        api.post(seed.base + "/Tasks/" + call.task() + "/Transfers", "To", tier2, "Mode", "WARM");
    Seed.expect(started, 201);
    JsonObject transfer = started.json();
    String next = transfer.getString("transfer_task_sid");
    assertThat(transfer.getString("transfer_type")).isEqualTo("QUEUE");
    assertThat(transfer.getString("initiating_queue_sid")).isNotEmpty();

    // then alice keeps the task and the call: nobody is moved or hung up
    assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("assigned");
    Eventually.until(
        () -> seed.task(next),
        t -> tier2.equals(t.getString("task_queue_sid", null)),
        "the transfer task waits in the second-level queue");

    // when carol, offered it first, rejects it
    seed.moveWorker(carol, "Available");
    String carols = seed.awaitPendingReservation(next);
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + next + "/Reservations/" + carols,
            "ReservationStatus",
            "rejected"),
        200);

    // then that attempt failed, but the transfer goes on in the queue
    Eventually.until(
        () -> events(seed, call.task(), "task.transfer-attempt-failed"),
        e -> !e.isEmpty(),
        "the failed attempt is an event");
    assertThat(
            transferOf(seed, call.task(), transfer.getString("sid")).getString("transfer_status"))
        .isEqualTo("initiated");

    // when dave takes it with the conference instruction
    seed.moveWorker(dave, "Available");
    String daves = seed.awaitPendingReservation(next);
    Seed.expect(
        api.post(
            seed.base + "/Workers/" + dave + "/Reservations/" + daves, "Instruction", "conference"),
        200);

    // then dave's phone is dialled into the conference where the caller and alice talk
    FakeAmiServer.Message dialled = Pbx.originateTo(ami, "PJSIP/8203");
    assertThat(dialled.get("Data")).startsWith("switchboard-" + call.task() + ",");
    ami.originateResponse(dialled, Outcome.ANSWER);
    seed.awaitStatus(next, "assigned");
    Eventually.until(
        () -> transferOf(seed, call.task(), transfer.getString("sid")).getString("transfer_status"),
        "complete"::equals,
        "the transfer completes when dave answers");
    assertThat(ami.actions("Redirect")).noneMatch(a -> call.uniqueId().equals(a.get("Channel")));
    assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("assigned");

    // when alice leaves the call
    ami.hangup(first, 16, "Normal Clearing");

    // then her task wraps up, and the caller and dave stay on the call
    seed.awaitStatus(call.task(), "wrapping");
    assertThat(seed.task(next).getString("assignment_status")).isEqualTo("assigned");
    assertThat(ami.actions("Hangup"))
        .noneMatch(h -> call.uniqueId().equals(h.get("Channel")) || daves.equals(h.get("Channel")));

    // and when the caller hangs up at last, dave's task wraps up and his leg is hung up
    ami.hangup(call.uniqueId(), 16, "Normal Clearing");
    seed.awaitStatus(next, "wrapping");
    Eventually.until(
        () -> ami.actions("Hangup"),
        all -> all.stream().anyMatch(h -> daves.equals(h.get("Channel"))),
        "dave's leg is hung up");
  }

  @Test
  void aWarmTransferThatFailsOrIsCanceledLeavesTheTaskWithItsWorker() throws Exception {
    // given a caller talking to alice, bob and erin available
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Support", "1==1"));
    String alice = seed.worker("alice", "{\"contact_uri\":\"PJSIP/8301\"}");
    Call call = Pbx.call(ami, workflow, "+33100000803");
    connect(seed, call, alice, "PJSIP/8301");
    String bob = seed.worker("bob", "{\"contact_uri\":\"PJSIP/8302\"}");
    String erin = seed.worker("erin", "{\"contact_uri\":\"PJSIP/8303\"}");
    seed.moveWorker(bob, "Available");
    seed.moveWorker(erin, "Available");
    String transfers = seed.base + "/Tasks/" + call.task() + "/Transfers";

    // then a transfer to alice herself, to something that is not a worker or a queue, or in an
    // unknown mode is refused
    assertInvalid(api.post(transfers, "To", alice), "To");
    assertInvalid(api.post(transfers, "To", "support"), "To");
    assertInvalid(api.post(transfers, "To", bob, "Mode", "HOT"), "Mode");

    // when alice transfers warm to bob, and bob rejects
    JsonObject toBob = api.post(transfers, "To", bob).json();
    assertThat(toBob.getString("transfer_mode")).isEqualTo("WARM");
    assertProblem(api.post(transfers, "To", erin), 409, 20001, "transferred");
    String bobs = seed.awaitPendingReservation(toBob.getString("transfer_task_sid"));
    Seed.expect(
        api.post(
            seed.base + "/Workers/" + bob + "/Reservations/" + bobs,
            "ReservationStatus",
            "rejected"),
        200);

    // then the transfer failed, its task is canceled, and alice still has the caller
    JsonObject failed =
        Eventually.until(
            () -> transferOf(seed, call.task(), toBob.getString("sid")),
            t -> t.getString("transfer_status").equals("failed"),
            "the transfer fails");
    assertThat(failed.getString("transfer_failed_reason")).contains("rejected");
    seed.awaitStatus(toBob.getString("transfer_task_sid"), "canceled");
    assertThat(events(seed, call.task(), "task.transfer-failed")).hasSize(1);
    assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("assigned");

    // when alice transfers warm to erin and withdraws it before erin answered
    JsonObject toErin = api.post(transfers, "To", erin).json();
    String erins = seed.awaitPendingReservation(toErin.getString("transfer_task_sid"));
    ApiResponse withdrawn =
        api.post(transfers + "/" + toErin.getString("sid"), "TransferStatus", "canceled");

    // then the transfer is canceled with its task and erin's offer, alice still has the caller
    Seed.expect(withdrawn, 200);
    assertThat(withdrawn.json().getString("transfer_status")).isEqualTo("canceled");
    assertThat(seed.task(toErin.getString("transfer_task_sid")).getString("assignment_status"))
        .isEqualTo("canceled");
    assertThat(
            seed.reservationsOfTask(toErin.getString("transfer_task_sid")).stream()
                .filter(r -> r.getString("sid").equals(erins))
                .findFirst()
                .orElseThrow()
                .getString("reservation_status"))
        .isEqualTo("canceled");
    assertThat(events(seed, call.task(), "task.transfer-canceled")).hasSize(1);
    assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("assigned");
    assertThat(api.get(transfers).json().getJsonArray("transfers").getValuesAs(JsonObject.class))
        .extracting(t -> t.getString("transfer_status"))
        .containsExactly("failed", "canceled");
    assertProblem(
        api.post(transfers + "/" + toErin.getString("sid"), "TransferStatus", "canceled"),
        409,
        20001,
        "canceled");
  }

  /** Alice is offered the call, accepts with the conference instruction and her phone answers. */
  private String connect(Seed seed, Call call, String worker, String phone) {
    seed.moveWorker(worker, "Available");
    String reservation = seed.awaitPendingReservation(call.task());
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + call.task() + "/Reservations/" + reservation,
            "Instruction",
            "conference"),
        200);
    ami.originateResponse(Pbx.originateTo(ami, phone), Outcome.ANSWER);
    seed.awaitStatus(call.task(), "assigned");
    return reservation;
  }

  private JsonObject transferOf(Seed seed, String task, String sid) {
    ApiResponse response = api.get(seed.base + "/Tasks/" + task + "/Transfers/" + sid);
    Seed.expect(response, 200);
    return response.json();
  }

  private List<JsonObject> events(Seed seed, String task, String type) {
    return api.get(seed.base + "/Events?TaskSid=" + task + "&EventType=" + type)
        .json()
        .getJsonArray("events")
        .getValuesAs(JsonObject.class);
  }
}
