package org.switchboard.routing.rules;

import java.util.List;

/**
 * Rules that do not compile, or that use what the router does not offer. Each problem names the
 * rule file, the line and the column, e.g. {@code rules-1.drl:12:8: mismatched input ...}.
 */
public class RuleCompilationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<RuleProblem> problems;

  public RuleCompilationException(List<RuleProblem> problems) {
    super(
        "Rules do not compile: "
            + String.join("; ", problems.stream().map(RuleProblem::toString).toList()));
    this.problems = List.copyOf(problems);
  }

  public List<RuleProblem> problems() {
    return problems;
  }
}
