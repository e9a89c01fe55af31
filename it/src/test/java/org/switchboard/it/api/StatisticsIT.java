package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;
import static org.switchboard.it.support.Problems.assertNotFound;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Database;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Seed;

/**
 * All 17 statistics operations, read after a small flow with known figures: of three tasks one was
 * accepted and completed, one rejected and still waiting (priority 5), one canceled; both workers
 * end offline.
 */
@ExtendWith(ArquillianExtension.class)
class StatisticsIT {

  private final Api api = Api.asSuiteAccount();

  private Seed seed;
  private String alice;
  private String bob;
  private String queue;
  private String workflow;
  private String waiting;

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @BeforeEach
  void runTheFlow() {
    seed = Seed.workspace(api);
    alice = seed.worker("alice", "{\"skills\":[\"support\"]}");
    bob = seed.worker("bob", "{\"skills\":[\"sales\"]}");
    queue = seed.queue("Support", "skills HAS 'support'");
    workflow = seed.workflowTo(queue);

    // the first task is accepted by alice
    String first = seed.task(workflow, "{}");
    seed.moveWorker(alice, "Available");
    answer(offerTo(alice, first), "accepted", null);
    // the second waits while alice is busy, is offered when she completes the first and rejected
    waiting = seed.task(workflow, "{}", "Priority", "5");
    // its first routing pass ends before the first task completes: once, with the two passes
    // racing, the task was never offered (a routing race this statistics test does not cover)
    Eventually.until(() -> seed.task(waiting), t -> !t.isNull("task_queue_sid"), "queued");
    Seed.expect(
        api.post(seed.base + "/Tasks/" + first, "AssignmentStatus", "completed", "Reason", "ok"),
        200);
    answer(offerTo(alice, waiting), "rejected", seed.activity("Offline"));
    // the third is canceled while it waits in the queue
    String third = seed.task(workflow, "{}");
    Eventually.until(() -> seed.task(third), t -> !t.isNull("task_queue_sid"), "queued");
    Seed.expect(
        api.post(seed.base + "/Tasks/" + third, "AssignmentStatus", "canceled", "Reason", "gone"),
        200);
  }

  @Test
  void workspaceStatistics() {
    JsonObject cumulative = fetch(seed.base + "/CumulativeStatistics");
    JsonObject realtime = fetch(seed.base + "/RealTimeStatistics");
    JsonObject both = fetch(seed.base + "/Statistics");

    assertFlowCumulative(cumulative);
    assertThat(cumulative.getInt("tasks_created")).isEqualTo(3);
    assertThat(cumulative.getInt("tasks_deleted")).isZero();
    assertThat(cumulative.getString("url"))
        .isEqualTo(Api.root() + seed.base + "/CumulativeStatistics");
    assertThat(cumulative.getString("workspace_sid")).isEqualTo(seed.workspace);
    assertThat(cumulative.getString("account_sid")).isEqualTo(Api.accountSid());
    assertFlowRealtime(realtime);
    assertThat(realtime.getInt("total_workers")).isEqualTo(2);
    assertThat(workersByActivity(realtime))
        .containsEntry("Offline", 2L)
        .containsEntry("Available", 0L)
        .containsEntry("Unavailable", 0L);
    assertThat(both.getJsonObject("cumulative").getInt("tasks_created")).isEqualTo(3);
    assertThat(both.getJsonObject("realtime").getInt("total_tasks")).isEqualTo(1);

    // a channel without tasks, and a window before the flow, count nothing
    assertThat(fetch(seed.base + "/CumulativeStatistics?TaskChannel=voice").getInt("tasks_created"))
        .isZero();
    assertThat(
            fetch(seed.base + "/CumulativeStatistics?EndDate=2020-01-01T00:00:00Z")
                .getInt("tasks_created"))
        .isZero();
    JsonObject voice = fetch(seed.base + "/RealTimeStatistics?TaskChannel=voice");
    assertThat(voice.getInt("total_tasks")).isZero();
    assertThat(voice.getInt("total_workers")).isEqualTo(2);
    // a member of the queue with capacity on the channel is eligible, and available when her
    // activity is; without capacity she is neither, and still counted by her activity
    seed.moveWorker(alice, "Available");
    String queueVoice =
        seed.base + "/TaskQueues/" + queue + "/RealTimeStatistics?TaskChannel=voice";
    JsonObject inQueue = fetch(queueVoice);
    assertThat(inQueue.getInt("total_eligible_workers")).isEqualTo(1);
    assertThat(inQueue.getInt("total_available_workers")).isEqualTo(1);
    Seed.expect(
        api.post(seed.base + "/Workers/" + alice + "/Channels/voice", "Capacity", "0"), 200);
    inQueue = fetch(queueVoice);
    assertThat(inQueue.getInt("total_eligible_workers")).isZero();
    assertThat(inQueue.getInt("total_available_workers")).isZero();
    assertThat(workersByActivity(fetch(seed.base + "/RealTimeStatistics")))
        .containsEntry("Available", 1L)
        .containsEntry("Offline", 1L);
    JsonObject split = fetch(seed.base + "/CumulativeStatistics?SplitByWaitTime=3600");
    assertThat(
            split
                .getJsonObject("split_by_wait_time")
                .getJsonObject("3600")
                .getJsonObject("below")
                .getInt("reservations_accepted"))
        .isEqualTo(1);
  }

  @Test
  void pastSecondsAreReadFromTheRollUpsOfTheEvents() {
    // the background rolls each 10 s bucket up a few seconds after it ends
    List<String> rolled =
        Eventually.poll(
            () ->
                Database.rows(
                    "select count(*) from event_rollup_progress where rolled_until >"
                        + " (select max(event_date) from event where workspace_sid = ?)",
                    seed.workspace),
            r -> r.equals(List.of("1")),
            Duration.ofSeconds(60));
    assertThat(rolled).as("the flow's events rolled up").containsExactly("1");
    String window =
        "?StartDate="
            + Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES)
            + "&EndDate="
            + Instant.now().truncatedTo(ChronoUnit.SECONDS);

    // the log's events are gone; their roll-ups are not, and a window of past seconds reads them
    Database.execute("delete from event where workspace_sid = ?", seed.workspace);

    JsonObject cumulative = fetch(seed.base + "/CumulativeStatistics" + window);
    assertFlowCumulative(cumulative);
    assertThat(cumulative.getInt("tasks_created")).isEqualTo(3);
    assertThat(cumulative.getJsonObject("wait_duration_until_canceled").getInt("total"))
        .isNotNegative();
    assertThat(
            fetch(seed.base + "/TaskQueues/" + queue + "/CumulativeStatistics" + window)
                .getInt("reservations_accepted"))
        .isEqualTo(1);
    JsonObject ofAlice = fetch(seed.base + "/Workers/" + alice + "/Statistics" + window);
    assertThat(ofAlice.getJsonObject("cumulative").getInt("reservations_rejected")).isEqualTo(1);
    JsonObject ofBob = fetch(seed.base + "/Workers/" + bob + "/Statistics" + window);
    assertThat(ofBob.getJsonObject("cumulative").getInt("reservations_created")).isZero();
  }

  @Test
  void workersStatistics() {
    JsonObject realtime = fetch(seed.base + "/Workers/RealTimeStatistics");
    JsonObject cumulative = fetch(seed.base + "/Workers/CumulativeStatistics");
    JsonObject both = fetch(seed.base + "/Workers/Statistics");
    JsonObject ofAlice = fetch(seed.base + "/Workers/" + alice + "/Statistics");
    JsonObject ofBob = fetch(seed.base + "/Workers/" + bob + "/Statistics");

    assertThat(realtime.getInt("total_workers")).isEqualTo(2);
    assertThat(workersByActivity(realtime)).containsEntry("Offline", 2L);
    assertThat(cumulative.getInt("reservations_created")).isEqualTo(2);
    assertThat(cumulative.getInt("reservations_accepted")).isEqualTo(1);
    assertThat(cumulative.getInt("reservations_rejected")).isEqualTo(1);
    assertThat(cumulative.getJsonArray("activity_durations").getValuesAs(JsonObject.class))
        .extracting(a -> a.getString("friendly_name"))
        .contains("Offline", "Available");
    assertThat(both.getJsonObject("realtime").getInt("total_workers")).isEqualTo(2);
    assertThat(both.getJsonObject("cumulative").getInt("reservations_created")).isEqualTo(2);

    JsonObject aliceFigures = ofAlice.getJsonObject("cumulative");
    assertThat(ofAlice.getString("worker_sid")).isEqualTo(alice);
    assertThat(aliceFigures.getInt("reservations_created")).isEqualTo(2);
    assertThat(aliceFigures.getInt("reservations_accepted")).isEqualTo(1);
    assertThat(aliceFigures.getInt("reservations_rejected")).isEqualTo(1);
    assertThat(ofBob.getJsonObject("cumulative").getInt("reservations_created")).isZero();
  }

  @Test
  void taskQueueStatistics() {
    String path = seed.base + "/TaskQueues/" + queue;
    JsonObject cumulative = fetch(path + "/CumulativeStatistics");
    JsonObject realtime = fetch(path + "/RealTimeStatistics");
    JsonObject both = fetch(path + "/Statistics");

    assertFlowCumulative(cumulative);
    assertThat(cumulative.getInt("tasks_entered")).isEqualTo(3);
    assertThat(cumulative.getString("task_queue_sid")).isEqualTo(queue);
    assertFlowRealtime(realtime);
    assertThat(realtime.getInt("total_eligible_workers")).isEqualTo(1);
    assertThat(realtime.getInt("total_available_workers")).isZero();
    assertThat(realtime.getString("longest_relative_task_sid_in_queue")).isEqualTo(waiting);
    assertThat(both.getJsonObject("cumulative").getInt("tasks_entered")).isEqualTo(3);
    assertThat(both.getJsonObject("realtime").getInt("total_tasks")).isEqualTo(1);
  }

  @Test
  void statisticsOfAllQueuesAndInBulk() {
    // given a second, empty queue
    String empty = seed.queue("Empty", "1==2");

    // when
    ApiResponse list = api.get(seed.base + "/TaskQueues/Statistics");
    ApiResponse bulk =
        api.postJson(
            seed.base + "/TaskQueues/RealTimeStatistics",
            "{\"QueueSids\":[\"" + queue + "\",\"" + empty + "\"]}");

    // then
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    List<JsonObject> items =
        list.json().getJsonArray("task_queues_statistics").getValuesAs(JsonObject.class);
    assertThat(items).extracting(i -> i.getString("task_queue_sid")).containsExactly(queue, empty);
    assertThat(items.get(0).getJsonObject("cumulative").getInt("tasks_entered")).isEqualTo(3);
    assertThat(items.get(0).getJsonObject("realtime").getInt("total_tasks")).isEqualTo(1);
    assertThat(items.get(1).getJsonObject("realtime").getInt("total_tasks")).isZero();
    assertThat(
            api.get(seed.base + "/TaskQueues/Statistics?FriendlyName=Empty&PageSize=1")
                .json()
                .getJsonArray("task_queues_statistics"))
        .hasSize(1);

    assertThat(bulk.status()).as(bulk.toString()).isEqualTo(200);
    JsonObject figures = bulk.json();
    assertThat(figures.getInt("task_queue_response_count")).isEqualTo(2);
    List<JsonObject> data = figures.getJsonArray("task_queue_data").getValuesAs(JsonObject.class);
    assertThat(data).extracting(d -> d.getString("task_queue_sid")).containsExactly(queue, empty);
    assertThat(data.get(0).getInt("total_tasks")).isEqualTo(1);
    assertThat(data.get(0).getString("longest_task_waiting_sid")).isEqualTo(waiting);
    assertThat(data.get(1).getInt("total_tasks")).isZero();
  }

  @Test
  void workflowStatistics() {
    String path = seed.base + "/Workflows/" + workflow;
    JsonObject cumulative = fetch(path + "/CumulativeStatistics");
    JsonObject realtime = fetch(path + "/RealTimeStatistics");
    JsonObject both = fetch(path + "/Statistics");

    assertFlowCumulative(cumulative);
    assertThat(cumulative.getInt("tasks_entered")).isEqualTo(3);
    assertThat(cumulative.getString("workflow_sid")).isEqualTo(workflow);
    assertFlowRealtime(realtime);
    assertThat(both.getJsonObject("cumulative").getInt("tasks_entered")).isEqualTo(3);
    assertThat(both.getJsonObject("realtime").getInt("total_tasks")).isEqualTo(1);
  }

  @Test
  void rejectsBadParametersAndUnknownResources() {
    for (String path :
        List.of(
            seed.base + "/CumulativeStatistics",
            seed.base + "/Workers/CumulativeStatistics",
            seed.base + "/Workers/" + alice + "/Statistics",
            seed.base + "/TaskQueues/" + queue + "/CumulativeStatistics",
            seed.base + "/TaskQueues/Statistics",
            seed.base + "/Workflows/" + workflow + "/Statistics")) {
      assertInvalid(api.get(path + "?Minutes=lots"), "Minutes");
      assertInvalid(api.get(path + "?StartDate=tomorrow"), "StartDate");
      assertInvalid(
          api.get(path + "?StartDate=2026-02-01T00:00:00Z&EndDate=2026-01-01T00:00:00Z"),
          "EndDate");
    }
    assertInvalid(api.get(seed.base + "/Statistics?SplitByWaitTime=soon"), "SplitByWaitTime");
    String bulk = seed.base + "/TaskQueues/RealTimeStatistics";
    assertInvalid(api.postJson(bulk, "{\"QueueSids\":[]}"), "QueueSids");
    assertInvalid(api.postJson(bulk, "{\"QueueSids\":"), "QueueSids");
    assertInvalid(
        api.postJson(
            bulk, "{\"QueueSids\":[" + "\"" + queue + "\",".repeat(50) + "\"" + queue + "\"]}"),
        "QueueSids");
    assertNotFound(api.postJson(bulk, "{\"QueueSids\":[\"WQ" + "0".repeat(32) + "\"]}"));
    assertNotFound(api.get(seed.base + "/TaskQueues/WQ" + "0".repeat(32) + "/Statistics"));
    assertNotFound(api.get(seed.base + "/Workflows/WW" + "0".repeat(32) + "/RealTimeStatistics"));
    assertNotFound(api.get(seed.base + "/Workers/WK" + "0".repeat(32) + "/Statistics"));
    assertNotFound(api.get("/v1/Workspaces/WS" + "0".repeat(32) + "/Statistics"));
  }

  private void assertFlowCumulative(JsonObject figures) {
    assertThat(figures.getInt("tasks_completed")).isEqualTo(1);
    assertThat(figures.getInt("tasks_canceled")).isEqualTo(1);
    assertThat(figures.getInt("reservations_created")).isEqualTo(2);
    assertThat(figures.getInt("reservations_accepted")).isEqualTo(1);
    assertThat(figures.getInt("reservations_rejected")).isEqualTo(1);
    assertThat(figures.getInt("reservations_timed_out")).isZero();
    assertThat(figures.getJsonObject("wait_duration_until_accepted").getInt("total"))
        .isNotNegative();
  }

  private void assertFlowRealtime(JsonObject figures) {
    assertThat(figures.getInt("total_tasks")).isEqualTo(1);
    assertThat(figures.getJsonObject("tasks_by_status").getInt("pending")).isEqualTo(1);
    assertThat(figures.getJsonObject("tasks_by_status").getInt("assigned")).isZero();
    assertThat(figures.getJsonObject("tasks_by_priority").getInt("5")).isEqualTo(1);
    assertThat(figures.getString("longest_task_waiting_sid")).isEqualTo(waiting);
  }

  private static Map<String, Long> workersByActivity(JsonObject realtime) {
    return realtime.getJsonArray("activity_statistics").getValuesAs(JsonObject.class).stream()
        .collect(
            Collectors.toMap(
                a -> a.getString("friendly_name"), a -> a.getJsonNumber("workers").longValue()));
  }

  private JsonObject fetch(String path) {
    ApiResponse response = api.get(path);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  private JsonObject offerTo(String worker, String task) {
    return Eventually.until(
            () -> seed.reservationsOfTask(task),
            r -> r.stream().anyMatch(x -> x.getString("worker_sid").equals(worker)),
            "offered to " + worker)
        .get(0);
  }

  private void answer(JsonObject reservation, String status, String activity) {
    String path = seed.base + "/Workers/" + alice + "/Reservations/" + reservation.getString("sid");
    ApiResponse response =
        activity == null
            ? api.post(path, "ReservationStatus", status)
            : api.post(path, "ReservationStatus", status, "WorkerActivitySid", activity);
    Seed.expect(response, 200);
  }
}
