package org.switchboard.it.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import jakarta.json.JsonObject;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.CallbackReceiver;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Seed;

/**
 * What a workflow target decides beyond its queue: {@code order_by}, {@code skip_if} with {@code
 * workers.available}, {@code taskrouter.*} time of day, and queue membership that follows worker
 * attributes and a queue's {@code TargetWorkers}.
 */
@ExtendWith(ArquillianExtension.class)
class RoutingTargetsIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void orderByOffersTheHighestRankedWorkerFirstAndTheNextAfterARejection() {
    // given three available workers of levels 1, 5 and 3, the level-1 one idle longest
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("All", "1==1");
    String low = available(seed, "low", "{\"level\":1}");
    String high = available(seed, "high", "{\"level\":5}");
    String middle = available(seed, "middle", "{\"level\":3}");
    String workflow =
        seed.workflow("ranked", singleTarget(queue, ",\"order_by\":\"worker.level DESC\""));

    // when a task comes in
    String task = seed.task(workflow, "{}");

    // then the level-5 worker gets it, not the one idle longest
    JsonObject first = onlyPendingOffer(seed, task);
    assertThat(first.getString("worker_sid")).isEqualTo(high);

    // when that worker rejects it, the level-3 worker is next
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + task + "/Reservations/" + first.getString("sid"),
            "ReservationStatus",
            "rejected"),
        200);
    JsonObject second =
        Eventually.until(() -> pendingOffers(seed, task), r -> r.size() == 1, "offered again")
            .get(0);
    assertThat(second.getString("worker_sid")).isEqualTo(middle).isNotEqualTo(low);
  }

  @Test
  void aKnownWorkerExpressionOffersTheTaskToTheWorkerItsAttributesName() {
    // given two available workers, the first idle longest
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("All", "1==1");
    available(seed, "first", "{}");
    String agent = available(seed, "agent", "{}");
    String workflow =
        seed.workflow("known", singleTarget(queue, ",\"known_worker_sid\":\"task.agent_sid\""));

    // when a task names the second one in its attributes, as TaskRouter documents
    String task = seed.task(workflow, "{\"agent_sid\":\"" + agent + "\"}");

    // then only that worker is offered it
    assertThat(onlyPendingOffer(seed, task).getString("worker_sid")).isEqualTo(agent);
  }

  @Test
  void aTaskCreatedWithRoutingTargetGoesToThatWorkerOnly() {
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("All", "1==1");
    available(seed, "first", "{}");
    String target = available(seed, "target", "{}");

    String task = seed.task(seed.workflowTo(queue), "{}", "RoutingTarget", target);

    assertThat(onlyPendingOffer(seed, task).getString("worker_sid")).isEqualTo(target);
  }

  @Test
  void malformedOrderByIsRefusedWithItsPosition() {
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("All", "1==1");

    ApiResponse refused =
        api.post(
            seed.base + "/Workflows",
            "FriendlyName",
            "bad order",
            "Configuration",
            singleTarget(queue, ",\"order_by\":\"worker.level SIDEWAYS\""));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.json().getString("message")).contains("order_by").contains("ASC or DESC");
    ApiResponse list = api.get(seed.base + "/Workflows");
    assertThat(list.json().getJsonArray("workflows")).isEmpty();
  }

  @Test
  void skipIfNoWorkerIsAvailableMovesTheTaskOnAtOnce() {
    // given an expert who is offline and a generalist who is available
    Seed seed = Seed.workspace(api);
    String experts = seed.queue("Experts", "level >= 5");
    String everyone = seed.queue("Everyone", "level >= 1");
    seed.worker("expert", "{\"level\":9}");
    String generalist = available(seed, "generalist", "{\"level\":1}");
    String workflow =
        seed.workflow(
            "skip",
            "{\"task_routing\":{\"filters\":[{\"filter_friendly_name\":\"All\","
                + "\"expression\":\"1==1\",\"targets\":[{\"queue\":\""
                + experts
                + "\",\"timeout\":3600,\"skip_if\":\"workers.available == 0\"},{\"queue\":\""
                + everyone
                + "\"}]}]}}");

    // when a task comes in
    String task = seed.task(workflow, "{}");

    // then it does not wait an hour for the experts: the generalist is offered it now
    assertThat(onlyPendingOffer(seed, task).getString("worker_sid")).isEqualTo(generalist);
    assertThat(seed.task(task).getString("task_queue_sid")).isEqualTo(everyone);
  }

  @Test
  void timeOfDayFiltersRouteByTheCurrentDayInUtc() {
    Seed seed = Seed.workspace(api);
    String today = seed.queue("Today", "1==1");
    String otherDays = seed.queue("Other days", "1==1");
    String day = dayOfWeekUtc();
    String workflow =
        seed.workflow(
            "by day",
            "{\"task_routing\":{\"filters\":[{\"filter_friendly_name\":\"Today\","
                + "\"expression\":\"taskrouter.dayOfWeek == '"
                + day
                + "' AND taskrouter.currentTime >= 0\",\"targets\":[{\"queue\":\""
                + today
                + "\"}]}],\"default_filter\":{\"queue\":\""
                + otherDays
                + "\"}}}");

    String task = seed.task(workflow, "{}");

    String queue =
        Eventually.until(
                () -> seed.task(task), t -> !t.isNull("task_queue_sid"), "placed in a queue")
            .getString("task_queue_sid");
    assumeThat(dayOfWeekUtc()).as("the day did not change during the test").isEqualTo(day);
    assertThat(queue).isEqualTo(today);
  }

  @Test
  void queueMembershipFollowsWorkerAttributesAndTheQueueExpression() {
    // given a worker of team a, and a task for team b
    Seed seed = Seed.workspace(api);
    String teamB = seed.queue("Team b", "team == 'b'");
    String worker = available(seed, "mover", "{\"team\":\"a\"}");
    String task = seed.task(seed.workflowTo(teamB), "{}");
    assertThat(seed.reservationsOfTask(task)).isEmpty();

    // when the worker joins team b, it is offered the task
    Seed.expect(api.post(seed.base + "/Workers/" + worker, "Attributes", "{\"team\":\"b\"}"), 200);
    assertThat(onlyPendingOffer(seed, task).getString("worker_sid")).isEqualTo(worker);
    assertThat(workersOf(seed, teamB)).containsExactly(worker);

    // given room for a second task, and a task waiting for team c
    Seed.expect(
        api.post(seed.base + "/Workers/" + worker + "/Channels/default", "Capacity", "2"), 200);
    String teamC = seed.queue("Team c", "team == 'c'");
    String other = seed.task(seed.workflowTo(teamC), "{}");
    assertThat(workersOf(seed, teamC)).isEmpty();
    assertThat(seed.reservationsOfTask(other)).isEmpty();

    // when team c's queue is widened to team b, the task waiting in it is offered to the worker
    Seed.expect(
        api.post(seed.base + "/TaskQueues/" + teamC, "TargetWorkers", "team IN ['b','c']"), 200);
    assertThat(onlyPendingOffer(seed, other).getString("worker_sid")).isEqualTo(worker);
    assertThat(workersOf(seed, teamC)).containsExactly(worker);
  }

  @Test
  void workersCreatedAndQueuesUpdatedConcurrentlyAllGetTheirMembership() throws Exception {
    // given a queue, when 12 workers are created and the queue is updated, all at the same time
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("Crowd", "crowd == true");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<ApiResponse>> answers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int n = i;
      answers.add(
          pool.submit(
              () ->
                  api.post(
                      seed.base + "/Workers",
                      "FriendlyName",
                      "crowd-" + n,
                      "Attributes",
                      "{\"crowd\":true}")));
      if (i == 6) {
        answers.add(
            pool.submit(
                () ->
                    api.post(
                        seed.base + "/TaskQueues/" + queue,
                        "TargetWorkers",
                        "crowd == true OR vip == true")));
      }
    }
    pool.shutdown();

    // then every request succeeds and every worker is a member of the queue
    List<String> created = new ArrayList<>();
    for (Future<ApiResponse> answer : answers) {
      ApiResponse response = answer.get(60, TimeUnit.SECONDS);
      assertThat(response.status()).as(response.toString()).isIn(200, 201);
      if (response.status() == 201) {
        created.add(response.json().getString("sid"));
      }
    }
    assertThat(created).hasSize(12);
    assertThat(workersOf(seed, queue)).containsExactlyInAnyOrderElementsOf(created);
  }

  @Test
  void theFallbackAssignmentCallbackIsCalledWhenThePrimaryFailsAndItsAnswerApplied() {
    try (CallbackReceiver fallback = new CallbackReceiver()) {
      // given an assignment callback URL where nothing listens, and a fallback that accepts
      String deadUrl;
      try (CallbackReceiver gone = new CallbackReceiver()) {
        deadUrl = gone.url("/assign");
      }
      fallback.answer(request -> "{\"instruction\":\"accept\"}");
      Seed seed = Seed.workspace(api);
      String worker = available(seed, "agent", "{}");
      String workflow =
          seed.workflowTo(
              seed.queue("All", "1==1"),
              "AssignmentCallbackUrl",
              deadUrl,
              "FallbackAssignmentCallbackUrl",
              fallback.url("/fallback"));

      // when a task is reserved
      String task = seed.task(workflow, "{}");

      // then the fallback is asked, and its accept is applied
      JsonObject accepted =
          Eventually.until(
                  () -> seed.reservationsOfTask(task),
                  r -> r.size() == 1 && "accepted".equals(r.get(0).getString("reservation_status")),
                  "accepted by the fallback's instruction")
              .get(0);
      assertThat(accepted.getString("worker_sid")).isEqualTo(worker);
      assertThat(seed.task(task).getString("assignment_status")).isEqualTo("assigned");
      assertThat(fallback.received())
          .anySatisfy(
              r -> {
                assertThat(r.path()).isEqualTo("/fallback");
                assertThat(r.form()).containsEntry("ReservationSid", accepted.getString("sid"));
                assertThat(r.signature()).isNotBlank();
              });
    }
  }

  private String available(Seed seed, String name, String attributes) {
    String worker = seed.worker(name, attributes);
    seed.moveWorker(worker, "Available");
    return worker;
  }

  private static String singleTarget(String queue, String more) {
    return "{\"task_routing\":{\"filters\":[{\"filter_friendly_name\":\"All\","
        + "\"expression\":\"1==1\",\"targets\":[{\"queue\":\""
        + queue
        + "\""
        + more
        + "}]}]}}";
  }

  private static List<JsonObject> pendingOffers(Seed seed, String task) {
    return seed.reservationsOfTask(task).stream()
        .filter(r -> "pending".equals(r.getString("reservation_status")))
        .toList();
  }

  private static JsonObject onlyPendingOffer(Seed seed, String task) {
    List<JsonObject> offers =
        Eventually.until(() -> pendingOffers(seed, task), r -> !r.isEmpty(), "offered");
    assertThat(offers).hasSize(1);
    return offers.get(0);
  }

  private List<String> workersOf(Seed seed, String queue) {
    ApiResponse list = api.get(seed.base + "/Workers?TaskQueueSid=" + queue);
    Seed.expect(list, 200);
    return list.json().getJsonArray("workers").getValuesAs(JsonObject.class).stream()
        .map(w -> w.getString("sid"))
        .toList();
  }

  private static String dayOfWeekUtc() {
    return ZonedDateTime.now(ZoneOffset.UTC)
        .getDayOfWeek()
        .getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }
}
