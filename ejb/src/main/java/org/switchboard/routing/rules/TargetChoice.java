package org.switchboard.routing.rules;

import java.util.Objects;

/**
 * Derived by the target rules: the target of the matched filter that applies at the task's age, or,
 * with {@code step == -1}, that the filter is exhausted (every target has timed out).
 */
public final class TargetChoice {

  /** The step of a choice that says the filter is exhausted. */
  public static final int EXHAUSTED = -1;

  private final String taskSid;
  private final int filter;
  private final int step;

  public TargetChoice(String taskSid, int filter, int step) {
    this.taskSid = Objects.requireNonNull(taskSid);
    this.filter = filter;
    this.step = step;
  }

  public String getTaskSid() {
    return taskSid;
  }

  public int getFilter() {
    return filter;
  }

  public int getStep() {
    return step;
  }

  public boolean isExhausted() {
    return step == EXHAUSTED;
  }

  @Override
  public String toString() {
    return "TargetChoice[" + taskSid + ", filter " + filter + ", step " + step + "]";
  }
}
