package org.switchboard.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of replaying recorded tasks through a candidate rule set version and the active one.
 *
 * @param ruleSetSid the rule set
 * @param candidateVersion the version replayed
 * @param activeVersion the active version it is compared with
 * @param start the window's start (inclusive)
 * @param end the window's end (exclusive)
 * @param tasks one row per task created in the window, oldest first
 * @param truncated whether the window held more than {@link WhatIfService#MAX_TASKS} tasks
 * @param differences how many tasks the two versions place differently
 * @param moves how many tasks move between which queues, by {@code "from -> to"}
 */
public record WhatIf(
    String ruleSetSid,
    int candidateVersion,
    int activeVersion,
    Instant start,
    Instant end,
    List<Row> tasks,
    boolean truncated,
    int differences,
    Map<String, Integer> moves) {

  /**
   * One replayed task.
   *
   * @param recordedQueueSid the queue it actually entered first, from its events, or null
   * @param active what the active version decides
   * @param candidate what the candidate decides
   * @param differs whether the two differ in queue, priority or cancellation
   */
  public record Row(
      String taskSid,
      Instant dateCreated,
      String recordedQueueSid,
      Outcome active,
      Outcome candidate,
      boolean differs) {}

  /**
   * Where one version puts a task.
   *
   * @param queueSid the queue, or null when the task would be canceled
   * @param priority the task's priority after the decision
   * @param canceledReason why it would be canceled, or null
   * @param rulesFired the rules that fired
   */
  public record Outcome(
      String queueSid, Integer priority, String canceledReason, List<String> rulesFired) {}
}
