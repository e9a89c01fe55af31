package org.switchboard.application;

import java.time.Instant;
import java.util.List;

/**
 * Why a task stands where it does: the last routing decision (which rules fired, which filter and
 * target were chosen) and, while it waits, why no worker has been offered it.
 *
 * @param taskSid the task
 * @param assignmentStatus its status
 * @param taskQueueSid the queue it is in, or null
 * @param workflowSid its workflow
 * @param decision the last placement, or null if it was never placed
 * @param waiting why it waits, or null when it does not
 */
public record RoutingExplanation(
    String taskSid,
    String assignmentStatus,
    String taskQueueSid,
    String workflowSid,
    Decision decision,
    Waiting waiting) {

  /**
   * The last placement, from its {@code workflow.target-matched} event.
   *
   * @param filterName the matched filter, or the rule that chose the target
   * @param target the chosen target, in words
   * @param rulesFired the rules that fired, in order
   * @param ruleSetSid the rule set that decided, or null
   * @param ruleSetVersion its version, or null
   * @param date when
   */
  public record Decision(
      String filterName,
      String target,
      List<String> rulesFired,
      String ruleSetSid,
      Integer ruleSetVersion,
      Instant date) {}

  /**
   * Why nobody has been offered a waiting task, with the counts behind it.
   *
   * @param reason {@code offered} (pending reservations exist), {@code no_workers_in_queue}, {@code
   *     none_available}, {@code all_reserved}, {@code none_with_capacity}, {@code
   *     excluded_by_target} or {@code worker_free} (a worker can take it; the next pass offers it)
   * @param description the reason in words
   * @param workersInQueue members of the task's queue
   * @param available of those, in an available activity
   * @param withCapacity of those, with a free, switched-on channel of the task's channel
   * @param matchingTarget of those, meeting the target (expression, known worker, not declined)
   * @param pendingReservations the task's pending reservations
   */
  public record Waiting(
      String reason,
      String description,
      int workersInQueue,
      int available,
      int withCapacity,
      int matchingTarget,
      int pendingReservations) {}
}
