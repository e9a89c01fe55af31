package org.switchboard.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.CallbackReceiver;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Seed;

/**
 * Routing behaviour beyond the basic flow: escalation when a workflow target times out,
 * multitasking capacity, priorities, and the event and assignment callbacks.
 */
@ExtendWith(ArquillianExtension.class)
class RoutingFeaturesIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void escalatesToTheNextTargetWhenTheFirstTimesOut() {
    // given experts (nobody available) for 5 s, then the generalists (5 s: the task must be seen
    // in the first queue before it moves on, also on a busy machine)
    Seed seed = Seed.workspace(api);
    String experts = seed.queue("Experts", "level >= 5");
    String everyone = seed.queue("Everyone", "1==1");
    String generalist = seed.worker("generalist", "{\"level\":1}");
    seed.moveWorker(generalist, "Available");
    String workflow =
        seed.workflow(
            "escalation",
            "{\"task_routing\":{\"filters\":[{\"filter_friendly_name\":\"All\",\"expression\":\"1==1\","
                + "\"targets\":[{\"queue\":\""
                + experts
                + "\",\"timeout\":5},{\"queue\":\""
                + everyone
                + "\",\"priority\":7}]}]}}");

    // when a task comes in
    String task = seed.task(workflow, "{}");

    // then it first waits with the experts, then moves on and is offered to the generalist
    Eventually.until(
        () -> seed.task(task),
        t -> experts.equals(t.getString("task_queue_sid", null)),
        "with the experts");
    List<JsonObject> offers =
        Eventually.until(
            () -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "escalated and offered");
    assertThat(offers.get(0).getString("worker_sid")).isEqualTo(generalist);
    JsonObject escalated = seed.task(task);
    assertThat(escalated.getString("task_queue_sid")).isEqualTo(everyone);
    assertThat(escalated.getInt("priority")).isEqualTo(7);
    List<String> types = seed.eventTypes(task);
    // TaskRouter's events of an escalation: the target timed out of its queue, the task moved to
    // the next target's queue; the workflow itself did not time out (it still had a target)
    assertThat(types)
        .containsSubsequence(
            "task.created",
            "workflow.entered",
            "task-queue.entered",
            "task-queue.timeout",
            "task-queue.moved",
            "workflow.target-matched",
            "task-queue.entered")
        .doesNotContain("workflow.timeout");
  }

  @Test
  void aWorkerHoldsAsManyTasksAsItsChannelCapacity() {
    // given one worker with capacity 2 on chat
    Seed seed = Seed.workspace(api);
    String worker = seed.worker("chatter", "{}");
    Seed.expect(
        api.post(seed.base + "/Workers/" + worker + "/Channels/chat", "Capacity", "2"), 200);
    seed.moveWorker(worker, "Available");
    String workflow = seed.workflowTo(seed.queue("Chat", "1==1"));

    // when three chats arrive
    String first = seed.task(workflow, "{\"n\":1}", "TaskChannel", "chat");
    String second = seed.task(workflow, "{\"n\":2}", "TaskChannel", "chat");
    String third = seed.task(workflow, "{\"n\":3}", "TaskChannel", "chat");

    // then two are offered to the worker, the third waits until one is done
    Eventually.until(
        () -> seed.reservationsOfWorker(worker), r -> r.size() == 2, "two chats reserved");
    assertThat(seed.channel(worker, "chat").getInt("assigned_tasks")).isEqualTo(2);
    assertThat(seed.channel(worker, "chat").getInt("available_capacity_percentage")).isZero();
    assertThat(seed.channel(worker, "default").getInt("assigned_tasks")).isZero();
    List<String> reservedTasks =
        seed.reservationsOfWorker(worker).stream().map(r -> r.getString("task_sid")).toList();
    String waiting =
        List.of(first, second, third).stream()
            .filter(t -> !reservedTasks.contains(t))
            .findFirst()
            .orElseThrow();
    assertThat(seed.task(waiting).getString("assignment_status")).isEqualTo("pending");

    // when one is accepted and completed
    JsonObject done = seed.reservationsOfWorker(worker).get(0);
    Seed.expect(
        api.post(
            seed.base
                + "/Tasks/"
                + done.getString("task_sid")
                + "/Reservations/"
                + done.getString("sid"),
            "ReservationStatus",
            "accepted"),
        200);
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + done.getString("task_sid"),
            "AssignmentStatus",
            "completed",
            "Reason",
            "done"),
        200);

    // then the waiting chat is offered in its place
    Eventually.until(
        () -> seed.task(waiting),
        t -> "reserved".equals(t.getString("assignment_status")),
        "offered");
    assertThat(seed.channel(worker, "chat").getInt("assigned_tasks")).isEqualTo(2);
  }

  @Test
  void higherPriorityTasksAreOfferedFirst() {
    // given three waiting tasks of different priorities and nobody available
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("All", "1==1"));
    String low = seed.task(workflow, "{\"p\":\"low\"}", "Priority", "1");
    String high = seed.task(workflow, "{\"p\":\"high\"}", "Priority", "10");
    String mid = seed.task(workflow, "{\"p\":\"mid\"}", "Priority", "5");
    for (String t : List.of(low, high, mid)) {
      Eventually.until(
          () -> seed.task(t), x -> x.getString("task_queue_sid", null) != null, "queued");
    }

    // when a worker becomes available
    String worker = seed.worker("solo", "{}");
    seed.moveWorker(worker, "Available");

    // then it is offered the high-priority task
    List<JsonObject> offers =
        Eventually.until(() -> seed.reservationsOfWorker(worker), r -> !r.isEmpty(), "offered");
    assertThat(offers).hasSize(1);
    assertThat(offers.get(0).getString("task_sid")).isEqualTo(high);
  }

  @Test
  void eventAndAssignmentCallbacksAreSignedAndAnInstructionIsApplied() throws Exception {
    try (CallbackReceiver receiver = new CallbackReceiver()) {
      // given a workspace reporting its events and a workflow whose callback accepts every offer
      Seed seed = Seed.workspace(api);
      Seed.expect(
          api.post(
              seed.base,
              "EventCallbackUrl",
              receiver.url("/events"),
              "EventsFilter",
              "task.created,reservation.created,reservation.accepted"),
          200);
      receiver.answer(r -> r.path().equals("/assign") ? "{\"instruction\":\"accept\"}" : "");
      String worker = seed.worker("auto", "{}");
      seed.moveWorker(worker, "Available");
      String workflow =
          seed.workflowTo(
              seed.queue("Auto", "1==1"), "AssignmentCallbackUrl", receiver.url("/assign"));

      // when a task is created
      String task = seed.task(workflow, "{\"type\":\"callback\"}");

      // then the assignment callback's instruction accepts the reservation
      Eventually.until(
          () -> seed.task(task),
          t -> "assigned".equals(t.getString("assignment_status")),
          "assigned");
      List<CallbackReceiver.Received> events =
          Eventually.until(
              () -> receiver.received().stream().filter(r -> r.path().equals("/events")).toList(),
              r -> r.size() >= 3,
              "three event callbacks");
      assertThat(events)
          .extracting(r -> r.form().get("EventType"))
          .containsExactlyInAnyOrder("task.created", "reservation.created", "reservation.accepted");
      CallbackReceiver.Received assignment =
          receiver.received().stream()
              .filter(r -> r.path().equals("/assign"))
              .findFirst()
              .orElseThrow();
      assertThat(assignment.form())
          .containsEntry("TaskSid", task)
          .containsEntry("WorkerSid", worker)
          .containsEntry("WorkflowSid", workflow)
          .containsEntry("TaskAttributes", "{\"type\":\"callback\"}")
          .containsKeys(
              "ReservationSid", "TaskQueueSid", "TaskAge", "TaskPriority", "WorkerAttributes");
      for (CallbackReceiver.Received received : receiver.received()) {
        assertThat(received.signature())
            .as("signature of " + received.path())
            .isEqualTo(sign(receiver.url(received.path()), received.form()));
      }
    }
  }

  /** Twilio's documented signature, computed independently of the server's code. */
  private static String sign(String url, Map<String, String> form) throws Exception {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(form).forEach((k, v) -> data.append(k).append(v));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(
        new SecretKeySpec(
            System.getProperty("switchboard.it.auth.token").getBytes(StandardCharsets.UTF_8),
            "HmacSHA1"));
    return Base64.getEncoder()
        .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
