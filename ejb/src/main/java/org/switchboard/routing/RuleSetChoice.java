package org.switchboard.routing;

import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.routing.rules.CompiledRuleSet;
import org.switchboard.routing.rules.RouteTo;
import org.switchboard.routing.rules.SkipTarget;
import org.switchboard.routing.rules.TargetSpec;

/**
 * Turns what a rule set decided into a placement: a {@link
 * org.switchboard.routing.rules.CancelTask} cancels; otherwise the first inserted target by step
 * that has not timed out, names a queue of the workspace and is not skipped applies (the last
 * remaining one is never skipped); with no target at all, the workflow's {@code default_filter}
 * applies (none: the task is exhausted); with targets that have all timed out, the task is
 * exhausted. Pure: the routing engine and the what-if replay both use it.
 */
public final class RuleSetChoice {

  private RuleSetChoice() {}

  /**
   * @param age seconds since the task entered the workflow
   * @param virtualStart when it entered, from which target timeouts count
   * @param defaultTarget the workflow's {@code default_filter}, or null
   * @param resolver a queue's sid from the sid or friendly name a rule gave, or null if none
   */
  public static Placement choose(
      CompiledRuleSet.Decision decision,
      long age,
      Instant virtualStart,
      TargetSpec defaultTarget,
      UnaryOperator<String> resolver,
      String ruleSetSid,
      int version) {
    List<String> fired = decision.rulesFired();
    if (decision.cancel() != null) {
      return Placement.canceled(
          0,
          -1,
          decision.cancel().reason(),
          new Placement.Why(null, "canceled", fired, ruleSetSid, version));
    }
    if (decision.targets().isEmpty()) {
      if (defaultTarget == null) {
        return Placement.canceled(
            -1,
            -1,
            Placement.EXHAUSTED,
            new Placement.Why(null, "no rule routed the task", fired, ruleSetSid, version));
      }
      return Placement.target(
          -1,
          0,
          defaultTarget.queueSid(),
          defaultTarget.expression(),
          defaultTarget.priority() != null ? defaultTarget.priority() : decision.priority(),
          null,
          defaultTarget.orderBy(),
          defaultTarget.knownWorkerSid(),
          defaultTarget.knownWorkerFriendlyName(),
          new Placement.Why(
              "Default",
              "no rule routed the task: default_filter (queue " + defaultTarget.queueSid() + ")",
              fired,
              ruleSetSid,
              version));
    }
    List<CompiledRuleSet.Target> live = new ArrayList<>();
    List<String> queues = new ArrayList<>();
    for (CompiledRuleSet.Target target : decision.targets()) {
      Integer timeout = target.route().getTimeout();
      String queue = resolver.apply(target.route().getQueue());
      if ((timeout != null && age >= timeout) || queue == null) {
        continue;
      }
      live.add(target);
      queues.add(queue);
    }
    for (int i = 0; i < live.size(); i++) {
      CompiledRuleSet.Target target = live.get(i);
      boolean last = i == live.size() - 1;
      if (!last && skipped(decision.skipped(), target.route().getQueue(), queues.get(i))) {
        continue;
      }
      RouteTo route = target.route();
      int step = decision.targets().indexOf(target);
      Instant deadline =
          route.getTimeout() == null ? null : virtualStart.plusSeconds(route.getTimeout());
      return new Placement(
          0,
          step,
          queues.get(i),
          route.getExpression(),
          route.getPriority() != null ? route.getPriority() : decision.priority(),
          deadline,
          route.getOrderBy(),
          route.getKnownWorkerSid(),
          route.getKnownWorkerFriendlyName(),
          false,
          null,
          ruleTarget(route),
          new Placement.Why(
              target.rule(),
              route + " from rule \"" + target.rule() + "\"",
              fired,
              ruleSetSid,
              version));
    }
    return Placement.canceled(
        0,
        -1,
        Placement.EXHAUSTED,
        new Placement.Why(null, "every target timed out", fired, ruleSetSid, version));
  }

  private static boolean skipped(List<SkipTarget> skips, String named, String sid) {
    for (SkipTarget skip : skips) {
      if (skip.queue().equals(named) || skip.queue().equals(sid)) {
        return true;
      }
    }
    return false;
  }

  /** What worker-driven passes need of a rule's target beyond its queue, or null if nothing. */
  static String ruleTarget(RouteTo route) {
    if (route.getExpression() == null
        && route.getOrderBy() == null
        && route.getKnownWorkerSid() == null
        && route.getKnownWorkerFriendlyName() == null) {
      return null;
    }
    JsonObjectBuilder target = Jsons.createObjectBuilder();
    if (route.getExpression() != null) {
      target.add("expression", route.getExpression());
    }
    if (route.getOrderBy() != null) {
      target.add("order_by", route.getOrderBy());
    }
    if (route.getKnownWorkerSid() != null) {
      target.add("known_worker_sid", route.getKnownWorkerSid());
    }
    if (route.getKnownWorkerFriendlyName() != null) {
      target.add("known_worker_friendly_name", route.getKnownWorkerFriendlyName());
    }
    return target.build().toString();
  }
}
