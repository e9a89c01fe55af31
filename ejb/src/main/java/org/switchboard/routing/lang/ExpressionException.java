package org.switchboard.routing.lang;

import org.switchboard.domain.shared.InvalidParameterException;

/**
 * A malformed TaskRouter expression. The message names the API parameter, the 1-based column and
 * the offending token, e.g. {@code Invalid TargetWorkers: unexpected ')' at column 17 of "…"}.
 */
public class ExpressionException extends InvalidParameterException {
  private static final long serialVersionUID = 1L;

  private final int column;

  public ExpressionException(String parameter, String expression, int position, String problem) {
    super(
        parameter,
        "Invalid "
            + parameter
            + ": "
            + problem
            + " at column "
            + (position + 1)
            + " of \""
            + expression
            + "\"");
    this.column = position + 1;
  }

  /** The 1-based column of the problem. */
  public int column() {
    return column;
  }
}
