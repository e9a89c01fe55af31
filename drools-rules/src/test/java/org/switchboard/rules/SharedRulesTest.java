package org.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.switchboard.routing.rules.PriorityChange;
import org.switchboard.routing.rules.TaskFact;

/** The shared kbase, which the routing engine builds into every workflow. */
class SharedRulesTest {

  private static final Path SHARED = Path.of("src/main/resources/org/switchboard/rules/shared");

  @Test
  void aTasksMinimumPriorityRaisesItsPriority() {
    RuleRun run =
        RuleRun.of(
            "shared-session",
            new TaskFact("WT1", Map.of("switchboard", Map.of("minimum_priority", 50)), 0, 5));

    assertThat(run.all(PriorityChange.class))
        .extracting(PriorityChange::getPriority)
        .containsExactly(50);
  }

  @Test
  void aLowerMinimumOrNoneChangesNothing() {
    RuleRun lower =
        RuleRun.of(
            "shared-session",
            new TaskFact("WT2", Map.of("switchboard", Map.of("minimum_priority", 1)), 0, 5));
    RuleRun none = RuleRun.of("shared-session", new TaskFact("WT3", Map.of("type", "sales"), 0, 5));

    assertThat(lower.all(PriorityChange.class)).isEmpty();
    assertThat(none.all(PriorityChange.class)).isEmpty();
  }

  @Test
  void everySharedRuleFileIsListedInTheIndex() throws IOException {
    List<String> index =
        Files.readAllLines(SHARED.resolve("index.txt")).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    try (Stream<Path> files = Files.list(SHARED)) {
      List<String> drl =
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".drl")).toList();

      assertThat(index).containsExactlyInAnyOrderElementsOf(drl);
    }
  }
}
