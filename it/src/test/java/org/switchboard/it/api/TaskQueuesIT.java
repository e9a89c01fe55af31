package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;
import static org.switchboard.it.support.Problems.assertNotFound;
import static org.switchboard.it.support.Problems.assertProblem;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Pages;
import org.switchboard.it.support.Seed;

/** {@code /v1/Workspaces/{WorkspaceSid}/TaskQueues}: all five operations and their bad input. */
@ExtendWith(ArquillianExtension.class)
class TaskQueuesIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void createsFetchesUpdatesAndDeletesAQueue() {
    // given
    Seed seed = Seed.workspace(api);
    String unavailable = seed.activity("Unavailable");
    String offline = seed.activity("Offline");

    // when
    ApiResponse created =
        api.post(
            seed.base + "/TaskQueues",
            "FriendlyName",
            "Support",
            "TargetWorkers",
            "skills HAS 'support'",
            "MaxReservedWorkers",
            "3",
            "TaskOrder",
            "LIFO",
            "ReservationActivitySid",
            unavailable,
            "AssignmentActivitySid",
            offline);

    // then
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject queue = created.json();
    String sid = queue.getString("sid");
    String path = seed.base + "/TaskQueues/" + sid;
    assertThat(sid).matches("WQ[0-9a-f]{32}");
    assertThat(queue.getString("friendly_name")).isEqualTo("Support");
    assertThat(queue.getString("target_workers")).isEqualTo("skills HAS 'support'");
    assertThat(queue.getInt("max_reserved_workers")).isEqualTo(3);
    assertThat(queue.getString("task_order")).isEqualTo("LIFO");
    assertThat(queue.getString("reservation_activity_sid")).isEqualTo(unavailable);
    assertThat(queue.getString("reservation_activity_name")).isEqualTo("Unavailable");
    assertThat(queue.getString("assignment_activity_sid")).isEqualTo(offline);
    assertThat(queue.getString("assignment_activity_name")).isEqualTo("Offline");
    assertThat(queue.getString("account_sid")).isEqualTo(Api.accountSid());
    assertThat(queue.getString("workspace_sid")).isEqualTo(seed.workspace);
    assertThat(queue.getString("url")).isEqualTo(Api.root() + path);
    assertThat(queue.getJsonObject("links").getString("real_time_statistics"))
        .isEqualTo(Api.root() + path + "/RealTimeStatistics");
    assertThat(api.get(path).json()).isEqualTo(queue);

    // when updated
    ApiResponse updated =
        api.post(
            path,
            "FriendlyName",
            "Sales",
            "TargetWorkers",
            "skills HAS 'sales'",
            "MaxReservedWorkers",
            "1",
            "TaskOrder",
            "FIFO");

    // then
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    JsonObject after = updated.json();
    assertThat(after.getString("friendly_name")).isEqualTo("Sales");
    assertThat(after.getString("target_workers")).isEqualTo("skills HAS 'sales'");
    assertThat(after.getInt("max_reserved_workers")).isEqualTo(1);
    assertThat(after.getString("task_order")).isEqualTo("FIFO");
    assertThat(after.getString("reservation_activity_sid")).isEqualTo(unavailable);
    assertThat(api.get(path).json()).isEqualTo(after);

    // when deleted, it is gone
    assertThat(api.delete(path).status()).isEqualTo(204);
    assertNotFound(api.get(path));
    assertNotFound(api.post(path, "FriendlyName", "x"));
    assertNotFound(api.delete(path));
  }

  @Test
  void listsByNameWorkerAndWorkerAttributes() {
    // given five queues and a sales worker
    Seed seed = Seed.workspace(api);
    String support = seed.queue("Support", "skills HAS 'support'");
    String sales = seed.queue("Sales", "skills HAS 'sales'");
    String everyone = seed.queue("Everyone", "1==1");
    String seniors = seed.queue("Seniors", "level >= 5");
    String french = seed.queue("French", "languages HAS 'fr'");
    String worker = seed.worker("bob", "{\"skills\":[\"sales\"],\"level\":5}");
    String queues = seed.base + "/TaskQueues";

    // then
    assertThat(Pages.sids(api.get(queues + "?FriendlyName=Sales"), "task_queues"))
        .containsExactly(sales);
    assertThat(Pages.sids(api.get(queues + "?WorkerSid=" + worker), "task_queues"))
        .containsExactly(sales, everyone, seniors);
    assertThat(
            Pages.sids(
                api.get(
                    queues
                        + "?EvaluateWorkerAttributes="
                        + Api.encode("{\"skills\":[\"support\"],\"languages\":[\"fr\"]}")),
                "task_queues"))
        .containsExactly(support, everyone, french);
    Pages.assertPagesThrough(
        api, queues, "task_queues", List.of(support, sales, everyone, seniors, french));
  }

  @Test
  void rejectsBadInputAndChangesNothing() {
    // given
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("Support", "skills HAS 'support'");
    String path = seed.base + "/TaskQueues/" + queue;
    JsonObject before = api.get(path).json();
    String list = seed.base + "/TaskQueues";

    // then creates
    assertInvalid(api.post(list, "TargetWorkers", "1==1"), "FriendlyName");
    ApiResponse badTarget = api.post(list, "FriendlyName", "Q", "TargetWorkers", "skills HAS");
    assertInvalid(badTarget, "TargetWorkers");
    assertInvalid(badTarget, "column");
    assertInvalid(
        api.post(list, "FriendlyName", "Q", "MaxReservedWorkers", "0"), "MaxReservedWorkers");
    assertInvalid(
        api.post(list, "FriendlyName", "Q", "MaxReservedWorkers", "51"), "MaxReservedWorkers");
    assertInvalid(
        api.post(list, "FriendlyName", "Q", "MaxReservedWorkers", "two"), "MaxReservedWorkers");
    assertInvalid(api.post(list, "FriendlyName", "Q", "TaskOrder", "RANDOM"), "TaskOrder");
    assertInvalid(
        api.post(list, "FriendlyName", "Q", "ReservationActivitySid", "WA" + "0".repeat(32)),
        "ReservationActivitySid");
    assertInvalid(
        api.post(list, "FriendlyName", "Q", "AssignmentActivitySid", "nonsense"),
        "AssignmentActivitySid");

    // and updates, where the good values of a rejected request are not applied either
    assertInvalid(
        api.post(path, "FriendlyName", "Renamed", "TargetWorkers", "(skills HAS 'a'"),
        "TargetWorkers");
    assertInvalid(
        api.post(path, "FriendlyName", "Renamed", "MaxReservedWorkers", "100"),
        "MaxReservedWorkers");
    assertInvalid(api.post(path, "FriendlyName", ""), "FriendlyName");
    assertInvalid(api.post(path, "TaskOrder", "SIDEWAYS"), "TaskOrder");

    // and list filters
    assertInvalid(
        api.get(list + "?EvaluateWorkerAttributes=" + Api.encode("{bad")),
        "EvaluateWorkerAttributes");
    assertInvalid(api.get(list + "?WorkerSid=WK" + "0".repeat(32)), "WorkerSid");

    // and nothing changed
    assertThat(api.get(path).json()).isEqualTo(before);
    assertThat(Pages.sids(api.get(list), "task_queues")).containsExactly(queue);
  }

  @Test
  void keepsAQueueAWorkflowRoutesTo() {
    // given
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("Support", "1==1");
    String workflow = seed.workflowTo(queue);

    // when
    ApiResponse delete = api.delete(seed.base + "/TaskQueues/" + queue);

    // then
    assertProblem(delete, 409, 20001, workflow);
    assertThat(api.get(seed.base + "/TaskQueues/" + queue).status()).isEqualTo(200);

    // and once the workflow is gone, the queue can go
    assertThat(api.delete(seed.base + "/Workflows/" + workflow).status()).isEqualTo(204);
    assertThat(api.delete(seed.base + "/TaskQueues/" + queue).status()).isEqualTo(204);
  }
}
