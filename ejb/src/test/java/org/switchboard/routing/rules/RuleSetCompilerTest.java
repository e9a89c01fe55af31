package org.switchboard.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSetCompilerTest {

  private final RuleSetCompiler compiler =
      new RuleSetCompiler(getClass().getClassLoader(), Map.of());

  private static final String HEADER =
      """
      package acme.routing;
      import org.switchboard.routing.rules.TaskFact;
      import org.switchboard.routing.rules.QueueFact;
      import org.switchboard.routing.rules.RouteTo;
      import org.switchboard.routing.rules.SkipTarget;
      import org.switchboard.routing.rules.CancelTask;
      import org.switchboard.routing.rules.PriorityChange;
      """;

  @Test
  void routesByTheFirstTargetInStepOrder() {
    CompiledRuleSet rules =
        compile(
            HEADER
                + """
                rule "Spanish tasks go to the Spanish queue first"
                when
                    $t : TaskFact( attributes["language"] == "es" )
                then
                    insert(RouteTo.queue("Spanish").step(1).timeout(30));
                    insert(RouteTo.queue("Everyone").step(2).priority(5));
                end
                rule "VIPs get priority 50"
                when
                    $t : TaskFact( attribute("customer.tier") == "vip" )
                then
                    insert(new PriorityChange($t.getSid(), 50, "vip"));
                end
                """);

    CompiledRuleSet.Decision decision =
        rules.decide(
            task(Map.of("language", "es", "customer", Map.of("tier", "vip"))),
            List.of(),
            WorkerQuery.NONE);

    assertThat(decision.targets())
        .extracting(t -> t.route().getQueue())
        .containsExactly("Spanish", "Everyone");
    assertThat(decision.targets().get(0).rule())
        .isEqualTo("Spanish tasks go to the Spanish queue first");
    assertThat(decision.targets().get(0).route().getTimeout()).isEqualTo(30);
    assertThat(decision.priority()).isEqualTo(50);
    assertThat(decision.rulesFired())
        .containsExactlyInAnyOrder(
            "Spanish tasks go to the Spanish queue first", "VIPs get priority 50");
  }

  @Test
  void queueFiguresAndTheWorkersGlobalAreSeenOnlyWhenUsed() {
    CompiledRuleSet rules =
        compile(
            HEADER
                + """
                import org.switchboard.routing.rules.WorkerQuery;
                global WorkerQuery workers;
                rule "Skip a queue with nobody available"
                when
                    QueueFact( $name : friendlyName, availableWorkers == 0 )
                then
                    insert(new SkipTarget($name, "nobody available"));
                end
                rule "Experts when any is free"
                when
                    TaskFact()
                    eval( workers.availableMatching("Experts", "worker.level > 2") > 0 )
                then
                    insert(RouteTo.queue("Experts"));
                end
                """);
    assertThat(rules.usesQueues()).isTrue();
    assertThat(rules.usesWorkers()).isTrue();
    WorkerQuery oneExpert =
        new WorkerQuery() {
          @Override
          public int members(String queue) {
            return 1;
          }

          @Override
          public int available(String queue) {
            return 1;
          }

          @Override
          public int availableMatching(String queue, String expression) {
            return "Experts".equals(queue) ? 1 : 0;
          }
        };

    CompiledRuleSet.Decision decision =
        rules.decide(
            task(Map.of()),
            List.of(
                new QueueFact("WQ1", "Sales", 3, 0, 2, 40),
                new QueueFact("WQ2", "Experts", 1, 1, 0, 0)),
            oneExpert);

    assertThat(decision.skipped()).extracting(SkipTarget::queue).containsExactly("Sales");
    assertThat(decision.targets()).extracting(t -> t.route().getQueue()).containsExactly("Experts");
  }

  @Test
  void anAttributeThatIsJsonNullIsSeenAsNull() {
    CompiledRuleSet rules =
        compile(
            HEADER
                + """
                rule "Tasks without a language go to the default queue's neighbour"
                when
                    TaskFact( attributes["language"] == null )
                then
                    insert(RouteTo.queue("Neighbour"));
                end
                """);
    java.util.Map<String, Object> attributes = new java.util.HashMap<>();
    attributes.put("language", null);

    CompiledRuleSet.Decision decision = rules.decide(task(attributes), List.of(), WorkerQuery.NONE);

    assertThat(decision.targets())
        .extracting(t -> t.route().getQueue())
        .containsExactly("Neighbour");
  }

  @Test
  void aSyntaxErrorNamesFileLineAndColumn() {
    String broken = HEADER + "rule \"Broken\"\nwhen\n    $t : TaskFact( age > )\nthen\nend\n";

    assertThatThrownBy(() -> compile(broken))
        .isInstanceOfSatisfying(
            RuleCompilationException.class,
            e -> {
              RuleProblem problem = e.problems().get(0);
              assertThat(problem.file()).isEqualTo("rules-1.drl");
              assertThat(problem.line()).isEqualTo(10);
              assertThat(problem.column()).isGreaterThan(1);
            });
  }

  @Test
  void aTypeErrorNamesTheLineAndTheColumnOfTheToken() {
    String broken =
        HEADER
            + """
            rule "Unknown fact"
            when
                Customer( tier == "vip" )
            then
                insert(RouteTo.queue("VIP"));
            end
            """;

    assertThatThrownBy(() -> compile(broken))
        .isInstanceOfSatisfying(
            RuleCompilationException.class,
            e -> {
              assertThat(e.problems()).isNotEmpty();
              RuleProblem problem = e.problems().get(0);
              assertThat(problem.file()).isEqualTo("rules-1.drl");
              assertThat(problem.line()).isEqualTo(10);
              assertThat(problem.column()).isEqualTo(5);
              assertThat(problem.message()).contains("Customer");
            });
  }

  @Test
  void refusesImportsGlobalsAndCallsTheRouterDoesNotOffer() {
    String hostile =
        """
        package acme.routing;
        import org.switchboard.routing.rules.TaskFact;
        import java.io.File;
        global java.util.List sink;
        rule "Leaks"
        when
            TaskFact()
        then
            System.exit(1);
        end
        """;

    assertThatThrownBy(() -> compile(hostile))
        .isInstanceOfSatisfying(
            RuleCompilationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(p -> p.line() + ":" + p.column())
                    .containsExactly("3:8", "4:23", "9:5"));
  }

  @Test
  void reportsEveryBrokenFile() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("rules-1.drl", HEADER + "rule \"A\" when TaskFact( then end\n");
    files.put("rules-2.drl", HEADER + "rule \"B\" when Nope() then end\n");

    assertThatThrownBy(() -> compiler.compile("RSx-1", files))
        .isInstanceOfSatisfying(
            RuleCompilationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(RuleProblem::file)
                    .contains("rules-1.drl")
                    .doesNotContain("rules-2.drl"));
  }

  private CompiledRuleSet compile(String drl) {
    return compiler.compile("RStest-1", Map.of(RuleSetCompiler.fileName(0), drl));
  }

  private static TaskFact task(Map<String, Object> attributes) {
    return new TaskFact(
        "WTtask", attributes, 0, 0, "default", LocalDateTime.of(2026, 12, 3, 9, 30));
  }
}
