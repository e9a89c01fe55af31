package org.switchboard.routing;

import java.time.Instant;
import java.util.List;

/**
 * Where the workflow puts a task now: the filter and target it matched, the target's queue and
 * worker expression, the priority the target imposes, how candidates are ordered, and when the
 * target times out. {@link #exhausted} means the task must be canceled, for {@link #reason}.
 *
 * @param filter the index of the matched filter ({@code -1} for the default filter; for a rule set,
 *     {@code 0} when a rule routed the task)
 * @param step the index of the target within the filter
 * @param queueSid the target's queue
 * @param expression the target's worker expression ({@code task.x == worker.y}), or null
 * @param priority the priority the target sets, or null to keep the task's
 * @param deadline when the target times out, or null if it never does
 * @param orderBy the target's {@code order_by}, or null for longest idle first
 * @param knownWorkerSid the single worker the target names, or null
 * @param knownWorkerFriendlyName the single worker the target names by name, or null
 * @param exhausted the task must be canceled
 * @param reason why it must be canceled ({@code Workflow Exhausted}, or a rule's reason)
 * @param ruleTarget for a rule set's target, what worker-driven passes need of it (JSON), or null
 * @param why what decided it, for events and the task's routing explanation
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
    boolean exhausted,
    String reason,
    String ruleTarget,
    Why why) {

  /** TaskRouter's reason for a task whose workflow ran out of targets. */
  public static final String EXHAUSTED = "Workflow Exhausted";

  /**
   * What decided a placement.
   *
   * @param filterName the matched filter's name ({@code Default} for the default filter), or null
   * @param target the chosen target, in words
   * @param rulesFired for a rule set, the names of the rules that fired, in order; else empty
   * @param ruleSetSid the rule set that decided, or null for TaskRouter's JSON
   * @param ruleSetVersion its version, or null
   * @param skippedSteps the targets of the matched filter passed over by their {@code skip_if} (not
   *     by a timeout), by index
   */
  public record Why(
      String filterName,
      String target,
      List<String> rulesFired,
      String ruleSetSid,
      Integer ruleSetVersion,
      List<Integer> skippedSteps) {

    public static final Why NONE = new Why(null, null, List.of(), null, null);

    public Why(
        String filterName,
        String target,
        List<String> rulesFired,
        String ruleSetSid,
        Integer ruleSetVersion) {
      this(filterName, target, rulesFired, ruleSetSid, ruleSetVersion, List.of());
    }
  }

  /** A placement at a target of a workflow's JSON. */
  public static Placement target(
      int filter,
      int step,
      String queueSid,
      String expression,
      Integer priority,
      Instant deadline,
      String orderBy,
      String knownWorkerSid,
      String knownWorkerFriendlyName,
      Why why) {
    return new Placement(
        filter,
        step,
        queueSid,
        expression,
        priority,
        deadline,
        orderBy,
        knownWorkerSid,
        knownWorkerFriendlyName,
        false,
        null,
        null,
        why);
  }

  /**
   * The same placement naming another known worker: TaskRouter's {@code known_worker_sid} and
   * {@code known_worker_friendly_name} may be expressions over the task ({@code task.agent_sid}),
   * and a task created with {@code RoutingTarget} goes to that worker only.
   */
  public Placement withKnownWorker(String workerSid, String workerFriendlyName) {
    return new Placement(
        filter,
        step,
        queueSid,
        expression,
        priority,
        deadline,
        orderBy,
        workerSid,
        workerFriendlyName,
        exhausted,
        reason,
        ruleTarget,
        why);
  }

  /** The task has run out of targets. */
  public static Placement exhaustedAt(int filter, int step) {
    return canceled(filter, step, EXHAUSTED, Why.NONE);
  }

  /** The task must be canceled for {@code reason}. */
  public static Placement canceled(int filter, int step, String reason, Why why) {
    return new Placement(
        filter, step, null, null, null, null, null, null, null, true, reason, null, why);
  }
}
