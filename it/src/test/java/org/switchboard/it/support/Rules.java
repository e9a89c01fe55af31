package org.switchboard.it.support;

/** Rule sets for tests: a one-rule DRL and a workflow configuration that routes with a rule set. */
public final class Rules {

  private Rules() {}

  /** A rule set source whose one rule sends every task to the queue of that name. */
  public static String routeAll(String queue) {
    return "package acme;\n"
        + "import org.switchboard.routing.rules.TaskFact;\n"
        + "import org.switchboard.routing.rules.RouteTo;\n"
        + "rule \"Everything goes to "
        + queue
        + "\"\nwhen\n    TaskFact()\nthen\n    insert(RouteTo.queue(\""
        + queue
        + "\"));\nend\n";
  }

  /** A workflow configuration routing with a rule set, {@code default_filter} to the queue. */
  public static String routing(String ruleSet, String defaultQueue) {
    return "{\"task_routing\":{\"rule_set\":\""
        + ruleSet
        + "\",\"default_filter\":{\"queue\":\""
        + defaultQueue
        + "\"}}}";
  }
}
