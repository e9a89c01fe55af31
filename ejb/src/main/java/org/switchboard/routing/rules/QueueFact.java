package org.switchboard.routing.rules;

import java.util.Objects;

/**
 * A task queue of the workspace as rules see it, with its live figures at the moment of the
 * decision: how many workers are members ({@code eligibleWorkers}), how many of them are in an
 * available activity ({@code availableWorkers}), how many tasks wait in it and how long the oldest
 * has waited. Inserted only into rule sets whose rules match on {@code QueueFact}. Immutable.
 */
public final class QueueFact {

  private final String sid;
  private final String friendlyName;
  private final int eligibleWorkers;
  private final int availableWorkers;
  private final int tasksWaiting;
  private final long longestWait;

  public QueueFact(
      String sid,
      String friendlyName,
      int eligibleWorkers,
      int availableWorkers,
      int tasksWaiting,
      long longestWait) {
    this.sid = Objects.requireNonNull(sid);
    this.friendlyName = Objects.requireNonNull(friendlyName);
    this.eligibleWorkers = eligibleWorkers;
    this.availableWorkers = availableWorkers;
    this.tasksWaiting = tasksWaiting;
    this.longestWait = longestWait;
  }

  public String getSid() {
    return sid;
  }

  public String getFriendlyName() {
    return friendlyName;
  }

  /** Workers the queue's {@code target_workers} lets in. */
  public int getEligibleWorkers() {
    return eligibleWorkers;
  }

  /** Of those, the workers in an available activity now. */
  public int getAvailableWorkers() {
    return availableWorkers;
  }

  /** Tasks pending or reserved in the queue. */
  public int getTasksWaiting() {
    return tasksWaiting;
  }

  /** Seconds the oldest waiting task has been in the queue's workflow, 0 when none waits. */
  public long getLongestWait() {
    return longestWait;
  }

  @Override
  public String toString() {
    return "QueueFact["
        + friendlyName
        + " "
        + sid
        + ", "
        + availableWorkers
        + "/"
        + eligibleWorkers
        + " available, "
        + tasksWaiting
        + " waiting]";
  }
}
