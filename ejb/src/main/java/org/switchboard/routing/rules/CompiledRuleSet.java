package org.switchboard.routing.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.kie.api.KieBase;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;

/**
 * A compiled rule set version. Thread-safe: every {@link #decide} opens its own session. A run that
 * fires more than {@link #MAX_FIRINGS} rules (a loop) is stopped and treated as a failed decision.
 */
public final class CompiledRuleSet {

  /** More rule firings than this for one task is a loop in the rules. */
  public static final int MAX_FIRINGS = 10_000;

  private final KieBase kieBase;
  private final boolean usesQueues;
  private final boolean usesWorkers;

  CompiledRuleSet(KieBase kieBase, boolean usesQueues, boolean usesWorkers) {
    this.kieBase = Objects.requireNonNull(kieBase);
    this.usesQueues = usesQueues;
    this.usesWorkers = usesWorkers;
  }

  /** Whether any rule matches on {@link QueueFact}: only then are queue figures read. */
  public boolean usesQueues() {
    return usesQueues;
  }

  /** Whether the rules declare the global {@code workers}. */
  public boolean usesWorkers() {
    return usesWorkers;
  }

  /** A target a rule inserted, with the name of that rule. */
  public record Target(RouteTo route, String rule) {}

  /**
   * What the rules decided for one task.
   *
   * @param targets the inserted targets, ordered by step, then by insertion
   * @param skipped the queues (sid or name) the rules said to skip
   * @param cancel the reason to cancel, if a rule inserted {@link CancelTask}
   * @param priority the highest {@link PriorityChange}, or null
   * @param rulesFired the rules that fired, in order
   */
  public record Decision(
      List<Target> targets,
      List<SkipTarget> skipped,
      CancelTask cancel,
      Integer priority,
      List<String> rulesFired) {}

  /**
   * Runs the rules over one task.
   *
   * @param queues the workspace's queues with their figures (only read if {@link #usesQueues})
   * @param workers answers the global {@code workers}
   * @throws IllegalStateException when the rules loop
   */
  public Decision decide(TaskFact task, Collection<QueueFact> queues, WorkerQuery workers) {
    KieSession session = kieBase.newKieSession();
    try {
      List<String> fired = new ArrayList<>();
      List<Target> targets = new ArrayList<>();
      session.addEventListener(new FiredRules(fired));
      session.addEventListener(
          new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
              if (event.getObject() instanceof RouteTo route) {
                targets.add(
                    new Target(route, event.getRule() == null ? null : event.getRule().getName()));
              }
            }
          });
      if (usesWorkers) {
        session.setGlobal(RuleSetCompiler.WORKERS, workers);
      }
      session.insert(task);
      if (usesQueues) {
        queues.forEach(session::insert);
      }
      int firings = session.fireAllRules(MAX_FIRINGS + 1);
      if (firings > MAX_FIRINGS) {
        throw new IllegalStateException(
            "The rules fired more than " + MAX_FIRINGS + " times for one task: a loop");
      }
      // a target retracted again by a later rule does not count
      List<Object> live = new ArrayList<>(session.getObjects(o -> o instanceof RouteTo));
      targets.removeIf(t -> live.stream().noneMatch(o -> o == t.route()));
      targets.sort(Comparator.comparingInt(t -> t.route().getStep()));
      List<SkipTarget> skipped =
          session.getObjects(o -> o instanceof SkipTarget).stream()
              .map(SkipTarget.class::cast)
              .toList();
      CancelTask cancel =
          session.getObjects(o -> o instanceof CancelTask).stream()
              .map(CancelTask.class::cast)
              .findFirst()
              .orElse(null);
      Integer priority =
          session.getObjects(o -> o instanceof PriorityChange).stream()
              .map(o -> ((PriorityChange) o).getPriority())
              .max(Integer::compare)
              .orElse(null);
      return new Decision(List.copyOf(targets), skipped, cancel, priority, List.copyOf(fired));
    } finally {
      session.dispose();
    }
  }
}
