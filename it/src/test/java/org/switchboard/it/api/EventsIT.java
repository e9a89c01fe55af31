package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;
import static org.switchboard.it.support.Problems.assertNotFound;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/** {@code /v1/Workspaces/{WorkspaceSid}/Events}: list with its filters, and fetch. */
@ExtendWith(ArquillianExtension.class)
class EventsIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void listsAndFetchesTheEventsOfAWorker() {
    // given a worker created, changed four times and moved
    Seed seed = Seed.workspace(api);
    String worker = seed.worker("alice", "{\"v\":0}");
    for (int i = 1; i <= 3; i++) {
      Seed.expect(
          api.post(seed.base + "/Workers/" + worker, "Attributes", "{\"v\":" + i + "}"), 200);
    }
    seed.moveWorker(worker, "Available");
    String events = seed.base + "/Events";

    // when
    ApiResponse response = api.get(events + "?WorkerSid=" + worker);

    // then they are listed in order
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    List<JsonObject> list = response.json().getJsonArray("events").getValuesAs(JsonObject.class);
    assertThat(list)
        .extracting(e -> e.getString("event_type"))
        .containsExactly(
            "worker.created",
            "worker.attributes.update",
            "worker.attributes.update",
            "worker.attributes.update",
            "worker.activity.update");
    JsonObject created = list.get(0);
    String sid = created.getString("sid");
    assertThat(sid).matches("EV[0-9a-f]{32}");
    assertThat(created.getString("account_sid")).isEqualTo(Api.accountSid());
    assertThat(created.getString("workspace_sid")).isEqualTo(seed.workspace);
    assertThat(created.getString("resource_sid")).isEqualTo(worker);
    assertThat(created.getString("resource_type")).isEqualTo("worker");
    assertThat(created.getString("resource_url"))
        .isEqualTo(Api.root() + seed.base + "/Workers/" + worker);
    assertThat(created.getString("url")).isEqualTo(Api.root() + events + "/" + sid);
    assertThat(Instant.parse(created.getString("event_date")))
        .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(5, ChronoUnit.MINUTES));
    assertThat(created.getJsonNumber("event_date_ms").longValue() / 1000)
        .isEqualTo(Instant.parse(created.getString("event_date")).getEpochSecond());
    assertThat(created.getJsonObject("event_data").getString("worker_sid")).isEqualTo(worker);

    // and one is fetched by its sid
    ApiResponse fetched = api.get(events + "/" + sid);
    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
    assertThat(fetched.json()).isEqualTo(created);

    // and the filters select by type, resource and sid
    assertThat(types(events + "?EventType=worker.activity.update"))
        .containsExactly("worker.activity.update");
    assertThat(Pages.sids(api.get(events + "?ResourceSid=" + worker), "events")).hasSize(5);
    assertThat(Pages.sids(api.get(events + "?Sid=" + sid), "events")).containsExactly(sid);
    Pages.assertPagesThrough(
        api, events + "?WorkerSid=" + worker, "events", Pages.sids(response, "events"));
  }

  @Test
  void filtersByTaskQueueWorkflowAndTimeWindow() {
    // given a routed task
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("All", "1==1");
    String workflow = seed.workflowTo(queue);
    String task = seed.task(workflow, "{}");
    String events = seed.base + "/Events";
    Eventually.until(
        () -> types(events + "?TaskSid=" + task),
        t -> t.contains("task-queue.entered"),
        "entered its queue");

    // then
    assertThat(types(events + "?TaskSid=" + task)).startsWith("task.created");
    assertThat(types(events + "?EventType=task.created&TaskSid=" + task))
        .containsExactly("task.created");
    assertThat(types(events + "?TaskQueueSid=" + queue))
        .contains("task-queue.created", "task-queue.entered");
    assertThat(types(events + "?WorkflowSid=" + workflow)).contains("workflow.created");
    assertThat(types(events + "?TaskChannel=default&TaskSid=" + task)).contains("task.created");
    assertThat(types(events + "?TaskChannel=voice&TaskSid=" + task)).isEmpty();
    assertThat(types(events + "?Minutes=10&TaskSid=" + task)).contains("task.created");
    Instant now = Instant.now();
    assertThat(
            types(
                events
                    + "?TaskSid="
                    + task
                    + "&StartDate="
                    + now.minus(1, ChronoUnit.HOURS)
                    + "&EndDate="
                    + now.plus(1, ChronoUnit.HOURS)))
        .contains("task.created");
    assertThat(
            types(
                events
                    + "?StartDate="
                    + now.plus(1, ChronoUnit.HOURS)
                    + "&EndDate="
                    + now.plus(2, ChronoUnit.HOURS)))
        .isEmpty();
    assertThat(types(events + "?EndDate=" + now.minus(1, ChronoUnit.HOURS))).isEmpty();
  }

  @Test
  void rejectsBadFiltersAndUnknownEvents() {
    Seed seed = Seed.workspace(api);
    String events = seed.base + "/Events";

    assertInvalid(api.get(events + "?Minutes=many"), "Minutes");
    assertInvalid(api.get(events + "?Minutes=0"), "Minutes");
    assertInvalid(api.get(events + "?StartDate=someday"), "StartDate");
    assertInvalid(api.get(events + "?EndDate=2026-99-01"), "EndDate");
    assertInvalid(api.get(events + "?StartDate=%2B99999-01-01T00:00:00Z"), "StartDate");
    assertInvalid(api.get(events + "?EndDate=1900-01-01"), "EndDate");
    assertThat(api.get(events + "?Minutes=2147483647").status()).isEqualTo(200);
    assertInvalid(
        api.get(events + "?StartDate=2026-02-01T00:00:00Z&EndDate=2026-01-01T00:00:00Z"),
        "EndDate");
    assertInvalid(api.get(events + "?PageSize=0"), "PageSize");
    assertNotFound(api.get(events + "/EV" + "0".repeat(32)));
    assertNotFound(api.get("/v1/Workspaces/WS" + "0".repeat(32) + "/Events"));
  }

  private List<String> types(String path) {
    ApiResponse response = api.get(path);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().getJsonArray("events").getValuesAs(JsonObject.class).stream()
        .map(e -> e.getString("event_type"))
        .toList();
  }
}
