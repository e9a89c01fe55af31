package org.switchboard.routing;

import java.time.Instant;

/**
 * Where the workflow puts a task now: the filter and target it matched, the target's queue and
 * worker expression, the priority the target imposes, how many workers may hold it at once, how
 * candidates are ordered, and when the target times out. {@link #exhausted} means the task ran out
 * of targets and must be canceled.
 *
 * @param filter the index of the matched filter ({@code -1} for the default filter)
 * @param step the index of the target within the filter
 * @param queueSid the target's queue
 * @param expression the target's worker expression ({@code task.x == worker.y}), or null
 * @param priority the priority the target sets, or null to keep the task's
 * @param deadline when the target times out, or null if it never does
 * @param orderBy the target's {@code order_by}, or null for longest idle first
 * @param knownWorkerSid the single worker the target names, or null
 * @param knownWorkerFriendlyName the single worker the target names by name, or null
 */
public record Placement(
    int filter,
    int step,
    String queueSid,
    String expression,
    Integer priority,
    Instant deadline,
    String orderBy,
    String knownWorkerSid,
    String knownWorkerFriendlyName,
    boolean exhausted) {

  /** The task has run out of targets. */
  public static Placement exhaustedAt(int filter, int step) {
    return new Placement(filter, step, null, null, null, null, null, null, null, true);
  }
}
