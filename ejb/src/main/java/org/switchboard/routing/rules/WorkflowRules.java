package org.switchboard.routing.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;

/**
 * The compiled rules of one workflow version: a KieBase generated from its configuration (plus the
 * rule authors' shared rules) and the filters and targets it refers to. Thread-safe: every {@link
 * #decide} opens its own session.
 */
public final class WorkflowRules {

  private final KieBase kieBase;
  private final List<FilterSpec> filters;
  private final FilterSpec defaultFilter;
  private final String drl;

  WorkflowRules(KieBase kieBase, List<FilterSpec> filters, FilterSpec defaultFilter, String drl) {
    this.kieBase = Objects.requireNonNull(kieBase);
    this.filters = List.copyOf(filters);
    this.defaultFilter = defaultFilter;
    this.drl = drl;
  }

  /** What the rules decide for a task: its filter, its target, and any priority change. */
  public record Decision(
      FilterMatch filter, TargetChoice target, Integer priority, List<String> rulesFired) {

    public boolean exhausted() {
      return target == null || target.isExhausted();
    }
  }

  /** Runs the rules for one task. */
  public Decision decide(TaskFact task, Conditions conditions) {
    KieSession session = kieBase.newKieSession();
    try {
      List<String> fired = new ArrayList<>();
      session.addEventListener(new FiredRules(fired));
      session.setGlobal("conditions", conditions);
      session.insert(task);
      session.getAgenda().getAgendaGroup("targets").setFocus();
      session.getAgenda().getAgendaGroup("filters").setFocus();
      session.fireAllRules();
      FilterMatch match = single(session, FilterMatch.class);
      TargetChoice choice = single(session, TargetChoice.class);
      Integer priority =
          session.getObjects(o -> o instanceof PriorityChange).stream()
              .map(o -> ((PriorityChange) o).getPriority())
              .max(Integer::compare)
              .orElse(null);
      return new Decision(match, choice, priority, List.copyOf(fired));
    } finally {
      session.dispose();
    }
  }

  /** The target a decision points at. */
  public TargetSpec target(int filter, int step) {
    FilterSpec spec = filter < 0 ? defaultFilter : filters.get(filter);
    return spec.targets().get(step);
  }

  public List<FilterSpec> filters() {
    return filters;
  }

  public FilterSpec defaultFilter() {
    return defaultFilter;
  }

  /** The generated rule source, for logs and tests. */
  public String drl() {
    return drl;
  }

  private static <T> T single(KieSession session, Class<T> type) {
    return session.getObjects(type::isInstance).stream().map(type::cast).findFirst().orElse(null);
  }
}
