package org.switchboard.it.rules;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.switchboard.it.support.Rules;
import org.switchboard.it.support.Seed;

/**
 * Rule sets as a rule author uses them: the example rule sets of {@code drools-rules} uploaded over
 * REST route real tasks; a broken file is refused with file, line and column and changes nothing; a
 * new version takes effect on activation and rolling back is one call; a task's routing is
 * explained; a what-if replay reports what a candidate would change.
 */
@ExtendWith(ArquillianExtension.class)
class RuleSetsIT {

  private static final Path RULESETS = Path.of("../drools-rules/src/main/resources/rulesets");

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void theSkillsRuleSetRoutesASpanishTaskToASpanishSpeakerAndSaysWhy() {
    // given the skills example uploaded, a Spanish speaker and a generalist, both available
    Seed seed = Seed.workspace(api);
    String spanish = seed.queue("Spanish", "languages HAS 'es'");
    seed.queue("Billing", "skills HAS 'billing'");
    String everyone = seed.queue("Everyone", "1==1");
    String ana = available(seed, "ana", "{\"languages\":[\"es\"]}");
    available(seed, "bob", "{\"languages\":[\"en\"]}");
    String ruleSet = ruleSet(seed, "skills", example("skills/SkillsBasedRouting.drl"));
    String workflow = seed.workflow("skills", Rules.routing(ruleSet, everyone));

    // when a Spanish task comes in
    String task = seed.task(workflow, "{\"language\":\"es\"}");

    // then the Spanish speaker is offered it, in the Spanish queue
    assertThat(onlyPendingOffer(seed, task).getString("worker_sid")).isEqualTo(ana);
    assertThat(seed.task(task).getString("task_queue_sid")).isEqualTo(spanish);
    // and the explanation names the rules that fired and the version that decided
    JsonObject routing = explain(seed, task);
    JsonObject decision = routing.getJsonObject("decision");
    assertThat(strings(decision, "rules_fired"))
        .contains(
            "A task in Spanish needs the Spanish skill",
            "Tasks needing Spanish go to the Spanish queue, then to everyone");
    assertThat(decision.getString("rule_set_sid")).isEqualTo(ruleSet);
    assertThat(decision.getInt("rule_set_version")).isEqualTo(1);
    assertThat(decision.getString("filter_name"))
        .isEqualTo("Tasks needing Spanish go to the Spanish queue, then to everyone");
    // and so does the task-queue.entered event
    JsonObject entered = event(seed, task, "task-queue.entered");
    assertThat(strings(entered.getJsonObject("event_data"), "rules_fired"))
        .contains("A task in Spanish needs the Spanish skill");
  }

  @Test
  void theSkillsRuleSetSkipsAQueueWhereNobodyIsAvailable() {
    // given a Spanish speaker who is offline and a generalist who is available
    Seed seed = Seed.workspace(api);
    seed.queue("Spanish", "languages HAS 'es'");
    String everyone = seed.queue("Everyone", "1==1");
    seed.worker("ana", "{\"languages\":[\"es\"]}");
    String bob = available(seed, "bob", "{\"languages\":[\"en\"]}");
    String ruleSet = ruleSet(seed, "skills", example("skills/SkillsBasedRouting.drl"));
    String workflow = seed.workflow("skills", Rules.routing(ruleSet, everyone));

    String task = seed.task(workflow, "{\"language\":\"es\"}");

    assertThat(onlyPendingOffer(seed, task).getString("worker_sid")).isEqualTo(bob);
    assertThat(seed.task(task).getString("task_queue_sid")).isEqualTo(everyone);
    assertThat(strings(explain(seed, task).getJsonObject("decision"), "rules_fired"))
        .contains("A queue where nobody is available is skipped");
  }

  @Test
  void theEscalationRuleSetMovesATaskOnByItsAgeAndRaisesIt() {
    // given the escalation example, with an expert and a team member available
    Seed seed = Seed.workspace(api);
    String experts = seed.queue("Experts", "level >= 5");
    String team = seed.queue("Team", "level >= 1");
    seed.queue("Everyone", "1==1");
    String expert = available(seed, "expert", "{\"level\":9}");
    String ruleSet = ruleSet(seed, "escalation", example("escalation/EscalationByTimeInQueue.drl"));
    String workflow = seed.workflow("escalation", Rules.routing(ruleSet, team));

    // when a new support task comes in, the expert gets it, with the target's 60 s deadline
    String fresh = seed.task(workflow, "{\"type\":\"support\"}");
    assertThat(onlyPendingOffer(seed, fresh).getString("worker_sid")).isEqualTo(expert);
    assertThat(seed.task(fresh).getString("task_queue_sid")).isEqualTo(experts);

    // when a support task arrives that entered the workflow 90 s ago, it is past the experts
    String late =
        seed.task(
            workflow,
            "{\"type\":\"support\"}",
            "VirtualStartTime",
            Instant.now().minusSeconds(90).truncatedTo(ChronoUnit.SECONDS).toString());
    JsonObject placed =
        Eventually.until(() -> seed.task(late), t -> !t.isNull("task_queue_sid"), "placed");
    assertThat(placed.getString("task_queue_sid")).isEqualTo(team);
    assertThat(placed.getInt("priority")).isEqualTo(20);
  }

  @Test
  void thePriorityRuleSetRaisesOutagesAndCancelsSpam() {
    Seed seed = Seed.workspace(api);
    String cases = seed.queue("Cases", "1==1");
    String ruleSet = ruleSet(seed, "priority", example("priority/PriorityByContent.drl"));
    String workflow = seed.workflow("priority", Rules.routing(ruleSet, cases));

    String outage = seed.task(workflow, "{\"subject\":\"Outage in Lyon\"}");
    String spam = seed.task(workflow, "{\"subject\":\"win\",\"spam_score\":99}");

    JsonObject urgent =
        Eventually.until(() -> seed.task(outage), t -> !t.isNull("task_queue_sid"), "placed");
    assertThat(urgent.getString("task_queue_sid")).isEqualTo(cases);
    assertThat(urgent.getInt("priority")).isEqualTo(100);
    JsonObject canceled =
        Eventually.until(
            () -> seed.task(spam),
            t -> "canceled".equals(t.getString("assignment_status")),
            "canceled");
    assertThat(canceled.getString("reason")).isEqualTo("Spam");
  }

  @Test
  void aBrokenFileIsRefusedWithFileLineAndColumnAndNothingIsStored() {
    Seed seed = Seed.workspace(api);
    String good = example("priority/PriorityByContent.drl");
    String broken =
        "package acme;\n"
            + "import org.switchboard.routing.rules.TaskFact;\n"
            + "rule \"Broken\"\n"
            + "when\n"
            + "    TaskFact( age > )\n"
            + "then\n"
            + "end\n";

    ApiResponse refused =
        api.post(seed.base + "/RuleSets", "FriendlyName", "bad", "Drl", good, "Drl", broken);

    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.json().getInt("code")).isEqualTo(20001);
    assertThat(refused.json().getString("message")).contains("rules-2.drl:5:");
    JsonObject error =
        refused.json().getJsonObject("details").getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("file")).isEqualTo("rules-2.drl");
    assertThat(error.getInt("line")).isEqualTo(5);
    assertThat(error.getInt("column")).isGreaterThan(1);
    assertThat(api.get(seed.base + "/RuleSets").json().getJsonArray("rule_sets")).isEmpty();

    // a fact type the router does not offer is refused the same way, on an existing rule set
    String ruleSet = ruleSet(seed, "good", good);
    ApiResponse foreign =
        api.post(
            seed.base + "/RuleSets/" + ruleSet + "/Versions",
            "Drl",
            "package acme;\nimport java.io.File;\nrule \"R\" when File() then end\n");
    assertThat(foreign.status()).as(foreign.toString()).isEqualTo(400);
    JsonObject problem =
        foreign.json().getJsonObject("details").getJsonArray("errors").getJsonObject(0);
    assertThat(problem.getString("file")).isEqualTo("rules-1.drl");
    assertThat(problem.getInt("line")).isEqualTo(2);
    assertThat(problem.getString("message")).contains("java.io.File");
    JsonObject unchanged = api.get(seed.base + "/RuleSets/" + ruleSet).json();
    assertThat(unchanged.getInt("latest_version")).isEqualTo(1);
    assertThat(unchanged.getInt("active_version")).isEqualTo(1);
  }

  @Test
  void aNewVersionRoutesNewTasksOnceActivatedAndRollingBackIsOneCall() {
    // given version 1 routing everything to A
    Seed seed = Seed.workspace(api);
    String a = seed.queue("A", "1==1");
    String b = seed.queue("B", "1==1");
    String ruleSet = ruleSet(seed, "ab", Rules.routeAll("A"));
    String workflow = seed.workflow("ab", Rules.routing(ruleSet, a));
    Instant start = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    assertThat(queueOf(seed, seed.task(workflow, "{}"))).isEqualTo(a);

    // when version 2 (everything to B) is uploaded, nothing changes yet
    ApiResponse uploaded =
        api.post(seed.base + "/RuleSets/" + ruleSet + "/Versions", "Drl", Rules.routeAll("B"));
    Seed.expect(uploaded, 201);
    assertThat(uploaded.json().getInt("version")).isEqualTo(2);
    assertThat(uploaded.json().getBoolean("active")).isFalse();
    assertThat(queueOf(seed, seed.task(workflow, "{}"))).isEqualTo(a);

    // and a what-if of version 2 over the tasks so far says each would move from A to B
    Instant end = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    ApiResponse whatIf =
        api.post(
            seed.base + "/RuleSets/" + ruleSet + "/Versions/2/WhatIf",
            "StartDate",
            start.toString(),
            "EndDate",
            end.toString());
    Seed.expect(whatIf, 200);
    JsonObject summary = whatIf.json().getJsonObject("summary");
    assertThat(summary.getInt("tasks")).isEqualTo(2);
    assertThat(summary.getInt("differences")).isEqualTo(2);
    assertThat(summary.getJsonObject("moves").getInt(a + " -> " + b)).isEqualTo(2);
    JsonObject row = whatIf.json().getJsonArray("tasks").getJsonObject(0);
    assertThat(row.getString("recorded_task_queue_sid")).isEqualTo(a);
    assertThat(row.getJsonObject("active").getString("task_queue_sid")).isEqualTo(a);
    assertThat(row.getJsonObject("candidate").getString("task_queue_sid")).isEqualTo(b);

    // when version 2 is activated, new tasks go to B, and the workflow says so in an event
    Seed.expect(api.post(seed.base + "/RuleSets/" + ruleSet, "ActiveVersion", "2"), 200);
    assertThat(queueOf(seed, seed.task(workflow, "{}"))).isEqualTo(b);
    JsonObject updated =
        api.get(seed.base + "/Events?EventType=workflow.updated&ResourceSid=" + workflow)
            .json()
            .getJsonArray("events")
            .getJsonObject(0);
    assertThat(updated.getJsonObject("event_data").getInt("rule_set_version")).isEqualTo(2);
    assertThat(updated.getJsonObject("event_data").getString("changed_by"))
        .isEqualTo(Api.accountSid());

    // when rolled back, new tasks go to A again
    Seed.expect(api.post(seed.base + "/RuleSets/" + ruleSet, "ActiveVersion", "1"), 200);
    assertThat(queueOf(seed, seed.task(workflow, "{}"))).isEqualTo(a);
    assertThat(api.get(seed.base + "/RuleSets/" + ruleSet).json().getInt("active_version"))
        .isEqualTo(1);
  }

  @Test
  void aWaitingTaskIsExplained() {
    // given a queue nobody belongs to and one whose only member is offline
    Seed seed = Seed.workspace(api);
    String empty = seed.queue("Empty", "team == 'nobody'");
    String offline = seed.queue("Offline", "team == 'night'");
    seed.worker("owl", "{\"team\":\"night\"}");

    String lonely = seed.task(seed.workflowTo(empty), "{}");
    String sleeping = seed.task(seed.workflowTo(offline), "{}");

    JsonObject first =
        Eventually.until(() -> explain(seed, lonely), e -> !e.isNull("waiting"), "explained")
            .getJsonObject("waiting");
    assertThat(first.getString("reason")).isEqualTo("no_workers_in_queue");
    assertThat(first.getInt("workers_in_queue")).isZero();
    JsonObject second =
        Eventually.until(() -> explain(seed, sleeping), e -> !e.isNull("waiting"), "explained")
            .getJsonObject("waiting");
    assertThat(second.getString("reason")).isEqualTo("none_available");
    assertThat(second.getInt("workers_in_queue")).isEqualTo(1);
    assertThat(second.getInt("available_workers")).isZero();

    // and one whose only member is available with its channel switched off
    String full = seed.queue("Full", "team == 'day'");
    String lark = available(seed, "lark", "{\"team\":\"day\"}");
    Seed.expect(
        api.post(seed.base + "/Workers/" + lark + "/Channels/default", "Available", "false"), 200);
    String waiting = seed.task(seed.workflowTo(full), "{}");
    JsonObject third =
        Eventually.until(() -> explain(seed, waiting), e -> !e.isNull("waiting"), "explained")
            .getJsonObject("waiting");
    assertThat(third.getString("reason")).isEqualTo("none_with_capacity");
    assertThat(third.getInt("available_workers")).isEqualTo(1);
    assertThat(third.getInt("workers_with_capacity")).isZero();
  }

  private String ruleSet(Seed seed, String name, String drl) {
    ApiResponse created = api.post(seed.base + "/RuleSets", "FriendlyName", name, "Drl", drl);
    Seed.expect(created, 201);
    assertThat(created.json().getInt("active_version")).isEqualTo(1);
    return created.json().getString("sid");
  }

  private static String example(String path) {
    try {
      return Files.readString(RULESETS.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonObject explain(Seed seed, String task) {
    ApiResponse response = api.get(seed.base + "/Tasks/" + task + "/Routing");
    Seed.expect(response, 200);
    return response.json();
  }

  private JsonObject event(Seed seed, String task, String type) {
    return Eventually.until(
            () ->
                api.get(seed.base + "/Events?TaskSid=" + task + "&EventType=" + type)
                    .json()
                    .getJsonArray("events")
                    .getValuesAs(JsonObject.class),
            list -> !list.isEmpty(),
            type)
        .get(0);
  }

  private static String queueOf(Seed seed, String task) {
    return Eventually.until(() -> seed.task(task), t -> !t.isNull("task_queue_sid"), "placed")
        .getString("task_queue_sid");
  }

  private static List<String> strings(JsonObject object, String key) {
    return object.getJsonArray(key).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }

  private static String available(Seed seed, String name, String attributes) {
    String worker = seed.worker(name, attributes);
    seed.moveWorker(worker, "Available");
    return worker;
  }

  private static JsonObject onlyPendingOffer(Seed seed, String task) {
    List<JsonObject> offers =
        Eventually.until(
            () ->
                seed.reservationsOfTask(task).stream()
                    .filter(r -> "pending".equals(r.getString("reservation_status")))
                    .toList(),
            r -> !r.isEmpty(),
            "offered");
    assertThat(offers).hasSize(1);
    return offers.get(0);
  }
}
