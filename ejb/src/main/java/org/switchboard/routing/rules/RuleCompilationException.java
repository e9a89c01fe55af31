package org.switchboard.routing.rules;

import java.util.List;

/**
 * Rules that do not compile. Each problem names the rule file and, where Drools reports it, the
 * line and column, e.g. {@code org/switchboard/rules/priority/Priority.drl [12:8]: mismatched input
 * ...}.
 */
public class RuleCompilationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public RuleCompilationException(List<String> problems) {
    super("Rules do not compile:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
