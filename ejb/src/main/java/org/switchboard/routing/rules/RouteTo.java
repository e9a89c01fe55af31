package org.switchboard.routing.rules;

import java.util.Objects;

/**
 * A result fact: route the task to a queue, as one target of TaskRouter's workflow JSON. Insert one
 * per target; the router takes the first by {@code step} (then by the order they were inserted)
 * that has not timed out and is not skipped:
 *
 * <pre>
 * insert(RouteTo.queue("Experts").step(1).timeout(30));
 * insert(RouteTo.queue("Everyone").step(2).priority(5));
 * </pre>
 *
 * <p>{@code queue} is a queue's sid ({@code WQ…}) or its friendly name. {@code timeout} counts
 * seconds from the moment the task entered the workflow, as in the JSON; when it passes, the rules
 * run again and the next target applies. {@code expression}, {@code orderBy} and the known worker
 * are the target's worker expression, {@code order_by} and {@code known_worker_*}. Immutable: each
 * method returns a copy.
 */
public final class RouteTo {

  private final String queue;
  private final int step;
  private final Integer timeout;
  private final Integer priority;
  private final String expression;
  private final String orderBy;
  private final String knownWorkerSid;
  private final String knownWorkerFriendlyName;

  private RouteTo(
      String queue,
      int step,
      Integer timeout,
      Integer priority,
      String expression,
      String orderBy,
      String knownWorkerSid,
      String knownWorkerFriendlyName) {
    this.queue = Objects.requireNonNull(queue, "a RouteTo needs a queue");
    this.step = step;
    this.timeout = timeout;
    this.priority = priority;
    this.expression = expression;
    this.orderBy = orderBy;
    this.knownWorkerSid = knownWorkerSid;
    this.knownWorkerFriendlyName = knownWorkerFriendlyName;
  }

  /** A target in the queue with this sid or friendly name. */
  public static RouteTo queue(String queue) {
    return new RouteTo(queue, 0, null, null, null, null, null, null);
  }

  public RouteTo step(int newStep) {
    return new RouteTo(
        queue,
        newStep,
        timeout,
        priority,
        expression,
        orderBy,
        knownWorkerSid,
        knownWorkerFriendlyName);
  }

  /** Seconds after the task entered the workflow when this target stops applying. */
  public RouteTo timeout(int seconds) {
    return new RouteTo(
        queue,
        step,
        seconds,
        priority,
        expression,
        orderBy,
        knownWorkerSid,
        knownWorkerFriendlyName);
  }

  public RouteTo priority(int newPriority) {
    return new RouteTo(
        queue,
        step,
        timeout,
        newPriority,
        expression,
        orderBy,
        knownWorkerSid,
        knownWorkerFriendlyName);
  }

  /** The target's worker expression, e.g. {@code worker.level > 2}. */
  public RouteTo expression(String newExpression) {
    return new RouteTo(
        queue,
        step,
        timeout,
        priority,
        newExpression,
        orderBy,
        knownWorkerSid,
        knownWorkerFriendlyName);
  }

  /** The target's {@code order_by}, e.g. {@code worker.level DESC}. */
  public RouteTo orderBy(String newOrderBy) {
    return new RouteTo(
        queue,
        step,
        timeout,
        priority,
        expression,
        newOrderBy,
        knownWorkerSid,
        knownWorkerFriendlyName);
  }

  /** Only this worker (by sid) may take the task. */
  public RouteTo knownWorkerSid(String workerSid) {
    return new RouteTo(
        queue, step, timeout, priority, expression, orderBy, workerSid, knownWorkerFriendlyName);
  }

  /** Only this worker (by friendly name) may take the task. */
  public RouteTo knownWorkerFriendlyName(String workerName) {
    return new RouteTo(
        queue, step, timeout, priority, expression, orderBy, knownWorkerSid, workerName);
  }

  public String getQueue() {
    return queue;
  }

  public int getStep() {
    return step;
  }

  public Integer getTimeout() {
    return timeout;
  }

  public Integer getPriority() {
    return priority;
  }

  public String getExpression() {
    return expression;
  }

  public String getOrderBy() {
    return orderBy;
  }

  public String getKnownWorkerSid() {
    return knownWorkerSid;
  }

  public String getKnownWorkerFriendlyName() {
    return knownWorkerFriendlyName;
  }

  @Override
  public String toString() {
    return "RouteTo["
        + queue
        + ", step "
        + step
        + (timeout == null ? "" : ", until " + timeout + " s")
        + (priority == null ? "" : ", priority " + priority)
        + "]";
  }
}
