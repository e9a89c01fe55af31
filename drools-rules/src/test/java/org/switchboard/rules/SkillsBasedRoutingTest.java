package org.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.routing.rules.FilterMatch;
import org.switchboard.routing.rules.TaskFact;

/** The skills kbase: classify what a task needs, then pick the filter that serves it. */
class SkillsBasedRoutingTest {

  @Test
  void aSpanishBillingQuestionGoesToSpanishSpeakersFirst() {
    RuleRun run =
        RuleRun.of(
            "skills-session",
            new TaskFact("WT1", Map.of("language", "es", "type", "billing"), 0, 0));

    assertThat(run.all(FilterMatch.class))
        .extracting(FilterMatch::getName)
        .containsExactly("Spanish speakers");
    assertThat(run.fired)
        .contains(
            "A task in Spanish needs the Spanish skill",
            "A billing question needs the billing skill",
            "Tasks needing Spanish go to the Spanish filter")
        .doesNotContain("Tasks needing billing go to the billing filter");
  }

  @Test
  void aBillingQuestionInEnglishGoesToBilling() {
    RuleRun run =
        RuleRun.of(
            "skills-session",
            new TaskFact("WT2", Map.of("language", "en", "type", "billing"), 0, 0));

    assertThat(run.all(FilterMatch.class)).extracting(FilterMatch::getFilter).containsExactly(1);
  }

  @Test
  void anythingElseGoesToTheDefaultFilter() {
    RuleRun run = RuleRun.of("skills-session", new TaskFact("WT3", Map.of("type", "sales"), 0, 0));

    assertThat(run.all(FilterMatch.class)).extracting(FilterMatch::getFilter).containsExactly(-1);
    assertThat(run.fired).containsExactly("Everything else goes to the default filter");
  }
}
