package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;
import static org.switchboard.it.support.Problems.assertNotFound;
import static org.switchboard.it.support.Problems.assertProblem;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
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

/** {@code /v1/Workspaces/{WorkspaceSid}/Workflows}: all five operations and their bad input. */
@ExtendWith(ArquillianExtension.class)
class WorkflowsIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void createsFetchesUpdatesAndDeletesAWorkflow() {
    // given
    Seed seed = Seed.workspace(api);
    String support = seed.queue("Support", "skills HAS 'support'");
    String sales = seed.queue("Sales", "skills HAS 'sales'");
    String configuration =
        "{\"task_routing\":{\"filters\":[{\"filter_friendly_name\":\"Sales\","
            + "\"expression\":\"type == 'sales'\",\"targets\":[{\"queue\":\""
            + sales
            + "\",\"timeout\":30},{\"queue\":\""
            + support
            + "\"}]}],\"default_filter\":{\"queue\":\""
            + support
            + "\"}}}";

    // when
    ApiResponse created =
        api.post(
            seed.base + "/Workflows",
            "FriendlyName",
            "Main",
            "Configuration",
            configuration,
            "AssignmentCallbackUrl",
            "https://example.com/assign",
            "FallbackAssignmentCallbackUrl",
            "https://example.com/fallback",
            "TaskReservationTimeout",
            "30");

    // then
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject workflow = created.json();
    String sid = workflow.getString("sid");
    String path = seed.base + "/Workflows/" + sid;
    assertThat(sid).matches("WW[0-9a-f]{32}");
    assertThat(workflow.getString("friendly_name")).isEqualTo("Main");
    assertThat(workflow.getString("configuration")).isEqualTo(configuration);
    assertThat(workflow.getString("assignment_callback_url"))
        .isEqualTo("https://example.com/assign");
    assertThat(workflow.getString("fallback_assignment_callback_url"))
        .isEqualTo("https://example.com/fallback");
    assertThat(workflow.getInt("task_reservation_timeout")).isEqualTo(30);
    assertThat(workflow.getString("account_sid")).isEqualTo(Api.accountSid());
    assertThat(workflow.getString("workspace_sid")).isEqualTo(seed.workspace);
    assertThat(workflow.getString("url")).isEqualTo(Api.root() + path);
    assertThat(workflow.getJsonObject("links").getString("statistics"))
        .isEqualTo(Api.root() + path + "/Statistics");
    assertThat(api.get(path).json()).isEqualTo(workflow);

    // when updated (an empty callback URL clears it)
    String simpler = "{\"task_routing\":{\"default_filter\":{\"queue\":\"" + sales + "\"}}}";
    ApiResponse updated =
        api.post(
            path,
            "FriendlyName",
            "Sales only",
            "Configuration",
            simpler,
            "AssignmentCallbackUrl",
            "",
            "TaskReservationTimeout",
            "600",
            "ReEvaluateTasks",
            "true");

    // then
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    JsonObject after = updated.json();
    assertThat(after.getString("friendly_name")).isEqualTo("Sales only");
    assertThat(after.getString("configuration")).isEqualTo(simpler);
    assertThat(after.get("assignment_callback_url"))
        .isIn(JsonValue.NULL, jakarta.json.Json.createValue(""));
    assertThat(after.getString("fallback_assignment_callback_url"))
        .isEqualTo("https://example.com/fallback");
    assertThat(after.getInt("task_reservation_timeout")).isEqualTo(600);
    assertThat(api.get(path).json()).isEqualTo(after);

    // when deleted, it is gone
    assertThat(api.delete(path).status()).isEqualTo(204);
    assertNotFound(api.get(path));
    assertNotFound(api.post(path, "FriendlyName", "x"));
    assertNotFound(api.delete(path));
  }

  @Test
  void listsByNamePageByPage() {
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("All", "1==1");
    List<String> workflows = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d", "e")) {
      workflows.add(seed.workflow(name, defaultTo(queue)));
    }

    assertThat(Pages.sids(api.get(seed.base + "/Workflows?FriendlyName=c"), "workflows"))
        .containsExactly(workflows.get(2));
    Pages.assertPagesThrough(api, seed.base + "/Workflows", "workflows", workflows);
  }

  @Test
  void rejectsBadInputAndChangesNothing() {
    // given
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("All", "1==1");
    String workflow = seed.workflow("Main", defaultTo(queue));
    String path = seed.base + "/Workflows/" + workflow;
    JsonObject before = api.get(path).json();
    String list = seed.base + "/Workflows";
    String foreignQueue = Seed.workspace(api).queue("Elsewhere", "1==1");
    String unknownQueue = "WQ" + "0".repeat(32);

    // then creates
    assertInvalid(api.post(list, "Configuration", defaultTo(queue)), "FriendlyName");
    assertInvalid(api.post(list, "FriendlyName", "W"), "Configuration");
    assertInvalid(api.post(list, "FriendlyName", "W", "Configuration", "{oops"), "Configuration");
    assertInvalid(
        api.post(list, "FriendlyName", "W", "Configuration", "{\"routing\":{}}"), "task_routing");
    assertInvalid(
        api.post(list, "FriendlyName", "W", "Configuration", defaultTo(unknownQueue)),
        unknownQueue);
    assertInvalid(
        api.post(list, "FriendlyName", "W", "Configuration", defaultTo(foreignQueue)),
        foreignQueue);
    ApiResponse badExpression =
        api.post(
            list,
            "FriendlyName",
            "W",
            "Configuration",
            "{\"task_routing\":{\"filters\":[{\"expression\":\"type ==\",\"targets\":[{\"queue\":\""
                + queue
                + "\"}]}]}}");
    assertInvalid(badExpression, "Configuration");
    assertInvalid(badExpression, "column");
    for (String timeout : List.of("0", "86401", "soon")) {
      assertInvalid(
          api.post(
              list,
              "FriendlyName",
              "W",
              "Configuration",
              defaultTo(queue),
              "TaskReservationTimeout",
              timeout),
          "TaskReservationTimeout");
    }
    assertInvalid(
        api.post(
            list,
            "FriendlyName",
            "W",
            "Configuration",
            defaultTo(queue),
            "AssignmentCallbackUrl",
            "not a url"),
        "AssignmentCallbackUrl");
    assertInvalid(
        api.post(
            list,
            "FriendlyName",
            "W",
            "Configuration",
            defaultTo(queue),
            "FallbackAssignmentCallbackUrl",
            "ftp://example.com/x"),
        "FallbackAssignmentCallbackUrl");

    // and updates, where the good values of a rejected request are not applied either
    assertInvalid(
        api.post(path, "FriendlyName", "Renamed", "Configuration", defaultTo(unknownQueue)),
        unknownQueue);
    assertInvalid(
        api.post(path, "FriendlyName", "Renamed", "TaskReservationTimeout", "-5"),
        "TaskReservationTimeout");
    assertInvalid(
        api.post(path, "FriendlyName", "Renamed", "ReEvaluateTasks", "maybe"), "ReEvaluateTasks");
    assertInvalid(api.post(path, "FriendlyName", ""), "FriendlyName");

    // and nothing changed
    assertThat(api.get(path).json()).isEqualTo(before);
    assertThat(Pages.sids(api.get(list), "workflows")).containsExactly(workflow);
  }

  @Test
  void keepsAWorkflowThatRoutesLiveTasks() {
    // given
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("All", "1==1"));
    String task = seed.task(workflow, "{}");

    // when
    ApiResponse delete = api.delete(seed.base + "/Workflows/" + workflow);

    // then
    assertProblem(delete, 409, 20001, workflow);
    assertThat(api.get(seed.base + "/Workflows/" + workflow).status()).isEqualTo(200);
    assertThat(seed.task(task).getString("assignment_status")).isEqualTo("pending");
  }

  private static String defaultTo(String queue) {
    return "{\"task_routing\":{\"default_filter\":{\"queue\":\"" + queue + "\"}}}";
  }
}
