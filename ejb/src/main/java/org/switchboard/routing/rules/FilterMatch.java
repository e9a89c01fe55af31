package org.switchboard.routing.rules;

import java.util.Objects;

/**
 * Derived by the filter rules: the workflow filter that applies to a task ({@code -1}: the default
 * filter). At most one per task: the first matching filter wins.
 */
public final class FilterMatch {

  private final String taskSid;
  private final int filter;
  private final String name;

  public FilterMatch(String taskSid, int filter, String name) {
    this.taskSid = Objects.requireNonNull(taskSid);
    this.filter = filter;
    this.name = name;
  }

  public String getTaskSid() {
    return taskSid;
  }

  public int getFilter() {
    return filter;
  }

  public String getName() {
    return name;
  }

  @Override
  public String toString() {
    return "FilterMatch[" + taskSid + ", filter " + filter + " " + name + "]";
  }
}
