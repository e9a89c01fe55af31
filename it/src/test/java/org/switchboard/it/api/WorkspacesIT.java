package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;

/** {@code /v1/Workspaces} and a workspace's default activities, through the deployed EAR. */
@ExtendWith(ArquillianExtension.class)
class WorkspacesIT {

  private static final String SID = "WS[0-9a-f]{32}";

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void createsAWorkspaceWithTwilioShapeAndDefaultActivities() {
    // when
    ApiResponse created = api.post("/v1/Workspaces", "FriendlyName", "Support");

    // then
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject ws = created.json();
    String sid = ws.getString("sid");
    assertThat(sid).matches(SID);
    assertThat(ws.getString("friendly_name")).isEqualTo("Support");
    assertThat(ws.getString("account_sid")).isEqualTo(Api.accountSid());
    assertThat(ws.getBoolean("multi_task_enabled")).isTrue();
    assertThat(ws.getString("prioritize_queue_order")).isEqualTo("FIFO");
    assertThat(ws.get("event_callback_url")).isEqualTo(JsonValue.NULL);
    assertThat(ws.get("events_filter")).isEqualTo(JsonValue.NULL);
    assertThat(ws.getString("default_activity_name")).isEqualTo("Offline");
    assertThat(ws.getString("timeout_activity_name")).isEqualTo("Offline");
    assertThat(ws.getString("timeout_activity_sid"))
        .isEqualTo(ws.getString("default_activity_sid"));
    assertThat(ws.getString("date_created")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(ws.getString("url")).isEqualTo(Api.root() + "/v1/Workspaces/" + sid);
    assertThat(ws.getJsonObject("links").getString("activities"))
        .isEqualTo(Api.root() + "/v1/Workspaces/" + sid + "/Activities");
    assertThat(ws.getJsonObject("links").keySet())
        .containsExactlyInAnyOrder(
            "activities",
            "statistics",
            "real_time_statistics",
            "cumulative_statistics",
            "task_queues",
            "tasks",
            "workers",
            "workflows",
            "task_channels",
            "events");

    // and it reads back the same
    ApiResponse fetched = api.get("/v1/Workspaces/" + sid);
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json()).isEqualTo(ws);

    // and its activities are TaskRouter's defaults, Offline being the default activity
    ApiResponse activities = api.get(ws.getJsonObject("links").getString("activities"));
    assertThat(activities.status()).as(activities.toString()).isEqualTo(200);
    List<JsonObject> list =
        activities.json().getJsonArray("activities").getValuesAs(JsonObject.class);
    assertThat(list)
        .extracting(a -> a.getString("friendly_name") + "=" + a.getBoolean("available"))
        .containsExactlyInAnyOrder("Offline=false", "Available=true", "Unavailable=false");
    JsonObject offline =
        list.stream()
            .filter(a -> a.getString("friendly_name").equals("Offline"))
            .findFirst()
            .orElseThrow();
    assertThat(offline.getString("sid"))
        .isEqualTo(ws.getString("default_activity_sid"))
        .matches("WA[0-9a-f]{32}");
    assertThat(offline.getString("workspace_sid")).isEqualTo(sid);
  }

  @Test
  void listsPageByPageWithoutRepeatsWhileOthersInsert() {
    // given five workspaces with a name no other test uses
    String name = "paging-" + UUID.randomUUID();
    List<String> createdSids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      createdSids.add(api.post("/v1/Workspaces", "FriendlyName", name).json().getString("sid"));
    }

    // when reading pages of two, with another insert between the first and second page
    ApiResponse first = api.get("/v1/Workspaces?FriendlyName=" + Api.encode(name) + "&PageSize=2");
    createdSids.add(api.post("/v1/Workspaces", "FriendlyName", name).json().getString("sid"));
    List<String> seen = new ArrayList<>(sids(first));
    JsonObject meta = first.json().getJsonObject("meta");
    while (meta.get("next_page_url") instanceof JsonString next) {
      ApiResponse page = api.get(next.getString());
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      seen.addAll(sids(page));
      meta = page.json().getJsonObject("meta");
    }

    // then every workspace is seen exactly once, in creation order
    assertThat(first.status()).isEqualTo(200);
    JsonObject firstMeta = first.json().getJsonObject("meta");
    assertThat(firstMeta.getString("key")).isEqualTo("workspaces");
    assertThat(firstMeta.getInt("page")).isZero();
    assertThat(firstMeta.getInt("page_size")).isEqualTo(2);
    assertThat(firstMeta.get("previous_page_url")).isEqualTo(JsonValue.NULL);
    assertThat(firstMeta.getString("first_page_url"))
        .contains("FriendlyName=" + name, "PageSize=2", "Page=0");
    assertThat(seen).containsExactlyElementsOf(createdSids);
  }

  @Test
  void theFifoTemplateCreatesASampleQueueAndAFifoWorkflowToIt() {
    // when
    ApiResponse created =
        api.post("/v1/Workspaces", "FriendlyName", "Templated", "Template", "FIFO");

    // then the workspace has TaskRouter's sample queue of every worker and a workflow to it
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String base = "/v1/Workspaces/" + created.json().getString("sid");
    List<JsonObject> queues =
        api.get(base + "/TaskQueues")
            .json()
            .getJsonArray("task_queues")
            .getValuesAs(JsonObject.class);
    assertThat(queues).hasSize(1);
    assertThat(queues.get(0).getString("friendly_name")).isEqualTo("Sample Queue");
    assertThat(queues.get(0).getString("target_workers")).isEqualTo("1==1");
    List<JsonObject> workflows =
        api.get(base + "/Workflows").json().getJsonArray("workflows").getValuesAs(JsonObject.class);
    assertThat(workflows).hasSize(1);
    assertThat(workflows.get(0).getString("friendly_name")).isEqualTo("Default Fifo Workflow");
    assertThat(workflows.get(0).getString("configuration"))
        .contains(queues.get(0).getString("sid"));
  }

  @Test
  void anUnknownTemplateIsRefusedAndCreatesNothing() {
    String marker = "template-" + UUID.randomUUID();

    ApiResponse response = api.post("/v1/Workspaces", "FriendlyName", marker, "Template", "LIFO");

    assertInvalid(response, "Template");
    assertThat(api.get("/v1/Workspaces?PageSize=1000").body()).doesNotContain(marker);
  }

  @Test
  void rejectsACreateWithoutFriendlyNameAndChangesNothing() {
    // given
    String marker = "never-" + UUID.randomUUID();

    // when
    ApiResponse response =
        api.post("/v1/Workspaces", "EventCallbackUrl", "https://example.com/" + marker);

    // then
    assertThat(response.status()).isEqualTo(400);
    JsonObject error = response.json();
    assertThat(error.getInt("code")).isEqualTo(20001);
    assertThat(error.getInt("status")).isEqualTo(400);
    assertThat(error.getString("message")).contains("FriendlyName");
    assertThat(error.getString("more_info")).isEqualTo("https://www.twilio.com/docs/errors/20001");
    assertThat(api.get("/v1/Workspaces?PageSize=1000").body()).doesNotContain(marker);
  }

  @Test
  void rejectsMalformedValuesOnUpdateAndKeepsTheWorkspace() {
    // given
    JsonObject ws = api.post("/v1/Workspaces", "FriendlyName", "Sales").json();
    String path = "/v1/Workspaces/" + ws.getString("sid");

    // when
    ApiResponse badBoolean = api.post(path, "FriendlyName", "Renamed", "MultiTaskEnabled", "maybe");
    ApiResponse badUrl = api.post(path, "EventCallbackUrl", "not a url");
    ApiResponse foreignActivity = api.post(path, "DefaultActivitySid", "WA" + "0".repeat(32));

    // then
    assertThat(badBoolean.status()).isEqualTo(400);
    assertThat(badBoolean.json().getString("message")).contains("MultiTaskEnabled");
    assertThat(badUrl.status()).isEqualTo(400);
    assertThat(badUrl.json().getString("message")).contains("EventCallbackUrl");
    assertThat(foreignActivity.status()).isEqualTo(400);
    assertThat(foreignActivity.json().getString("message")).contains("DefaultActivitySid");
    assertThat(api.get(path).json()).isEqualTo(ws);
  }

  @Test
  void rejectsMalformedValuesOnCreateAndCreatesNothing() {
    // given
    String name = "never-" + UUID.randomUUID();

    // then
    assertInvalid(api.post("/v1/Workspaces", "FriendlyName", "x".repeat(65)), "FriendlyName");
    assertInvalid(
        api.post("/v1/Workspaces", "FriendlyName", name, "MultiTaskEnabled", "often"),
        "MultiTaskEnabled");
    assertInvalid(
        api.post("/v1/Workspaces", "FriendlyName", name, "PrioritizeQueueOrder", "RANDOM"),
        "PrioritizeQueueOrder");
    assertInvalid(
        api.post("/v1/Workspaces", "FriendlyName", name, "EventCallbackUrl", "mailto:a@b.c"),
        "EventCallbackUrl");
    assertInvalid(api.get("/v1/Workspaces?PageSize=0"), "PageSize");

    // and nothing was created
    assertThat(
            api.get("/v1/Workspaces?FriendlyName=" + Api.encode(name))
                .json()
                .getJsonArray("workspaces"))
        .isEmpty();

    // and an update with a good and a bad value applies neither
    JsonObject ws = api.post("/v1/Workspaces", "FriendlyName", name).json();
    String path = "/v1/Workspaces/" + ws.getString("sid");
    assertInvalid(
        api.post(path, "FriendlyName", "Renamed", "TimeoutActivitySid", "WA" + "0".repeat(32)),
        "TimeoutActivitySid");
    assertInvalid(
        api.post(path, "FriendlyName", "Renamed", "PrioritizeQueueOrder", "SOMETIMES"),
        "PrioritizeQueueOrder");
    assertInvalid(api.post(path, "FriendlyName", ""), "FriendlyName");
    assertThat(api.get(path).json()).isEqualTo(ws);
  }

  @Test
  void updatesSettingsAndDeletes() {
    // given
    JsonObject ws = api.post("/v1/Workspaces", "FriendlyName", "Back office").json();
    String path = "/v1/Workspaces/" + ws.getString("sid");
    String available =
        api
            .get(path + "/Activities")
            .json()
            .getJsonArray("activities")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(a -> a.getBoolean("available"))
            .findFirst()
            .orElseThrow()
            .getString("sid");

    // when
    ApiResponse updated =
        api.post(
            path,
            "FriendlyName",
            "Back office 2",
            "EventCallbackUrl",
            "https://example.com/events",
            "EventsFilter",
            "task.created,task.completed",
            "PrioritizeQueueOrder",
            "LIFO",
            "TimeoutActivitySid",
            available);

    // then
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    JsonObject after = updated.json();
    assertThat(after.getString("friendly_name")).isEqualTo("Back office 2");
    assertThat(after.getString("event_callback_url")).isEqualTo("https://example.com/events");
    assertThat(after.getString("events_filter")).isEqualTo("task.created,task.completed");
    assertThat(after.getString("prioritize_queue_order")).isEqualTo("LIFO");
    assertThat(after.getString("timeout_activity_sid")).isEqualTo(available);
    assertThat(after.getString("timeout_activity_name")).isEqualTo("Available");
    assertThat(after.getString("default_activity_name")).isEqualTo("Offline");

    // when deleted, it is gone with its activities
    assertThat(api.delete(path).status()).isEqualTo(204);
    assertThat(api.get(path).status()).isEqualTo(404);
    assertThat(api.get(path + "/Activities").status()).isEqualTo(404);
    assertThat(api.delete(path).status()).isEqualTo(404);
  }

  @Test
  void answersUnknownWorkspacesWithTwilio404() {
    ApiResponse response = api.get("/v1/Workspaces/WS" + "f".repeat(32));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().getInt("code")).isEqualTo(20404);
    assertThat(response.json().getInt("status")).isEqualTo(404);
    assertThat(response.json().getString("more_info"))
        .isEqualTo("https://www.twilio.com/docs/errors/20404");
  }

  private static List<String> sids(ApiResponse page) {
    return page.json().getJsonArray("workspaces").getValuesAs(JsonObject.class).stream()
        .map(w -> w.getString("sid"))
        .toList();
  }
}
