package org.switchboard.rules.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scenario file in {@code src/test/resources/scenarios}: one test per case, failing with
 * what differs from the case's expectations (or with the file, line and column of a rule that does
 * not compile).
 */
class RuleSetScenariosTest {

  private static final Path SCENARIOS = Path.of("src/test/resources/scenarios");

  @TestFactory
  Stream<DynamicNode> scenarios() throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(SCENARIOS)) {
      files = listed.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).as("scenario files").isNotEmpty();
    return files.stream()
        .map(
            file -> {
              Scenario scenario = Scenario.load(file);
              return DynamicContainer.dynamicContainer(
                  scenario.name(),
                  scenario.caseNames().stream()
                      .map(
                          name ->
                              DynamicTest.dynamicTest(
                                  name,
                                  () ->
                                      assertThat(scenario.check(name))
                                          .as(scenario.name() + ": " + name)
                                          .isEmpty())));
            });
  }
}
