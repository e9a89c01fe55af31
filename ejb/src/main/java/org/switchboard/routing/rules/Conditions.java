package org.switchboard.routing.rules;

/**
 * The expressions of one workflow version, for its generated rules: each filter's {@code
 * expression} and each target's {@code skip_if}, evaluated against a task. Set as the global {@code
 * conditions} of the workflow's KieSession. Thread-safe.
 */
public interface Conditions {

  /** Whether filter {@code filter}'s expression matches the task. */
  boolean filter(int filter, TaskFact task);

  /** Whether target {@code step} of filter {@code filter} is to be skipped for the task. */
  boolean skip(int filter, int step, TaskFact task);
}
