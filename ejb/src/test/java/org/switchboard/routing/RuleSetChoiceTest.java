package org.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.switchboard.routing.rules.CancelTask;
import org.switchboard.routing.rules.CompiledRuleSet;
import org.switchboard.routing.rules.RouteTo;
import org.switchboard.routing.rules.SkipTarget;
import org.switchboard.routing.rules.TargetSpec;

/** How what a rule set decided becomes a placement, at a task's age. */
class RuleSetChoiceTest {

  private static final Instant START = Instant.parse("2026-12-03T09:00:00Z");
  private static final Map<String, String> QUEUES =
      Map.of("Experts", "WQexperts", "Team", "WQteam", "WQteam", "WQteam");
  private static final UnaryOperator<String> RESOLVE = QUEUES::get;
  private static final TargetSpec DEFAULT =
      new TargetSpec("WQdefault", null, null, null, null, null, null, null);

  @Test
  void theFirstTargetByStepAppliesWithItsDeadlineAndPriority() {
    Placement placement =
        choose(
            decision(
                List.of(
                    RouteTo.queue("Team").step(2),
                    RouteTo.queue("Experts").step(1).timeout(60).priority(7))),
            10);

    assertThat(placement.queueSid()).isEqualTo("WQexperts");
    assertThat(placement.deadline()).isEqualTo(START.plusSeconds(60));
    assertThat(placement.priority()).isEqualTo(7);
    assertThat(placement.why().filterName()).isEqualTo("rule 1");
  }

  @Test
  void aTimedOutTargetGivesWayToTheNext() {
    Placement placement =
        choose(
            decision(
                List.of(
                    RouteTo.queue("Experts").step(1).timeout(60), RouteTo.queue("Team").step(2))),
            60);

    assertThat(placement.queueSid()).isEqualTo("WQteam");
    assertThat(placement.deadline()).isNull();
  }

  @Test
  void whenEveryTargetHasTimedOutTheTaskIsExhausted() {
    Placement placement = choose(decision(List.of(RouteTo.queue("Experts").timeout(60))), 61);

    assertThat(placement.exhausted()).isTrue();
    assertThat(placement.reason()).isEqualTo(Placement.EXHAUSTED);
  }

  @Test
  void aSkippedQueueIsPassedButTheLastTargetNeverIs() {
    List<RouteTo> targets =
        List.of(RouteTo.queue("Experts").step(1), RouteTo.queue("Team").step(2));

    Placement skipOne = choose(decision(targets, new SkipTarget("Experts", "nobody")), 0);
    Placement skipBoth =
        choose(
            decision(targets, new SkipTarget("Experts", "nobody"), new SkipTarget("WQteam", "x")),
            0);

    assertThat(skipOne.queueSid()).isEqualTo("WQteam");
    assertThat(skipBoth.queueSid()).isEqualTo("WQteam");
  }

  @Test
  void aTargetInAQueueThatDoesNotExistIsDropped() {
    Placement placement =
        choose(decision(List.of(RouteTo.queue("Gone").step(1), RouteTo.queue("Team").step(2))), 0);

    assertThat(placement.queueSid()).isEqualTo("WQteam");
  }

  @Test
  void withNoTargetTheDefaultFilterAppliesWithTheRulesPriority() {
    CompiledRuleSet.Decision decision =
        new CompiledRuleSet.Decision(List.of(), List.of(), null, 40, List.of("VIPs get 40"));

    Placement placement = RuleSetChoice.choose(decision, 0, START, DEFAULT, RESOLVE, "RS1", 3);

    assertThat(placement.queueSid()).isEqualTo("WQdefault");
    assertThat(placement.filter()).isEqualTo(-1);
    assertThat(placement.priority()).isEqualTo(40);
    assertThat(placement.why().rulesFired()).containsExactly("VIPs get 40");
    assertThat(placement.why().ruleSetVersion()).isEqualTo(3);
  }

  @Test
  void aCancelWinsOverEveryTarget() {
    CompiledRuleSet.Decision decision =
        new CompiledRuleSet.Decision(
            List.of(new CompiledRuleSet.Target(RouteTo.queue("Team"), "r")),
            List.of(),
            new CancelTask("Spam"),
            null,
            List.of());

    Placement placement = RuleSetChoice.choose(decision, 0, START, DEFAULT, RESOLVE, "RS1", 1);

    assertThat(placement.exhausted()).isTrue();
    assertThat(placement.reason()).isEqualTo("Spam");
  }

  @Test
  void aTargetWithAnExpressionKeepsItForWorkerDrivenPasses() {
    Placement placement =
        choose(
            decision(
                List.of(
                    RouteTo.queue("Team")
                        .expression("worker.level > 2")
                        .orderBy("worker.level DESC"))),
            0);

    assertThat(placement.expression()).isEqualTo("worker.level > 2");
    assertThat(placement.ruleTarget())
        .isEqualTo("{\"expression\":\"worker.level > 2\",\"order_by\":\"worker.level DESC\"}");
  }

  private static Placement choose(CompiledRuleSet.Decision decision, long age) {
    return RuleSetChoice.choose(decision, age, START, DEFAULT, RESOLVE, "RS1", 1);
  }

  private static CompiledRuleSet.Decision decision(List<RouteTo> routes, SkipTarget... skips) {
    List<CompiledRuleSet.Target> targets =
        routes.stream()
            .map(r -> new CompiledRuleSet.Target(r, "rule " + routes.indexOf(r)))
            .sorted(java.util.Comparator.comparingInt(t -> t.route().getStep()))
            .toList();
    return new CompiledRuleSet.Decision(targets, List.of(skips), null, null, List.of());
  }
}
