package org.switchboard.routing.rules;

/**
 * One reason a rule file was refused: the file (as the author named it, e.g. {@code rules-1.drl}),
 * the line and column (both from 1) and what is wrong.
 */
public record RuleProblem(String file, int line, int column, String message) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
