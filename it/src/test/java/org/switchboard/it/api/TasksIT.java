package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;
import static org.switchboard.it.support.Problems.assertNotFound;
import static org.switchboard.it.support.Problems.assertProblem;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Pages;
import org.switchboard.it.support.Seed;

/**
 * {@code /v1/Workspaces/{WorkspaceSid}/Tasks} and their Reservations: every operation, the list
 * filters, ETag and If-Match, status changes and bad input.
 */
@ExtendWith(ArquillianExtension.class)
class TasksIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void createsFetchesUpdatesAndDeletesATaskWithETags() {
    // given
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("All", "1==1");
    String workflow = seed.workflowTo(queue);

    // when
    ApiResponse created =
        api.post(
            seed.base + "/Tasks",
            "WorkflowSid",
            workflow,
            "Attributes",
            "{\"type\":\"support\"}",
            "Priority",
            "5",
            "Timeout",
            "3600",
            "TaskChannel",
            "chat");

    // then
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject task = created.json();
    String sid = task.getString("sid");
    String path = seed.base + "/Tasks/" + sid;
    assertThat(sid).matches("WT[0-9a-f]{32}");
    assertThat(task.getString("assignment_status")).isEqualTo("pending");
    assertThat(task.getString("attributes")).isEqualTo("{\"type\":\"support\"}");
    assertThat(task.getInt("priority")).isEqualTo(5);
    assertThat(task.getInt("timeout")).isEqualTo(3600);
    assertThat(task.getString("task_channel_unique_name")).isEqualTo("chat");
    assertThat(task.getString("workflow_sid")).isEqualTo(workflow);
    assertThat(task.getString("workflow_friendly_name")).isEqualTo("to " + queue);
    assertThat(task.get("reason")).isEqualTo(JsonValue.NULL);
    assertThat(task.getString("account_sid")).isEqualTo(Api.accountSid());
    assertThat(task.getString("workspace_sid")).isEqualTo(seed.workspace);
    assertThat(task.getString("url")).isEqualTo(Api.root() + path);
    assertThat(task.getJsonObject("links").getString("reservations"))
        .isEqualTo(Api.root() + path + "/Reservations");
    assertThat(created.header("ETag")).isPresent();
    // placed in the creating transaction, as on TaskRouter: the answer already names the queue
    assertThat(task.getString("task_queue_sid")).isEqualTo(queue);
    assertThat(task.getString("task_queue_friendly_name")).isEqualTo("All");
    assertThat(task.isNull("task_queue_entered_date")).isFalse();

    // and a fetch gives its ETag
    ApiResponse fetched = api.get(path);
    String etag = fetched.header("ETag").orElseThrow();

    // when updated with that ETag
    ApiResponse updated =
        api.postIfMatch(path, etag, "Priority", "9", "Attributes", "{\"type\":\"sales\"}");

    // then
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json().getInt("priority")).isEqualTo(9);
    assertThat(updated.json().getString("attributes")).isEqualTo("{\"type\":\"sales\"}");
    assertThat(updated.header("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
    JsonObject afterUpdate = seed.task(sid);
    assertThat(afterUpdate.getInt("priority")).isEqualTo(9);

    // when updated or deleted with the stale ETag: 412 and nothing changes
    assertProblem(api.postIfMatch(path, etag, "Priority", "1"), 412, 20412, null);
    assertProblem(api.deleteIfMatch(path, etag), 412, 20412, null);
    assertThat(seed.task(sid).getInt("priority")).isEqualTo(9);

    // when deleted, it is gone
    assertThat(api.delete(path).status()).isEqualTo(204);
    assertNotFound(api.get(path));
    assertNotFound(api.post(path, "Priority", "1"));
    assertNotFound(api.delete(path));
    assertNotFound(api.get(path + "/Reservations"));
  }

  @Test
  void aTaskCreatedWhileAWorkerIsFreeIsAlreadyReservedWhenTheCreateAnswers() {
    // given a free worker
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("All", "1==1");
    String workflow = seed.workflowTo(queue);
    String worker = seed.worker("alice", "{}");
    seed.moveWorker(worker, "Available");

    // when a task is created
    ApiResponse created =
        api.post(seed.base + "/Tasks", "WorkflowSid", workflow, "Attributes", "{}");

    // then the answer, and the reservations read right after it, show the offer made
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getString("assignment_status")).isEqualTo("reserved");
    assertThat(seed.reservationsOfTask(created.json().getString("sid")))
        .extracting(r -> r.getString("worker_sid"))
        .containsExactly(worker);
  }

  @Test
  void listsWithEveryDocumentedFilter() {
    // given five tasks in two workflows and queues, one of them canceled
    Seed seed = Seed.workspace(api);
    String support = seed.queue("Support", "1==1");
    String sales = seed.queue("Sales", "1==1");
    String toSupport = seed.workflow("Support flow", defaultTo(support));
    String toSales = seed.workflow("Sales flow", defaultTo(sales));
    String t1 = seed.task(toSupport, "{\"level\":1}", "Priority", "1");
    String t2 = seed.task(toSales, "{\"level\":2}", "Priority", "5");
    String t3 = seed.task(toSupport, "{\"level\":3}", "Priority", "3");
    String t4 = seed.task(toSales, "{\"level\":4}", "Priority", "5");
    String t5 = seed.task(toSupport, "{\"level\":5}", "Priority", "2");
    for (String task : List.of(t1, t2, t3, t4, t5)) {
      Eventually.until(
          () -> seed.task(task), t -> !t.isNull("task_queue_sid"), "placed in a queue");
    }
    Seed.expect(
        api.post(seed.base + "/Tasks/" + t3, "AssignmentStatus", "canceled", "Reason", "spam"),
        200);
    String tasks = seed.base + "/Tasks";

    // then
    assertThat(sids(tasks + "?AssignmentStatus=canceled")).containsExactly(t3);
    assertThat(sids(tasks + "?AssignmentStatus=pending")).containsExactly(t1, t2, t4, t5);
    assertThat(sids(tasks + "?AssignmentStatus=canceled&AssignmentStatus=pending"))
        .containsExactly(t1, t2, t3, t4, t5);
    assertThat(sids(tasks + "?AssignmentStatus=" + Api.encode("canceled,reserved")))
        .containsExactly(t3);
    assertThat(sids(tasks + "?WorkflowSid=" + toSales)).containsExactly(t2, t4);
    assertThat(sids(tasks + "?WorkflowName=" + Api.encode("Support flow")))
        .containsExactly(t1, t3, t5);
    assertThat(sids(tasks + "?TaskQueueSid=" + sales)).containsExactly(t2, t4);
    assertThat(sids(tasks + "?TaskQueueName=Support&AssignmentStatus=pending"))
        .containsExactly(t1, t5);
    assertThat(sids(tasks + "?Priority=5")).containsExactly(t2, t4);
    assertThat(sids(tasks + "?HasAddons=false")).containsExactly(t1, t2, t3, t4, t5);
    assertThat(sids(tasks + "?HasAddons=true")).isEmpty();
    assertThat(sids(tasks + "?EvaluateTaskAttributes=" + Api.encode("level >= 3")))
        .containsExactly(t3, t4, t5);
    assertThat(sids(tasks + "?Ordering=Priority:desc,DateCreated:asc"))
        .containsExactly(t2, t4, t3, t5, t1);
    Pages.assertPagesThrough(api, tasks, "tasks", List.of(t1, t2, t3, t4, t5));
    Pages.assertPagesThrough(
        api, tasks + "?Ordering=Priority:asc", "tasks", List.of(t1, t5, t3, t2, t4));
  }

  @Test
  void rejectsBadInputAndChangesNothing() {
    // given
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("All", "1==1"));
    String task = seed.task(workflow, "{\"level\":1}", "Priority", "1");
    String path = seed.base + "/Tasks/" + task;
    // routing places the task in its queue after the create commits; compare with that state
    JsonObject before =
        Eventually.until(
            () -> seed.task(task), t -> !t.isNull("task_queue_sid"), "placed in its queue");
    String list = seed.base + "/Tasks";
    Seed other = Seed.workspace(api);
    String foreignWorkflow = other.workflowTo(other.queue("Elsewhere", "1==1"));

    // then creates
    assertInvalid(api.post(list, "WorkflowSid", workflow, "Attributes", "{\"a\""), "Attributes");
    assertInvalid(api.post(list, "WorkflowSid", workflow, "Attributes", "\"text\""), "Attributes");
    assertInvalid(
        api.post(list, "WorkflowSid", workflow, "Attributes", WorkersIT.longAttributes()),
        "Attributes");
    assertInvalid(api.post(list, "WorkflowSid", "WW" + "0".repeat(32)), "WorkflowSid");
    assertInvalid(api.post(list, "WorkflowSid", foreignWorkflow), "WorkflowSid");
    assertInvalid(api.post(list, "WorkflowSid", workflow, "Priority", "high"), "Priority");
    for (String timeout : List.of("0", "1209601", "forever")) {
      assertInvalid(api.post(list, "WorkflowSid", workflow, "Timeout", timeout), "Timeout");
    }
    assertInvalid(api.post(list, "WorkflowSid", workflow, "TaskChannel", "fax"), "TaskChannel");
    for (String date : List.of("yesterday", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z")) {
      assertInvalid(
          api.post(list, "WorkflowSid", workflow, "VirtualStartTime", date), "VirtualStartTime");
    }
    assertInvalid(
        api.post(list, "WorkflowSid", workflow, "IgnoreCapacity", "sure"), "IgnoreCapacity");
    assertInvalid(
        api.post(list, "WorkflowSid", workflow, "RoutingTarget", "alice"), "RoutingTarget");

    // and updates, where the good values of a rejected request are not applied either
    assertInvalid(api.post(path, "Priority", "7", "Attributes", "[]"), "Attributes");
    assertInvalid(api.post(path, "Attributes", "{}", "Priority", "top"), "Priority");
    assertInvalid(api.post(path, "Priority", "7", "AssignmentStatus", "canceled"), "Reason");
    assertInvalid(
        api.post(path, "Priority", "7", "AssignmentStatus", "lost", "Reason", "x"),
        "AssignmentStatus");
    assertInvalid(api.post(path, "Priority", "7", "TaskChannel", "voice"), "TaskChannel");
    assertInvalid(api.post(path, "VirtualStartTime", "2026-13-45"), "VirtualStartTime");
    assertProblem(
        api.post(path, "Priority", "7", "AssignmentStatus", "completed", "Reason", "done"),
        409,
        20001,
        "pending");

    // and list filters
    assertInvalid(api.get(list + "?AssignmentStatus=lost"), "AssignmentStatus");
    assertInvalid(api.get(list + "?Priority=high"), "Priority");
    assertInvalid(api.get(list + "?Ordering=Size:asc"), "Ordering");
    assertInvalid(
        api.get(list + "?EvaluateTaskAttributes=" + Api.encode("level >")),
        "EvaluateTaskAttributes");

    // and nothing changed
    JsonObject after = seed.task(task);
    assertThat(after.getInt("priority")).isEqualTo(before.getInt("priority"));
    assertThat(after.getString("attributes")).isEqualTo(before.getString("attributes"));
    assertThat(after.getString("assignment_status")).isEqualTo("pending");
    assertThat(after.getString("date_updated")).isEqualTo(before.getString("date_updated"));
    assertThat(Pages.sids(api.get(list), "tasks")).containsExactly(task);
  }

  @Test
  void answersReservationsThroughTheTaskAndGuardsStatusChanges() {
    // given a task offered to alice
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{}");
    String bob = seed.worker("bob", "{}");
    String task = seed.task(seed.workflowTo(seed.queue("All", "1==1")), "{}");
    seed.moveWorker(alice, "Available");
    JsonObject reservation =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "offered").get(0);
    String reservations = seed.base + "/Tasks/" + task + "/Reservations";
    String path = reservations + "/" + reservation.getString("sid");

    // then the task's reservations list, filter and fetch it
    assertThat(reservation.getString("worker_sid")).isEqualTo(alice);
    assertThat(reservation.getString("task_sid")).isEqualTo(task);
    assertThat(reservation.getString("reservation_status")).isEqualTo("pending");
    assertThat(reservation.getString("url")).isEqualTo(Api.root() + path);
    assertThat(reservation.getJsonObject("links").getString("worker"))
        .isEqualTo(Api.root() + seed.base + "/Workers/" + alice);
    assertThat(api.get(path).json()).isEqualTo(reservation);
    String sid = reservation.getString("sid");
    assertThat(Pages.sids(api.get(reservations + "?WorkerSid=" + alice), "reservations"))
        .containsExactly(sid);
    assertThat(Pages.sids(api.get(reservations + "?WorkerSid=" + bob), "reservations")).isEmpty();
    assertThat(Pages.sids(api.get(reservations + "?ReservationStatus=pending"), "reservations"))
        .containsExactly(sid);
    assertThat(Pages.sids(api.get(reservations + "?ReservationStatus=rejected"), "reservations"))
        .isEmpty();
    assertInvalid(api.get(reservations + "?ReservationStatus=unsure"), "ReservationStatus");
    assertNotFound(api.get(reservations + "/WR" + "0".repeat(32)));
    // and a reservation is not found under another task
    String otherTask = seed.task(seed.workflowTo(seed.queue("Nobody", "1==2")), "{}");
    assertNotFound(api.get(seed.base + "/Tasks/" + otherTask + "/Reservations/" + sid));

    // when alice accepts through the task, first with a stale ETag
    String etag = api.get(path).header("ETag").orElseThrow();
    assertProblem(
        api.postIfMatch(path, "\"999\"", "ReservationStatus", "accepted"), 412, 20412, null);
    assertThat(api.get(path).json().getString("reservation_status")).isEqualTo("pending");
    ApiResponse accepted = api.postIfMatch(path, etag, "ReservationStatus", "accepted");

    // then
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    assertThat(accepted.json().getString("reservation_status")).isEqualTo("accepted");
    assertThat(seed.task(task).getString("assignment_status")).isEqualTo("assigned");

    // when the assigned task is canceled, or completed without a reason, nothing changes
    assertProblem(
        api.post(seed.base + "/Tasks/" + task, "AssignmentStatus", "canceled", "Reason", "x"),
        409,
        20001,
        "assigned");
    assertInvalid(
        api.post(seed.base + "/Tasks/" + task, "AssignmentStatus", "completed"), "Reason");
    assertThat(seed.task(task).getString("assignment_status")).isEqualTo("assigned");

    // when wrapped up and completed
    ApiResponse wrapping =
        api.post(
            seed.base + "/Tasks/" + task, "AssignmentStatus", "wrapping", "Reason", "call ended");
    ApiResponse completed =
        api.post(seed.base + "/Tasks/" + task, "AssignmentStatus", "completed", "Reason", "done");

    // then
    assertThat(wrapping.status()).as(wrapping.toString()).isEqualTo(200);
    assertThat(wrapping.json().getString("assignment_status")).isEqualTo("wrapping");
    assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
    assertThat(completed.json().getString("assignment_status")).isEqualTo("completed");
    assertThat(completed.json().getString("reason")).isEqualTo("done");
    assertThat(api.get(path).json().getString("reservation_status")).isEqualTo("completed");

    // and a completed task cannot be canceled
    assertProblem(
        api.post(seed.base + "/Tasks/" + task, "AssignmentStatus", "canceled", "Reason", "late"),
        409,
        20001,
        "completed");
    assertThat(seed.task(task).getString("assignment_status")).isEqualTo("completed");
    assertThat(seed.task(task).getString("reason")).isEqualTo("done");
  }

  private List<String> sids(String path) {
    return Pages.sids(api.get(path), "tasks");
  }

  private static String defaultTo(String queue) {
    return "{\"task_routing\":{\"default_filter\":{\"queue\":\"" + queue + "\"}}}";
  }
}
