package org.switchboard.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Database;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Rules;
import org.switchboard.it.support.SecondServer;
import org.switchboard.it.support.Seed;

/**
 * Two Switchboard servers on one PostgreSQL database: the {@link Storm} sends each request to one
 * of them at random, so routing passes, reservation timeouts and answers race across servers, and
 * the same invariants must hold (see docs/routing.md for the locks that guarantee them); and a rule
 * set version activated on one server mid-storm takes effect on both while every task in flight
 * completes exactly once; and what one server changes in the configuration, the other serves next
 * (each keeps the configuration in a cache that the database's notices empty).
 */
@ExtendWith(ArquillianExtension.class)
class TwoServersIT {

  private static SecondServer second;

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @BeforeAll
  static void startSecondServer() throws Exception {
    second = SecondServer.shared(); // stopped when the suite ends
  }

  @Test
  void invariantsHoldWithTwoServersOnOneDatabase() throws Exception {
    Api first = Api.asSuiteAccount();
    new Storm(List.of(first, first.on(second.root())), 100).invariantsHoldWhateverTheInterleaving();
  }

  @Test
  void aRuleSetActivatedMidStormSwitchesBothServersAndEveryTaskCompletesOnce() throws Exception {
    // given a rule set whose version 1 routes to A and version 2 to B, and eight free workers
    Api one = Api.asSuiteAccount();
    Api two = one.on(second.root());
    Seed seed = Seed.workspace(one);
    for (int i = 0; i < 8; i++) {
      seed.moveWorker(seed.worker("w" + i, "{}"), "Available");
    }
    String a = seed.queue("A", "1==1");
    String b = seed.queue("B", "1==1");
    ApiResponse created =
        one.post(seed.base + "/RuleSets", "FriendlyName", "ab", "Drl", Rules.routeAll("A"));
    Seed.expect(created, 201);
    String ruleSet = created.json().getString("sid");
    Seed.expect(
        one.post(seed.base + "/RuleSets/" + ruleSet + "/Versions", "Drl", Rules.routeAll("B")),
        201);
    String workflow = seed.workflow("ab", Rules.routing(ruleSet, a));

    // when 200 tasks run their whole lifecycle through both servers, and version 2 is activated
    // through the second server when half have been created
    int tasks = 200;
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    Queue<String> sids = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> steps = new ArrayList<>();
    String activated = null;
    for (int i = 0; i < tasks; i++) {
      Api api = i % 2 == 0 ? one : two;
      Api answering = i % 3 == 0 ? one : two;
      steps.add(pool.submit(() -> lifecycle(seed, api, answering, workflow, sids, failures)));
      if (i == tasks / 2) {
        Seed.expect(two.post(seed.base + "/RuleSets/" + ruleSet, "ActiveVersion", "2"), 200);
        activated = java.time.Instant.now().toString();
      }
    }
    for (Future<?> step : steps) {
      step.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    // then every task completed exactly once
    assertThat(failures).as("lifecycles that failed").isEmpty();
    assertThat(sids).hasSize(tasks);
    assertThat(
            Database.rows(
                "select sid, assignment_status from task where workspace_sid = ?"
                    + " and assignment_status <> 'COMPLETED'",
                seed.workspace))
        .as("tasks not completed")
        .isEmpty();
    assertThat(
            Database.rows(
                "select task_sid from reservation where workspace_sid = ?"
                    + " and reservation_status in ('ACCEPTED','WRAPPING','COMPLETED')"
                    + " group by task_sid having count(*) <> 1",
                seed.workspace))
        .as("tasks not accepted exactly once")
        .isEmpty();
    // and every task created after the activation answered was routed by version 2, whichever
    // server created or routed it; before it, by version 1
    assertThat(
            Database.rows(
                "select sid from task where workspace_sid = ? and task_queue_sid <> ?"
                    + " and date_created > cast(? as timestamptz)",
                seed.workspace,
                b,
                activated))
        .as("tasks created after the activation but not routed by the new version")
        .isEmpty();
    assertThat(
            Database.rows(
                "select count(*) from task where workspace_sid = ? and task_queue_sid = ?",
                seed.workspace,
                a))
        .as("tasks routed by version 1 before the activation")
        .isNotEqualTo(List.of("0"));
  }

  @Test
  void aWorkspaceOrQueueChangedThroughOneServerIsWhatTheOtherServesNext() {
    // given a workspace and a queue the second server has read (and keeps in its cache)
    Api one = Api.asSuiteAccount();
    Api two = one.on(second.root());
    Seed seed = Seed.workspace(one);
    String queue = seed.queue("Support", "1==1");
    String workflow = seed.workflowTo(queue);
    Seed onTwo = seed.through(two);
    String first = onTwo.task(workflow, "{}");
    assertThat(onTwo.task(first).getString("task_queue_friendly_name")).isEqualTo("Support");
    assertThat(two.get(seed.base).json().getString("friendly_name")).startsWith("seed-");
    assertThat(two.get(seed.base + "/TaskQueues/" + queue).json().getString("friendly_name"))
        .isEqualTo("Support");

    // when the first server renames both
    Seed.expect(one.post(seed.base, "FriendlyName", "renamed on one"), 200);
    Seed.expect(one.post(seed.base + "/TaskQueues/" + queue, "FriendlyName", "Care"), 200);

    // then the second server answers with the new names (once PostgreSQL's notice of the commit
    // has reached it), and its next task is in the renamed queue
    Eventually.until(
        () -> two.get(seed.base).json().getString("friendly_name"),
        "renamed on one"::equals,
        "the workspace's new name on the second server");
    Eventually.until(
        () -> two.get(seed.base + "/TaskQueues/" + queue).json().getString("friendly_name"),
        "Care"::equals,
        "the queue's new name on the second server");
    String next = onTwo.task(workflow, "{}");
    assertThat(onTwo.task(next).getString("task_queue_friendly_name")).isEqualTo("Care");
  }

  private static void lifecycle(
      Seed shared,
      Api api,
      Api answering,
      String workflow,
      Queue<String> sids,
      Queue<String> failures) {
    try {
      Seed seed = shared.through(api);
      String task = seed.task(workflow, "{}");
      sids.add(task);
      JsonObject offer =
          Eventually.poll(
                  () ->
                      seed.reservationsOfTask(task).stream()
                          .filter(r -> "pending".equals(r.getString("reservation_status")))
                          .toList(),
                  r -> !r.isEmpty(),
                  java.time.Duration.ofSeconds(30))
              .get(0);
      String base = shared.base + "/Tasks/" + task;
      ApiResponse accepted =
          answering.post(
              base + "/Reservations/" + offer.getString("sid"), "ReservationStatus", "accepted");
      ApiResponse completed =
          answering.post(base, "AssignmentStatus", "completed", "Reason", "done");
      if (accepted.status() != 200 || completed.status() != 200) {
        failures.add(task + ": " + accepted + " / " + completed);
      }
    } catch (RuntimeException | AssertionError e) {
      failures.add(e.toString());
    }
  }
}
