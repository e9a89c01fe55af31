package org.switchboard.routing.rules;

import java.util.List;

/**
 * One filter of a workflow: its name, the expression over task attributes that selects it (null for
 * the default filter), and its targets in order.
 */
public record FilterSpec(String name, String expression, List<TargetSpec> targets) {

  public FilterSpec {
    targets = List.copyOf(targets);
  }
}
