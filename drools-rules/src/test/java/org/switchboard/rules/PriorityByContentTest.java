package org.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.routing.rules.PriorityChange;
import org.switchboard.routing.rules.TaskFact;

/** The priority kbase: a case's content and age decide its priority. */
class PriorityByContentTest {

  @Test
  void anOutageIsUrgent() {
    RuleRun run =
        RuleRun.of(
            "priority-session",
            new TaskFact("WT1", Map.of("subject", "Total OUTAGE in Lyon"), 10, 0));

    assertThat(run.all(PriorityChange.class))
        .extracting(PriorityChange::getPriority)
        .containsExactly(100);
    assertThat(run.fired).containsExactly("A case about an outage is urgent");
  }

  @Test
  void premiumCustomersComeFirstAndOldCasesAreRaised() {
    RuleRun run =
        RuleRun.of(
            "priority-session",
            new TaskFact("WT2", Map.of("customer", Map.of("tier", "premium")), 4000, 0));

    assertThat(run.all(PriorityChange.class))
        .extracting(PriorityChange::getPriority)
        .containsExactlyInAnyOrder(20, 50);
  }

  @Test
  void anOrdinaryFreshCaseKeepsItsPriority() {
    RuleRun run =
        RuleRun.of(
            "priority-session", new TaskFact("WT3", Map.of("subject", "Invoice copy"), 10, 0));

    assertThat(run.all(PriorityChange.class)).isEmpty();
    assertThat(run.fired).isEmpty();
  }
}
