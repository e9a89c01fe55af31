package org.switchboard.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.switchboard.routing.rules.WorkflowRules.Decision;

/** Workflow configurations become rules that pick a filter and escalate through its targets. */
class WorkflowRulesCompilerTest {

  private static final String CONFIGURATION =
      """
      {"task_routing": {
        "filters": [
          {"filter_friendly_name": "Spanish", "expression": "language == 'es'",
           "targets": [
             {"queue": "WQspanishexperts", "expression": "task.level == worker.level",
              "priority": 5, "timeout": 30},
             {"queue": "WQspanishall", "timeout": 90},
             {"queue": "WQeveryone"}]},
          {"filter_friendly_name": "VIP", "expression": "vip == true",
           "targets": [
             {"queue": "WQvip", "timeout": 20, "skip_if": "workers.available == 0"},
             {"queue": "WQvipbackup", "timeout": 60}]}],
        "default_filter": {"queue": "WQdefault"}}}
      """;

  private static WorkflowRules rules;

  /** Filter 0 matches {@code language=es}, filter 1 {@code vip=true}; skip when "skip" is set. */
  private static final Conditions CONDITIONS =
      new Conditions() {
        @Override
        public boolean filter(int filter, TaskFact task) {
          return switch (filter) {
            case 0 -> "es".equals(task.getAttributes().get("language"));
            case 1 -> Boolean.TRUE.equals(task.getAttributes().get("vip"));
            default -> false;
          };
        }

        @Override
        public boolean skip(int filter, int step, TaskFact task) {
          return Boolean.TRUE.equals(task.getAttributes().get("skip"));
        }
      };

  @BeforeAll
  static void compile() {
    rules =
        new WorkflowRulesCompiler(WorkflowRulesCompilerTest.class.getClassLoader(), Map.of())
            .compile("WWtest", 1, json(CONFIGURATION));
  }

  @Test
  void theFirstMatchingFilterWins() {
    Decision decision = rules.decide(task(Map.of("language", "es", "vip", true), 0), CONDITIONS);

    assertThat(decision.filter().getFilter()).isZero();
    assertThat(decision.filter().getName()).isEqualTo("Spanish");
    assertThat(decision.target().getStep()).isZero();
    assertThat(decision.rulesFired())
        .containsExactly(
            "Filter 1 'Spanish' matches the task",
            "Filter 1 'Spanish', target 1 (queue WQspanishexperts) until 30 s");
  }

  @Test
  void escalatesThroughTheTargetsAsTheTaskAges() {
    Map<String, Object> spanish = Map.of("language", "es");

    assertThat(rules.decide(task(spanish, 29), CONDITIONS).target().getStep()).isZero();
    assertThat(rules.decide(task(spanish, 30), CONDITIONS).target().getStep()).isEqualTo(1);
    assertThat(rules.decide(task(spanish, 89), CONDITIONS).target().getStep()).isEqualTo(1);
    assertThat(rules.decide(task(spanish, 90), CONDITIONS).target().getStep()).isEqualTo(2);
    assertThat(rules.decide(task(spanish, 100_000), CONDITIONS).exhausted()).isFalse();
    assertThat(rules.target(0, 2).queueSid()).isEqualTo("WQeveryone");
  }

  @Test
  void isExhaustedWhenTheLastTargetTimesOut() {
    Decision decision = rules.decide(task(Map.of("vip", true), 60), CONDITIONS);

    assertThat(decision.exhausted()).isTrue();
    assertThat(decision.filter().getFilter()).isEqualTo(1);
    assertThat(decision.rulesFired()).contains("Filter 2 'VIP': every target has timed out");
  }

  @Test
  void skipsATargetWhoseSkipIfHolds() {
    Decision skipped = rules.decide(task(Map.of("vip", true, "skip", true), 0), CONDITIONS);
    Decision kept = rules.decide(task(Map.of("vip", true), 0), CONDITIONS);

    assertThat(skipped.target().getStep()).isEqualTo(1);
    assertThat(kept.target().getStep()).isZero();
  }

  @Test
  void fallsBackToTheDefaultFilter() {
    Decision decision = rules.decide(task(Map.of("language", "fr"), 5), CONDITIONS);

    assertThat(decision.filter().getFilter()).isEqualTo(-1);
    assertThat(decision.target().getStep()).isZero();
    assertThat(rules.target(-1, 0).queueSid()).isEqualTo("WQdefault");
  }

  @Test
  void withoutDefaultFilterAnUnmatchedTaskIsExhausted() {
    WorkflowRules noDefault =
        new WorkflowRulesCompiler(getClass().getClassLoader(), Map.of())
            .compile(
                "WWnodefault",
                1,
                json(
                    """
                    {"task_routing": {"filters": [
                      {"expression": "language == 'es'", "targets": [{"queue": "WQes"}]}]}}
                    """));

    assertThat(noDefault.decide(task(Map.of("language", "fr"), 0), CONDITIONS).exhausted())
        .isTrue();
  }

  @Test
  void sharedRulesChangeThePriority() {
    String shared =
        """
        package org.switchboard.rules.shared;
        import org.switchboard.routing.rules.TaskFact;
        import org.switchboard.routing.rules.PriorityChange;

        rule "Premium customers get priority 10"
        when
            $task : TaskFact(attributes["tier"] == "premium")
        then
            insert(new PriorityChange($task.getSid(), 10, "premium customer"));
        end
        """;
    WorkflowRules withShared =
        new WorkflowRulesCompiler(
                getClass().getClassLoader(),
                Map.of("org/switchboard/rules/shared/Premium.drl", shared))
            .compile("WWshared", 1, json(CONFIGURATION));

    Decision premium = withShared.decide(task(Map.of("tier", "premium"), 0), CONDITIONS);
    Decision basic = withShared.decide(task(Map.of("tier", "basic"), 0), CONDITIONS);

    assertThat(premium.priority()).isEqualTo(10);
    assertThat(premium.rulesFired()).contains("Premium customers get priority 10");
    assertThat(basic.priority()).isNull();
  }

  @Test
  void reportsTheFileLineAndColumnOfABrokenRule() {
    String broken =
        """
        package org.switchboard.rules.shared;
        import org.switchboard.routing.rules.TaskFact;

        rule "Broken"
        when
            $task : TaskFact(age > )
        then
        end
        """;

    assertThatThrownBy(
            () ->
                new WorkflowRulesCompiler(
                    getClass().getClassLoader(),
                    Map.of("org/switchboard/rules/shared/Broken.drl", broken)))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageContaining("org/switchboard/rules/shared/Broken.drl:6:");
  }

  private static TaskFact task(Map<String, Object> attributes, long age) {
    return new TaskFact("WTtask", attributes, age, 0);
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
