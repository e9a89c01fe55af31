package org.switchboard.domain.shared;

import java.util.List;

/**
 * Uploaded rules that do not compile or use what the router does not offer: a 400 naming the
 * parameter ({@code Drl}) whose message lists every problem, each with its file, line and column.
 */
public class InvalidRulesException extends InvalidParameterException {
  private static final long serialVersionUID = 1L;

  /** One problem: the file ({@code rules-1.drl} for the first {@code Drl}), line, column, text. */
  public record Problem(String file, int line, int column, String message) {}

  private final transient List<Problem> problems;

  public InvalidRulesException(String parameter, List<Problem> problems) {
    super(
        parameter,
        "Invalid "
            + parameter
            + ": "
            + String.join(
                "; ",
                problems.stream()
                    .map(p -> p.file() + ":" + p.line() + ":" + p.column() + ": " + p.message())
                    .toList()));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
