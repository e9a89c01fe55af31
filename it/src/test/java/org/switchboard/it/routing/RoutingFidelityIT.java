package org.switchboard.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.switchboard.it.support.Database;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Management;
import org.switchboard.it.support.Problems;
import org.switchboard.it.support.Seed;

/**
 * TaskRouter's documented behaviour that a contact centre notices in its first week: queue order
 * (LIFO, the workspace's {@code PrioritizeQueueOrder}, {@code VirtualStartTime}), longest idle
 * first, the worker's own properties in expressions, the events of escalation and skipping, event
 * retention, and the statistics and list parameters that depend on them.
 */
@ExtendWith(ArquillianExtension.class)
class RoutingFidelityIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void aFreedWorkerTakesTheNewestTaskOfALifoQueue() {
    // given three tasks waiting, oldest first, in a LIFO queue nobody can serve yet
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("Newest first", "skill == 'x'", "TaskOrder", "LIFO");
    String worker = seed.worker("agent", "{}");
    seed.moveWorker(worker, "Available");
    String workflow = seed.workflowTo(queue);
    List<String> tasks = waitingTasks(seed, workflow, queue, 3);

    // when the worker becomes a member of the queue
    Seed.expect(api.post(seed.base + "/Workers/" + worker, "Attributes", "{\"skill\":\"x\"}"), 200);

    // then it is offered the newest task
    assertThat(firstOfferTo(seed, worker)).isEqualTo(tasks.get(2));
  }

  @Test
  void theWorkspacesPrioritizeQueueOrderChoosesBetweenALifoAndAFifoQueue() {
    // given a workspace that prioritizes LIFO queues, a FIFO and a LIFO queue of equal priority
    Seed seed = Seed.workspace(api);
    Seed.expect(api.post(seed.base, "PrioritizeQueueOrder", "LIFO"), 200);
    String fifo = seed.queue("Oldest first", "skill == 'x'");
    String lifo = seed.queue("Newest first", "skill == 'x'", "TaskOrder", "LIFO");
    String worker = seed.worker("agent", "{}");
    seed.moveWorker(worker, "Available");
    String workflow =
        seed.workflow(
            "by kind",
            "{\"task_routing\":{\"filters\":[{\"expression\":\"kind == 'lifo'\",\"targets\":"
                + "[{\"queue\":\""
                + lifo
                + "\"}]}],\"default_filter\":{\"queue\":\""
                + fifo
                + "\"}}}");
    String older = seed.task(workflow, "{\"kind\":\"fifo\"}");
    String newer = seed.task(workflow, "{\"kind\":\"lifo\"}");
    settle(seed, List.of(older, newer));

    // when the worker can serve both
    Seed.expect(api.post(seed.base + "/Workers/" + worker, "Attributes", "{\"skill\":\"x\"}"), 200);

    // then the LIFO queue's task goes first, although the FIFO queue's is older
    assertThat(firstOfferTo(seed, worker)).isEqualTo(newer);
  }

  @Test
  void aTaskWithAnEarlierVirtualStartTimeIsAheadInTheQueue() {
    // given a FIFO queue with a task, and a later task that started an hour earlier elsewhere
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("Oldest first", "skill == 'x'");
    String worker = seed.worker("agent", "{}");
    seed.moveWorker(worker, "Available");
    String workflow = seed.workflowTo(queue);
    String first = seed.task(workflow, "{}");
    String transferred =
        seed.task(
            workflow,
            "{}",
            "VirtualStartTime",
            Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
    settle(seed, List.of(first, transferred));

    // when the worker can serve the queue
    Seed.expect(api.post(seed.base + "/Workers/" + worker, "Attributes", "{\"skill\":\"x\"}"), 200);

    // then the task with the earlier virtual start goes first
    assertThat(firstOfferTo(seed, worker)).isEqualTo(transferred);
  }

  @Test
  void theWorkerIdleLongestIsOfferedTheTask() {
    // given three available workers; the first was made available again last
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Everyone", "1==1"));
    String first = seed.worker("first", "{}");
    String second = seed.worker("second", "{}");
    String third = seed.worker("third", "{}");
    seed.moveWorker(first, "Available");
    seed.moveWorker(second, "Available");
    seed.moveWorker(third, "Available");
    seed.moveWorker(first, "Offline");
    seed.moveWorker(first, "Available");

    // when a task comes in
    String task = seed.task(workflow, "{}");

    // then the worker idle longest (the second) is offered it
    List<JsonObject> offers =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "offered");
    assertThat(offers.get(0).getString("worker_sid")).isEqualTo(second);
  }

  @Test
  void expressionsReadTheWorkersSidFriendlyNameActivityAndChannels() {
    // given four available workers, one in another available activity, one with two chat slots
    Seed seed = Seed.workspace(api);
    ApiResponse ready =
        api.post(seed.base + "/Activities", "FriendlyName", "Ready", "Available", "true");
    Seed.expect(ready, 201);
    String byName = seed.worker("bob", "{}");
    String bySid = seed.worker("carol", "{}");
    String byActivity = seed.worker("dave", "{}");
    String byChannel = seed.worker("erin", "{}");
    for (String worker : List.of(byName, bySid, byChannel)) {
      seed.moveWorker(worker, "Available");
    }
    Seed.expect(
        api.post(
            seed.base + "/Workers/" + byActivity, "ActivitySid", ready.json().getString("sid")),
        200);
    Seed.expect(
        api.post(seed.base + "/Workers/" + byChannel + "/Channels/chat", "Capacity", "2"), 200);
    String everyone = seed.queue("Everyone", "1==1");
    String named = seed.queue("Bob only", "friendly_name == 'bob'");
    String workflow =
        seed.workflow(
            "by property",
            "{\"task_routing\":{\"filters\":["
                + "{\"expression\":\"by == 'name'\",\"targets\":[{\"queue\":\""
                + named
                + "\"}]},"
                + "{\"expression\":\"by == 'sid'\",\"targets\":[{\"queue\":\""
                + everyone
                + "\",\"expression\":\"worker.sid == task.agent\"}]},"
                + "{\"expression\":\"by == 'activity'\",\"targets\":[{\"queue\":\""
                + everyone
                + "\",\"expression\":\"worker.activity_name == 'Ready'\"}]},"
                + "{\"expression\":\"by == 'channel'\",\"targets\":[{\"queue\":\""
                + everyone
                + "\",\"expression\":\"worker.channel.chat.configured_capacity > 1\"}]}],"
                + "\"default_filter\":{\"queue\":\""
                + everyone
                + "\"}}}");

    // when tasks target each property
    String toName = seed.task(workflow, "{\"by\":\"name\"}");
    String toSid = seed.task(workflow, "{\"by\":\"sid\",\"agent\":\"" + bySid + "\"}");
    String toActivity = seed.task(workflow, "{\"by\":\"activity\"}");
    String toChannel = seed.task(workflow, "{\"by\":\"channel\"}");

    // then each is offered to the worker the property names
    assertThat(offeredTo(seed, toName)).isEqualTo(byName);
    assertThat(offeredTo(seed, toSid)).isEqualTo(bySid);
    assertThat(offeredTo(seed, toActivity)).isEqualTo(byActivity);
    assertThat(offeredTo(seed, toChannel)).isEqualTo(byChannel);
  }

  @Test
  void aSkippedTargetAndAnExhaustedWorkflowAreRecorded() {
    // given a filter whose first target is always skipped and whose last times out after 1 s
    Seed seed = Seed.workspace(api);
    String skipped = seed.queue("Skipped", "1==1");
    String waiting = seed.queue("Nobody", "skill == 'none'");
    String workflow =
        seed.workflow(
            "skip then time out",
            "{\"task_routing\":{\"filters\":[{\"filter_friendly_name\":\"All\","
                + "\"expression\":\"1==1\",\"targets\":[{\"queue\":\""
                + skipped
                + "\",\"skip_if\":\"1==1\"},{\"queue\":\""
                + waiting
                + "\",\"timeout\":1}]}]}}");

    // when a task comes in
    String task = seed.task(workflow, "{}");

    // then it skips the first target, waits in the second, and leaves the workflow when that
    // times out
    Eventually.until(
        () -> seed.task(task),
        t -> "canceled".equals(t.getString("assignment_status")),
        "canceled when the workflow ran out of targets");
    assertThat(seed.task(task).getString("reason")).isEqualTo("Workflow Exhausted");
    assertThat(seed.eventTypes(task))
        .containsSubsequence(
            "task.created",
            "workflow.entered",
            "workflow.skipped",
            "workflow.target-matched",
            "task-queue.entered",
            "task-queue.timeout",
            "workflow.timeout",
            "task.canceled");
  }

  @Test
  void taskChannelChangesAreRecordedAsEvents() {
    // given a task channel created, renamed and deleted
    Seed seed = Seed.workspace(api);
    ApiResponse created =
        api.post(seed.base + "/TaskChannels", "FriendlyName", "Fax", "UniqueName", "fax");
    Seed.expect(created, 201);
    String channel = created.json().getString("sid");
    Seed.expect(api.post(seed.base + "/TaskChannels/" + channel, "FriendlyName", "Telefax"), 200);
    Seed.expect(api.delete(seed.base + "/TaskChannels/" + channel), 204);

    // then each change is an event of the channel
    List<String> types =
        api
            .get(seed.base + "/Events?ResourceSid=" + channel)
            .json()
            .getJsonArray("events")
            .getValuesAs(JsonObject.class)
            .stream()
            .map(e -> e.getString("event_type"))
            .toList();
    assertThat(types)
        .containsExactly("task-channel.created", "task-channel.updated", "task-channel.deleted");
  }

  @Test
  void eventsOlderThanTheRetentionArePurged() {
    // given an event of 31 days ago and one of 29 days ago
    Seed seed = Seed.workspace(api);
    String old = insertEvent(seed, Instant.now().minus(31, ChronoUnit.DAYS));
    String recent = insertEvent(seed, Instant.now().minus(29, ChronoUnit.DAYS));

    // then the purge (every 2 s in the test server, batches per workspace) removes only the old
    Eventually.until(
        () -> Database.rows("select sid from event where sid in (?, ?)", old, recent),
        rows -> rows.size() == 1,
        "the 31-day-old event purged");
    assertThat(Database.rows("select sid from event where sid = ?", recent)).hasSize(1);
  }

  @Test
  void queueStatisticsCountMovesWaitInTheQueueAndEligibleWorkers() {
    // given experts (nobody available) for 2 s, then everyone, where one worker has no chat
    Seed seed = Seed.workspace(api);
    String experts = seed.queue("Experts", "level >= 5");
    String everyone = seed.queue("Everyone", "1==1");
    String agent = seed.worker("agent", "{\"level\":1}");
    String noChat = seed.worker("no chat", "{\"level\":1}");
    Seed.expect(
        api.post(seed.base + "/Workers/" + noChat + "/Channels/chat", "Capacity", "0"), 200);
    seed.moveWorker(agent, "Available");
    String workflow =
        seed.workflow(
            "escalation",
            "{\"task_routing\":{\"filters\":[{\"expression\":\"1==1\",\"targets\":[{\"queue\":\""
                + experts
                + "\",\"timeout\":2},{\"queue\":\""
                + everyone
                + "\"}]}]}}");

    // when a task escalates and is accepted as soon as it is offered
    String task = seed.task(workflow, "{}");
    JsonObject offer =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "offered").get(0);
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + task + "/Reservations/" + offer.getString("sid"),
            "ReservationStatus",
            "accepted"),
        200);

    // then the experts' queue counts one task moved out, and the wait in the second queue is
    // shorter than the wait in the workflow
    JsonObject expertStats =
        api.get(seed.base + "/TaskQueues/" + experts + "/CumulativeStatistics").json();
    assertThat(expertStats.getInt("tasks_moved")).isEqualTo(1);
    JsonObject everyoneStats =
        api.get(seed.base + "/TaskQueues/" + everyone + "/CumulativeStatistics").json();
    int inWorkflow = everyoneStats.getJsonObject("wait_duration_until_accepted").getInt("max");
    int inQueue =
        everyoneStats.getJsonObject("wait_duration_in_queue_until_accepted").getInt("max");
    assertThat(inWorkflow).isGreaterThanOrEqualTo(2);
    assertThat(inQueue).isLessThan(inWorkflow);

    // and of the queue's two workers only one is eligible for chat
    assertThat(
            api.get(seed.base + "/TaskQueues/" + everyone + "/RealTimeStatistics")
                .json()
                .getInt("total_eligible_workers"))
        .isEqualTo(2);
    assertThat(
            api.get(seed.base + "/TaskQueues/" + everyone + "/RealTimeStatistics?TaskChannel=chat")
                .json()
                .getInt("total_eligible_workers"))
        .isEqualTo(1);
  }

  @Test
  void workerStatisticsAreFilteredByQueueAndFriendlyName() {
    // given two workers, one in the experts' queue
    Seed seed = Seed.workspace(api);
    String experts = seed.queue("Experts", "level >= 5");
    seed.worker("expert", "{\"level\":5}");
    seed.worker("novice", "{\"level\":1}");

    // then the workers' statistics count the queue's workers, or the named one
    assertThat(totalWorkers(seed, "")).isEqualTo(2);
    assertThat(totalWorkers(seed, "?TaskQueueSid=" + experts)).isEqualTo(1);
    assertThat(totalWorkers(seed, "?TaskQueueName=Experts")).isEqualTo(1);
    assertThat(totalWorkers(seed, "?FriendlyName=novice")).isEqualTo(1);
    Problems.assertNotFound(
        api.get(seed.base + "/Workers/Statistics?TaskQueueSid=WQ" + "0".repeat(32)));
  }

  @Test
  void taskQueuesAreListedInTheAskedOrdering() {
    // given three queues created in the order b, c, a
    Seed seed = Seed.workspace(api);
    seed.queue("b", "1==1");
    seed.queue("c", "1==1");
    seed.queue("a", "1==1");

    // then Ordering sorts them, and an unknown ordering is refused
    assertThat(queueNames(seed, "?Ordering=FriendlyName:asc")).containsExactly("a", "b", "c");
    assertThat(queueNames(seed, "?Ordering=FriendlyName:desc")).containsExactly("c", "b", "a");
    assertThat(queueNames(seed, "?Ordering=DateCreated:desc")).containsExactly("a", "c", "b");
    Problems.assertInvalid(api.get(seed.base + "/TaskQueues?Ordering=Colour:asc"), "Ordering");
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Creates tasks that wait (nobody can serve the queue), one after the other, and waits until each
   * is in the queue and its routing passes have run.
   */
  private List<String> waitingTasks(Seed seed, String workflow, String queue, int count) {
    List<String> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      tasks.add(seed.task(workflow, "{\"n\":" + i + "}"));
    }
    settle(seed, tasks);
    return tasks;
  }

  /**
   * Waits until the tasks are in their queues and the routing passes their creation scheduled have
   * run: a task nobody took is routed once more after its commit, and a worker-driven pass must
   * meet the tasks already waiting, not race that pass.
   */
  private void settle(Seed seed, List<String> tasks) {
    for (String task : tasks) {
      Eventually.until(() -> seed.task(task), t -> t.get("task_queue_sid") != null, "in its queue");
    }
    Eventually.until(
        Management::routingPassesQueuedOrRunning, n -> n == 0, "routing passes all run");
  }

  private String firstOfferTo(Seed seed, String worker) {
    return Eventually.until(
            () -> seed.reservationsOfWorker(worker), r -> !r.isEmpty(), "a task offered")
        .get(0)
        .getString("task_sid");
  }

  private String offeredTo(Seed seed, String task) {
    return Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "offered")
        .get(0)
        .getString("worker_sid");
  }

  private int totalWorkers(Seed seed, String query) {
    ApiResponse response = api.get(seed.base + "/Workers/Statistics" + query);
    Seed.expect(response, 200);
    return response.json().getJsonObject("realtime").getInt("total_workers");
  }

  private List<String> queueNames(Seed seed, String query) {
    ApiResponse response = api.get(seed.base + "/TaskQueues" + query);
    Seed.expect(response, 200);
    return response.json().getJsonArray("task_queues").getValuesAs(JsonObject.class).stream()
        .map(q -> q.getString("friendly_name"))
        .toList();
  }

  private static String insertEvent(Seed seed, Instant date) {
    String sid = "EV" + java.util.UUID.randomUUID().toString().replace("-", "");
    Database.execute(
        "insert into event (seq, sid, account_sid, workspace_sid, event_type, event_date,"
            + " resource_type, resource_sid, description, source, event_data)"
            + " values (nextval('event_seq'), ?, ?, ?, 'workspace.updated', ?, 'workspace', ?,"
            + " 'Workspace updated', 'API', '{}')",
        sid,
        Api.accountSid(),
        seed.workspace,
        java.sql.Timestamp.from(date),
        seed.workspace);
    return sid;
  }
}
