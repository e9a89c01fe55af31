package org.switchboard.routing.rules;

import java.util.Objects;

/**
 * Inserted by rule authors' priority rules (for example "tasks of premium customers get priority
 * 10"): the priority a task should have. When several are inserted, the highest wins; a workflow
 * target's own {@code priority} still overrides it.
 */
public final class PriorityChange {

  private final String taskSid;
  private final int priority;
  private final String reason;

  public PriorityChange(String taskSid, int priority, String reason) {
    this.taskSid = Objects.requireNonNull(taskSid);
    this.priority = priority;
    this.reason = reason;
  }

  public String getTaskSid() {
    return taskSid;
  }

  public int getPriority() {
    return priority;
  }

  public String getReason() {
    return reason;
  }

  @Override
  public String toString() {
    return "PriorityChange[" + taskSid + " -> " + priority + ": " + reason + "]";
  }
}
