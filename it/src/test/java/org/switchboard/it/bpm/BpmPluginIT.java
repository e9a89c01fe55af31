package org.switchboard.it.bpm;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.bpm.SwitchboardPlugin;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Pbx;
import org.switchboard.it.support.Seed;
import org.switchboard.telephony.peer.FakeAmiServer;

/**
 * The BPM plugin end to end: an embedded Camunda 7.24 engine on its own PostgreSQL database, with
 * the plugin, against the deployed Switchboard, reached through a local TCP proxy the tests can
 * turn into an outage. The process is {@code bpm/claim.bpmn}, the example of {@code
 * bpm-plugin/README.md}.
 */
@ExtendWith(ArquillianExtension.class)
class BpmPluginIT {

  private static final Api API = Api.asSuiteAccount();
  private static Seed seed;
  private static String ann;
  private static String fin;
  private static String cal;
  private static String vic;
  private static String callers;
  private static FakeAmiServer ami;
  private static TcpProxy proxy;
  private static CamundaEngine camunda;
  private static RuntimeService runtime;
  private static TaskService tasks;
  private static ManagementService management;
  private static HistoryService history;
  private static ExternalTaskService externalTasks;

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @BeforeAll
  static void engineWithThePluginAndTheClaimProcess() throws IOException {
    ami = Pbx.startAmi();
    seed = Seed.workspace(API);
    ann = seed.worker("ann", "{\"skills\":[\"claims\"],\"camunda_user\":\"ann.k\"}");
    fin = seed.worker("fin", "{\"skills\":[\"finance\"]}");
    cal = seed.worker("cal", "{\"skills\":[\"callbacks\"]}");
    String review = seed.workflowTo(seed.queue("Claims", "skills HAS 'claims'"));
    String approve = seed.workflowTo(seed.queue("Finance", "skills HAS 'finance'"));
    String unstaffed = seed.workflowTo(seed.queue("Unstaffed", "skills HAS 'nobody'"));
    seed.moveWorker(ann, "Available");
    seed.moveWorker(fin, "Available");
    seed.moveWorker(cal, "Available");
    String callbacks = seed.workflowTo(seed.queue("Callbacks", "skills HAS 'callbacks'"));
    vic = seed.worker("vic", "{\"skills\":[\"phone\"],\"contact_uri\":\"PJSIP/7001\"}");
    String phone = seed.workflowTo(seed.queue("Phone", "skills HAS 'phone'"));
    seed.moveWorker(vic, "Available");
    callers = seed.workflowTo(seed.queue("Callers", "skills HAS 'nobody'"));

    proxy = new TcpProxy(Integer.parseInt(Api.root().substring(Api.root().lastIndexOf(':') + 1)));
    SwitchboardPlugin plugin = new SwitchboardPlugin();
    plugin.setBaseUrl(proxy.url());
    plugin.setWorkspaceSid(seed.workspace);
    // the plugin holds an API key, not the account's AuthToken
    ApiResponse key =
        API.post(
            "/2010-04-01/Accounts/" + Api.accountSid() + "/Keys.json", "FriendlyName", "camunda");
    Seed.expect(key, 201);
    plugin.setUsername(key.json().getString("sid"));
    plugin.setPassword(key.json().getString("secret"));
    plugin.setPollIntervalMillis(200);
    plugin.setRetryMaxSeconds(1);
    plugin.setRequestTimeoutMillis(5000);
    plugin.setExternalTaskTopics("customer-callback=" + callbacks);
    plugin.setExternalTaskVariables("customer,phone");
    // 4 s: extended when less than 2 s is left, which a loaded test machine's job executor keeps
    plugin.setExternalTaskLockMillis(4000);
    plugin.setReconcileIntervalSeconds(1);
    plugin.setInboundCallMessage("inboundCall");
    plugin.setInboundCallCorrelation("from=phone");
    plugin.setInboundCallWorkflows(callers);
    camunda = CamundaEngine.start("switchboard-it", plugin);
    runtime = camunda.engine.getRuntimeService();
    tasks = camunda.engine.getTaskService();
    management = camunda.engine.getManagementService();
    history = camunda.engine.getHistoryService();
    externalTasks = camunda.engine.getExternalTaskService();

    String bpmn = resource("/bpm/claim.bpmn");
    camunda
        .engine
        .getRepositoryService()
        .createDeployment()
        .addString("claim.bpmn", bpmn.replace("WW_REVIEW", review).replace("WW_APPROVE", approve))
        .addString(
            "unstaffedClaim.bpmn",
            bpmn.replace("id=\"claim\"", "id=\"unstaffedClaim\"")
                .replace("WW_REVIEW", unstaffed)
                .replace("WW_APPROVE", unstaffed))
        .addString("callback.bpmn", resource("/bpm/callback.bpmn"))
        .addString("voice.bpmn", resource("/bpm/voice.bpmn").replace("WW_PHONE", phone))
        .addString("inbound.bpmn", resource("/bpm/inbound.bpmn"))
        .deploy();
  }

  @AfterAll
  static void stop() throws IOException {
    if (camunda != null) {
      camunda.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (ami != null) {
      ami.close();
    }
  }

  @Test
  void bothUserTasksAreRoutedToWorkersWithTheRightSkillsAndTheProcessMovesOnWhenTheyAreDone() {
    // given a claim just received
    String claim =
        runtime
            .startProcessInstanceByKey(
                "claim", Map.of("customer", "ACME", "amount", 1200, "internal", "not sent"))
            .getId();

    // then its review is a Switchboard task, with the user task's facts, offered to ann
    Task review = userTask(claim, "review");
    String reviewSid = routed(review);
    JsonObject reviewTask = seed.task(reviewSid);
    JsonObject attributes = Json.object(reviewTask.getString("attributes"));
    assertThat(attributes.getJsonObject("camunda").getString("task_id")).isEqualTo(review.getId());
    assertThat(attributes.getJsonObject("camunda").getString("process_instance_id"))
        .isEqualTo(claim);
    assertThat(attributes.getJsonArray("candidate_groups").getString(0)).isEqualTo("claims");
    assertThat(attributes.getString("customer")).isEqualTo("ACME");
    assertThat(attributes.getInt("amount")).isEqualTo(1200);
    assertThat(attributes.containsKey("internal")).isFalse();
    assertThat(attributes.getString("due_date")).startsWith("2030-01-31T");
    assertThat(reviewTask.getInt("priority")).isEqualTo(70);
    assertThat(reviewTask.getInt("timeout")).isEqualTo(7200);
    String reviewReservation = pendingReservation(reviewSid, ann);

    // when ann accepts: the user task is assigned to her Camunda user
    accept(ann, reviewReservation);
    Eventually.until(() -> assignee(review.getId()), "ann.k"::equals, "assigned to ann.k");

    // when she completes it in Switchboard with an outcome
    complete(reviewSid, "{\"approved\":true,\"note\":\"all receipts there\"}");

    // then the process moves on, with the outcome as variables, and the approval goes to fin
    Task approve = userTask(claim, "approve");
    assertThat(runtime.getVariable(claim, "approved")).isEqualTo(true);
    assertThat(runtime.getVariable(claim, "note")).isEqualTo("all receipts there");
    assertThat(history.createHistoricTaskInstanceQuery().taskId(review.getId()).singleResult())
        .satisfies(t -> assertThat(t.getDeleteReason()).isEqualTo("completed"));
    String approveSid = routed(approve);
    assertThat(Json.object(seed.task(approveSid).getString("attributes")).getBoolean("approved"))
        .isTrue();
    String approveReservation = pendingReservation(approveSid, fin);
    accept(fin, approveReservation);
    Eventually.until(() -> assignee(approve.getId()), "fin"::equals, "assigned to fin");
    complete(approveSid, "{\"paid\":true}");

    // then the claim ends as paid; neither Switchboard task was changed by the completion echo
    Eventually.until(() -> ended(claim), e -> e, "the claim ended");
    assertThat(endActivity(claim)).isEqualTo("paid");
    assertThat(seed.task(reviewSid).getString("assignment_status")).isEqualTo("completed");
    assertThat(seed.task(approveSid).getString("assignment_status")).isEqualTo("completed");
  }

  @Test
  void aBoundaryTimerOnTheUserTaskCancelsTheRoutedTask() {
    // given a claim whose review is routed and offered to ann
    String claim =
        runtime.startProcessInstanceByKey("claim", Map.of("customer", "Initech")).getId();
    String reviewSid = routed(userTask(claim, "review"));
    pendingReservation(reviewSid, ann);

    // when an hour passes: the review's timer is due on Camunda's clock and its job runs
    Job timer = management.createJobQuery().processInstanceId(claim).timers().singleResult();
    try {
      ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofMinutes(61))));
      management.executeJob(timer.getId());
    } catch (ProcessEngineException raceWithTheJobExecutor) {
      // the job executor, seeing the same clock, may have run it first: the outcome is the same
    } finally {
      ClockUtil.reset();
    }

    // then the claim escalates and the Switchboard task is canceled, its reservation with it
    Eventually.until(() -> ended(claim), e -> e, "the claim ended");
    assertThat(endActivity(claim)).isEqualTo("escalated");
    JsonObject canceled =
        Eventually.until(
            () -> seed.task(reviewSid),
            t -> t.getString("assignment_status").equals("canceled"),
            "the Switchboard task canceled");
    assertThat(canceled.getString("reason")).isEqualTo("user task ended in Camunda");
    assertThat(seed.reservationsOfTask(reviewSid))
        .allSatisfy(r -> assertThat(r.getString("reservation_status")).isEqualTo("canceled"));
  }

  @Test
  void aCanceledSwitchboardTaskRaisesTheConfiguredBpmnError() {
    // given a claim whose review is done and whose approval is routed to fin
    String claim = runtime.startProcessInstanceByKey("claim", Map.of("amount", 90)).getId();
    String reviewSid = routed(userTask(claim, "review"));
    accept(ann, pendingReservation(reviewSid, ann));
    complete(reviewSid, "{\"approved\":false}");
    String approveSid = routed(userTask(claim, "approve"));

    // when Switchboard cancels the approval
    ApiResponse canceled =
        API.post(
            seed.base + "/Tasks/" + approveSid,
            "AssignmentStatus",
            "canceled",
            "Reason",
            "customer withdrew");
    assertThat(canceled.status()).as(canceled.toString()).isEqualTo(200);

    // then the user task's error boundary event takes the claim to "rejected"
    Eventually.until(() -> ended(claim), e -> e, "the claim ended");
    assertThat(endActivity(claim)).isEqualTo("rejected");
    assertThat(seed.task(approveSid).getString("reason")).isEqualTo("customer withdrew");
  }

  @Test
  void whileSwitchboardIsUnreachableUserTasksWaitAndAreThenRoutedExactlyOnce() {
    List<String> claims;
    try {
      // given Switchboard carries out the engine's POSTs but the engine never hears the answer
      proxy.dropReplies();
      String lostAnswer = runtime.startProcessInstanceByKey("unstaffedClaim").getId();
      Task lostAnswerTask = userTask(lostAnswer, "review");
      Eventually.until(
          () -> switchboardTasksOf(lostAnswerTask.getId()),
          found -> !found.isEmpty() && proxy.dropped() > 0,
          "a task created in Switchboard whose answer was lost");

      // and then Switchboard cannot be reached at all
      proxy.refuse();
      int refusedBefore = proxy.refused();
      String down1 = runtime.startProcessInstanceByKey("unstaffedClaim").getId();
      String down2 = runtime.startProcessInstanceByKey("unstaffedClaim").getId();
      // every call fails at once; ten refusals take a few retry rounds of every waiting job
      Eventually.until(proxy::refused, n -> n >= refusedBefore + 10, "calls refused");
      assertThat(List.of(down1, down2))
          .allSatisfy(c -> assertThat(linkedSid(userTask(c, "review").getId())).isNull());
      claims = List.of(lostAnswer, down1, down2);
    } finally {
      // when Switchboard is back
      proxy.forward();
    }

    // then every user task is routed, each to exactly one Switchboard task, its own
    for (String claim : claims) {
      Task review = userTask(claim, "review");
      String sid = routed(review);
      assertThat(switchboardTasksOf(review.getId())).containsExactly(sid);
      assertThat(seed.task(sid).getString("assignment_status")).isEqualTo("pending");
    }

    // and deleting the instances cancels them
    claims.forEach(c -> runtime.deleteProcessInstance(c, "test over"));
    for (String claim : claims) {
      String sid =
          history
              .createHistoricVariableInstanceQuery()
              .processInstanceId(claim)
              .variableName("switchboardTaskSid")
              .singleResult()
              .getValue()
              .toString();
      Eventually.until(
          () -> seed.task(sid).getString("assignment_status"),
          "canceled"::equals,
          "the Switchboard task of a deleted instance canceled");
    }
  }

  @Test
  void anExternalTaskIsRoutedItsLockExtendedWhileItWaitsAndCompletedWithTheRoutedTask() {
    // given a callback request: an external task of the topic Switchboard works on
    String request =
        runtime
            .startProcessInstanceByKey(
                "callback", Map.of("customer", "Globex", "phone", "+15550100"))
            .getId();

    // then Switchboard holds its lock and routes it, with the chosen variables, to cal
    ExternalTask locked =
        Eventually.until(
            () -> externalTasks.createExternalTaskQuery().processInstanceId(request).singleResult(),
            t -> t != null && "switchboard".equals(t.getWorkerId()),
            "the external task locked by Switchboard");
    String sid =
        Eventually.until(
                () -> runtime.getVariableLocal(locked.getExecutionId(), "switchboardTaskSid"),
                s -> s != null,
                "the external task routed")
            .toString();
    JsonObject attributes = Json.object(seed.task(sid).getString("attributes"));
    assertThat(attributes.getJsonObject("camunda").getString("task_id")).isEqualTo(locked.getId());
    assertThat(attributes.getJsonObject("camunda").getString("topic"))
        .isEqualTo("customer-callback");
    assertThat(attributes.getString("phone")).isEqualTo("+15550100");
    accept(cal, pendingReservation(sid, cal));

    // while the task waits, its lock (4 s) is extended before it runs out, again and again: a
    // competing worker fetching the topic all along never gets the task
    Date firstLock = locked.getLockExpirationTime();
    List<String> stolen = new ArrayList<>();
    ExternalTask extended =
        Eventually.until(
            () -> {
              externalTasks
                  .fetchAndLock(1, "competitor")
                  .topic("customer-callback", 60_000)
                  .execute()
                  .forEach(t -> stolen.add(t.getId()));
              return externalTasks
                  .createExternalTaskQuery()
                  .externalTaskId(locked.getId())
                  .singleResult();
            },
            t -> t.getLockExpirationTime().getTime() > firstLock.getTime() + 8000,
            "the lock extended past two of its durations");
    assertThat(stolen).isEmpty();
    assertThat(extended.getWorkerId()).isEqualTo("switchboard");

    // when cal completes the routed task with an outcome
    complete(sid, "{\"reached\":true}");

    // then the external task is completed and the process ends with the outcome
    Eventually.until(() -> ended(request), e -> e, "the callback process ended");
    assertThat(endActivity(request)).isEqualTo("calledBack");
    assertThat(
            history
                .createHistoricVariableInstanceQuery()
                .processInstanceId(request)
                .variableName("reached")
                .singleResult()
                .getValue())
        .isEqualTo(true);
  }

  @Test
  void aVoiceStepRingsTheAcceptingWorkersPhoneAndThenTheCustomersNumber() {
    // given Switchboard is logged in to the PBX, and a callback is requested for a customer
    Pbx.awaitLogin(ami);
    String request =
        runtime
            .startProcessInstanceByKey(
                "phoneCallback", Map.of("customer", "Umbrella", "phone", "+1 555 0100"))
            .getId();

    // then the user task is a voice task saying whom it calls
    Task call = userTask(request, "callCustomer");
    String sid = routed(call);
    JsonObject task = seed.task(sid);
    assertThat(task.getString("task_channel_unique_name")).isEqualTo("voice");
    JsonObject outbound = Json.object(task.getString("attributes")).getJsonObject("outbound_call");
    assertThat(outbound.getString("number")).isEqualTo("+1 555 0100");
    assertThat(outbound.getString("caller_id")).isEqualTo("+15550199");

    // and when it is offered to vic, the plugin answers with the call instruction: Asterisk is
    // asked to ring vic's phone into the dialplan that then dials the customer's number
    FakeAmiServer.Message originate = Pbx.originateTo(ami, "PJSIP/7001");
    assertThat(originate.get("Context")).isEqualTo("switchboard-call");
    assertThat(originate.get("Exten")).isEqualTo("s");
    assertThat(originate.get("CallerID")).isEqualTo("+15550199");
    assertThat(originate.variables())
        .containsEntry("SWITCHBOARD_CALL_URL", "tel:+15550100")
        .containsEntry("SWITCHBOARD_TASK_SID", sid)
        .containsEntry("SWITCHBOARD_WORKER_SID", vic);
    assertThat(seed.reservationsOfTask(sid))
        .singleElement()
        .satisfies(r -> assertThat(r.getString("reservation_status")).isEqualTo("accepted"));
    assertThat(ami.actions("Originate"))
        .filteredOn(a -> "PJSIP/7001".equals(a.get("Channel")))
        .hasSize(1);

    // and the user task is vic's; when vic completes the task after the call, the process ends
    Eventually.until(() -> assignee(call.getId()), "vic"::equals, "assigned to vic");
    complete(sid, "{\"reached\":true}");
    Eventually.until(() -> ended(request), e -> e, "the callback process ended");
    assertThat(endActivity(request)).isEqualTo("calledBack");
  }

  @Test
  void anInboundCallStartsAProcessOrGoesToTheInstanceWaitingForThatCaller() throws IOException {
    // given an instance waiting for a call from its customer
    Pbx.awaitLogin(ami);
    String waiting =
        runtime.startProcessInstanceByKey("awaitCall", Map.of("phone", "+33100000042")).getId();

    // when that customer calls, and so does somebody else
    Pbx.Call known = Pbx.call(ami, callers, "+33100000042");
    Pbx.Call stranger = Pbx.call(ami, callers, "+33100000043");

    // then the customer's call goes to the waiting instance, with the call's attributes
    Eventually.until(
        () -> runtime.getVariable(waiting, "call_sid"),
        known.uniqueId()::equals,
        "the call correlated to the waiting instance");
    assertThat(runtime.getVariable(waiting, "call_from")).isEqualTo("+33100000042");
    assertThat(runtime.getVariable(waiting, "switchboardTaskSid")).isEqualTo(known.task());
    userTask(waiting, "handleCall");

    // and the stranger's call starts an intake, its business key the call's sid
    ProcessInstance intake =
        Eventually.until(
            () ->
                runtime
                    .createProcessInstanceQuery()
                    .processInstanceBusinessKey(stranger.uniqueId())
                    .singleResult(),
            p -> p != null,
            "an intake started by the stranger's call");
    assertThat(intake.getProcessDefinitionId()).startsWith("callIntake:");
    assertThat(runtime.getVariable(intake.getId(), "call_from")).isEqualTo("+33100000043");
    assertThat(runtime.getVariable(intake.getId(), "switchboardTaskSid"))
        .isEqualTo(stranger.task());

    // and neither call is handed on twice
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .variableValueEquals("call_sid", known.uniqueId())
                .count())
        .isOne();
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .variableValueEquals("call_sid", stranger.uniqueId())
                .count())
        .isOne();
  }

  @Test
  void anExternalTaskDeletedInCamundaHasItsSwitchboardTaskCanceled() {
    // given an external task Switchboard routed
    String request =
        runtime
            .startProcessInstanceByKey(
                "callback", Map.of("customer", "Hooli", "phone", "+15550111"))
            .getId();
    ExternalTask locked =
        Eventually.until(
            () -> externalTasks.createExternalTaskQuery().processInstanceId(request).singleResult(),
            t -> t != null && "switchboard".equals(t.getWorkerId()),
            "the external task locked by Switchboard");
    String sid =
        Eventually.until(
                () -> runtime.getVariableLocal(locked.getExecutionId(), "switchboardTaskSid"),
                s -> s != null,
                "the external task routed")
            .toString();

    // when its process instance is deleted (external tasks have no delete listener); the bridge
    // extends the task's 2 s lock every second, and a deletion racing an extension is retried
    Eventually.until(
        () -> {
          try {
            runtime.deleteProcessInstance(request, "the customer called in meanwhile");
            return true;
          } catch (OptimisticLockingException extendedMeanwhile) {
            return false;
          }
        },
        deleted -> deleted,
        "the instance deleted");

    // then reconciliation finds the Switchboard task orphaned and cancels it
    JsonObject canceled =
        Eventually.until(
            () -> seed.task(sid),
            t -> t.getString("assignment_status").equals("canceled"),
            "the Switchboard task of the deleted external task canceled");
    assertThat(canceled.getString("reason")).isEqualTo("external task ended in Camunda");
  }

  // ---- helpers

  private static String resource(String name) throws IOException {
    try (InputStream in = BpmPluginIT.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Task userTask(String processInstance, String key) {
    return Eventually.until(
        () ->
            tasks
                .createTaskQuery()
                .processInstanceId(processInstance)
                .taskDefinitionKey(key)
                .singleResult(),
        t -> t != null,
        "user task " + key + " of " + processInstance);
  }

  private static Object linkedSid(String taskId) {
    return tasks.getVariableLocal(taskId, "switchboardTaskSid");
  }

  /** The Switchboard task the user task was routed to, once it is. */
  private static String routed(Task task) {
    return Eventually.until(() -> linkedSid(task.getId()), s -> s != null, "routed " + task)
        .toString();
  }

  /** The sids of Switchboard tasks carrying this Camunda task id, in any status. */
  private static List<String> switchboardTasksOf(String camundaTaskId) {
    ApiResponse response =
        API.get(
            seed.base
                + "/Tasks?EvaluateTaskAttributes="
                + Api.encode("camunda.task_id == \"" + camundaTaskId + "\""));
    Seed.expect(response, 200);
    return response.json().getJsonArray("tasks").getValuesAs(JsonObject.class).stream()
        .map(t -> t.getString("sid"))
        .toList();
  }

  private static String pendingReservation(String taskSid, String worker) {
    List<JsonObject> reservations =
        Eventually.until(
            () -> seed.reservationsOfTask(taskSid),
            r -> r.stream().anyMatch(x -> x.getString("reservation_status").equals("pending")),
            "a pending reservation of " + taskSid);
    JsonObject pending =
        reservations.stream()
            .filter(x -> x.getString("reservation_status").equals("pending"))
            .findFirst()
            .orElseThrow();
    assertThat(pending.getString("worker_sid")).isEqualTo(worker);
    return pending.getString("sid");
  }

  private static void accept(String worker, String reservation) {
    Seed.expect(
        API.post(
            seed.base + "/Workers/" + worker + "/Reservations/" + reservation,
            "ReservationStatus",
            "accepted"),
        200);
  }

  /** The worker records an outcome on the task and completes it. */
  private static void complete(String taskSid, String outcome) {
    JsonObject task = seed.task(taskSid);
    JsonObject attributes = Json.object(task.getString("attributes"));
    String updated =
        Json.with(attributes, "outcome", Json.object(outcome)).toString(); // keeps camunda.*
    Seed.expect(API.post(seed.base + "/Tasks/" + taskSid, "Attributes", updated), 200);
    Seed.expect(
        API.post(
            seed.base + "/Tasks/" + taskSid, "AssignmentStatus", "completed", "Reason", "done"),
        200);
  }

  private static String assignee(String taskId) {
    Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
    return task == null ? null : task.getAssignee();
  }

  private static boolean ended(String processInstance) {
    return runtime.createProcessInstanceQuery().processInstanceId(processInstance).count() == 0;
  }

  private static String endActivity(String processInstance) {
    return history
        .createHistoricActivityInstanceQuery()
        .processInstanceId(processInstance)
        .activityType("noneEndEvent")
        .singleResult()
        .getActivityId();
  }
}
