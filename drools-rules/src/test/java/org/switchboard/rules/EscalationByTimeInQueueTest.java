package org.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.routing.rules.TargetChoice;

/** The escalation kbase: the target depends on how long the task has waited. */
class EscalationByTimeInQueueTest {

  @Test
  void movesFromExpertsToTeamToAnyoneAsTheTaskWaits() {
    assertThat(stepAt(0)).isZero();
    assertThat(stepAt(59)).isZero();
    assertThat(stepAt(60)).isEqualTo(1);
    assertThat(stepAt(179)).isEqualTo(1);
    assertThat(stepAt(180)).isEqualTo(2);
    assertThat(stepAt(599)).isEqualTo(2);
  }

  @Test
  void isExhaustedAfterTenMinutes() {
    RuleRun run =
        RuleRun.of(
            "escalation-session",
            new org.switchboard.routing.rules.TaskFact("WT1", Map.of(), 600, 0));

    assertThat(run.all(TargetChoice.class)).singleElement().matches(TargetChoice::isExhausted);
    assertThat(run.fired).containsExactly("After 600 s the workflow is exhausted");
  }

  private static int stepAt(long age) {
    RuleRun run =
        RuleRun.of(
            "escalation-session",
            new org.switchboard.routing.rules.TaskFact("WT1", Map.of(), age, 0));
    return run.all(TargetChoice.class).get(0).getStep();
  }
}
