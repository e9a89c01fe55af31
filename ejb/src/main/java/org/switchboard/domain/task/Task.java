package org.switchboard.domain.task;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.switchboard.domain.shared.IllegalTransitionException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.JsonAttributes;
import org.switchboard.domain.shared.Listed;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.domain.workspace.Workspace;

/**
 * A Task is a unit of work (a call, a chat, a lead) described by JSON attributes, routed by a
 * workflow into a queue and offered to workers as reservations.
 *
 * <p>Lifecycle ({@code assignment_status}): created {@code pending}, it enters the queue of the
 * workflow target that matches it; when a worker is offered it, it is {@code reserved}; if every
 * reservation ends without an accept it is {@code pending} again; the first accept makes it {@code
 * assigned}; then {@code wrapping} (optional) and {@code completed}. A pending or reserved task can
 * be {@code canceled}: by the API, when its TTL ({@code timeout}, default 86,400 s) passes, or when
 * its workflow runs out of targets. Completing and canceling take a reason.
 *
 * <p>Concurrency: {@code @Version} guards API updates (ETag / If-Match); routing locks the row
 * ({@code SELECT … FOR UPDATE SKIP LOCKED}) before it reserves it, so a task is never reserved by
 * two routing passes at once.
 */
@Entity
@Table(name = "task")
@NamedQuery(
    name = "Task.findPendingByQueue",
    query =
        "select t from Task t where t.taskQueue.sid = :queue"
            + " and t.assignmentStatus = org.switchboard.domain.task.TaskStatus.PENDING"
            + " order by t.priority desc, t.dateCreated asc")
public class Task implements Listed {

  /** TaskRouter's default and largest task TTL, in seconds. */
  public static final int DEFAULT_TIMEOUT = 86_400;

  public static final int MAX_TIMEOUT = 1_209_600;

  @Id
  @Column(length = 34)
  private String sid;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "workspace_sid", nullable = false, updatable = false)
  private Workspace workspace;

  @ManyToOne(fetch = FetchType.EAGER, optional = false)
  @JoinColumn(name = "workflow_sid", nullable = false, updatable = false)
  private Workflow workflow;

  @ManyToOne(fetch = FetchType.EAGER, optional = false)
  @JoinColumn(name = "task_channel_sid", nullable = false, updatable = false)
  private TaskChannel taskChannel;

  @ManyToOne(fetch = FetchType.EAGER)
  @JoinColumn(name = "task_queue_sid")
  private TaskQueue taskQueue;

  @Column(nullable = false, length = JsonAttributes.MAX_LENGTH)
  private String attributes;

  @Enumerated(EnumType.STRING)
  @Column(name = "assignment_status", nullable = false, length = 16)
  private TaskStatus assignmentStatus;

  @Column(nullable = false)
  private int priority;

  @Column(nullable = false)
  private int timeout;

  @Column(length = 4096)
  private String reason;

  @Column(length = 4096)
  private String addons;

  @Column(name = "routing_target", length = 34)
  private String routingTarget;

  @Column(name = "ignore_capacity", nullable = false)
  private boolean ignoreCapacity;

  @Column(name = "virtual_start_time", nullable = false)
  private Instant virtualStartTime;

  @Column(name = "task_queue_entered_date")
  private Instant taskQueueEnteredDate;

  @Column(name = "routing_filter")
  private Integer routingFilter;

  @Column(name = "routing_step")
  private Integer routingStep;

  @Column(name = "step_deadline")
  private Instant stepDeadline;

  @Column(name = "rule_target", length = 4096)
  private String ruleTarget;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "date_created", nullable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  @Version private long version;

  protected Task() {}

  public Task(
      Workspace workspace,
      Workflow workflow,
      TaskChannel taskChannel,
      String attributes,
      int priority,
      int timeoutSeconds,
      Instant now) {
    this.sid = Sid.TASK.generate();
    this.workspace = Objects.requireNonNull(workspace);
    this.workflow = Objects.requireNonNull(workflow, "Workflow is required.");
    this.taskChannel = Objects.requireNonNull(taskChannel, "TaskChannel is required.");
    this.attributes = attributes == null ? "{}" : JsonAttributes.require("Attributes", attributes);
    this.priority = priority;
    this.timeout = checkTimeout(timeoutSeconds);
    this.assignmentStatus = TaskStatus.PENDING;
    this.virtualStartTime = Objects.requireNonNull(now);
    this.expiresAt = now.plusSeconds(timeout);
    this.dateCreated = now;
    this.dateUpdated = now;
  }

  /**
   * Directs the task at one worker or one queue ({@code RoutingTarget}, a worker's or a queue's
   * sid: TaskRouter's "SID of a Worker, Queue, … to route a Task to") and/or lets it be offered
   * beyond the worker's capacity ({@code IgnoreCapacity}), as TaskRouter's create parameters do.
   */
  public void directTo(String target, boolean overCapacity, Instant now) {
    if (target != null && !Sid.WORKER.matches(target) && !Sid.TASK_QUEUE.matches(target)) {
      throw new InvalidParameterException(
          "RoutingTarget",
          "RoutingTarget must be a Worker or TaskQueue sid (WK or WQ followed by 32 hex"
              + " characters)");
    }
    this.routingTarget = target;
    this.ignoreCapacity = overCapacity;
    this.dateUpdated = now;
  }

  /**
   * The task goes back to its workflow's routing: its routing target is dropped (a transfer to one
   * worker that failed while nobody else had the task).
   */
  public void clearRoutingTarget(Instant now) {
    this.routingTarget = null;
    this.dateUpdated = now;
  }

  /** Puts the task at a workflow target: its queue, and when the target times out (or null). */
  public void routeTo(
      TaskQueue queue,
      int filter,
      int step,
      Integer priorityOverride,
      Instant deadline,
      Instant now) {
    routeTo(queue, filter, step, priorityOverride, deadline, null, now);
  }

  /**
   * Puts the task at a target a rule set chose; {@code target} holds, as JSON, what worker-driven
   * passes need of it without running the rules (expression, order_by, known worker), or is null.
   */
  public void routeTo(
      TaskQueue queue,
      int filter,
      int step,
      Integer priorityOverride,
      Instant deadline,
      String target,
      Instant now) {
    boolean moved = taskQueue == null || !taskQueue.getSid().equals(queue.getSid());
    if (!moved
        && Objects.equals(routingFilter, filter)
        && Objects.equals(routingStep, step)
        && Objects.equals(stepDeadline, deadline)
        && Objects.equals(ruleTarget, target)
        && (priorityOverride == null || priority == priorityOverride)) {
      return; // placed there already: a pass that changes nothing writes nothing
    }
    this.ruleTarget = target;
    if (moved) {
      this.taskQueueEnteredDate = now;
    }
    this.taskQueue = Objects.requireNonNull(queue);
    this.routingFilter = filter;
    this.routingStep = step;
    this.stepDeadline = deadline;
    if (priorityOverride != null) {
      this.priority = priorityOverride;
    }
    this.dateUpdated = now;
  }

  /** A worker has been offered the task. */
  public void reserve(Instant now) {
    transition(EnumSet.of(TaskStatus.PENDING, TaskStatus.RESERVED), TaskStatus.RESERVED, now);
  }

  /** Every reservation ended without an accept: the task waits again. */
  public void unreserve(Instant now) {
    transition(EnumSet.of(TaskStatus.RESERVED), TaskStatus.PENDING, now);
  }

  /** A worker accepted. */
  public void assign(Instant now) {
    transition(EnumSet.of(TaskStatus.RESERVED, TaskStatus.PENDING), TaskStatus.ASSIGNED, now);
    this.stepDeadline = null;
  }

  public void wrapUp(String why, Instant now) {
    transition(EnumSet.of(TaskStatus.ASSIGNED), TaskStatus.WRAPPING, now);
    if (why != null) {
      this.reason = why;
    }
  }

  public void complete(String why, Instant now) {
    requireReason(why, "completed");
    transition(EnumSet.of(TaskStatus.ASSIGNED, TaskStatus.WRAPPING), TaskStatus.COMPLETED, now);
    this.reason = why;
  }

  public void cancel(String why, Instant now) {
    requireReason(why, "canceled");
    transition(EnumSet.of(TaskStatus.PENDING, TaskStatus.RESERVED), TaskStatus.CANCELED, now);
    this.reason = why;
    this.stepDeadline = null;
  }

  public void replaceAttributes(String newAttributes, Instant now) {
    this.attributes = JsonAttributes.require("Attributes", Objects.requireNonNull(newAttributes));
    this.dateUpdated = now;
  }

  public void changePriority(int newPriority, Instant now) {
    this.priority = newPriority;
    this.dateUpdated = now;
  }

  public void changeTimeout(int seconds, Instant now) {
    this.timeout = checkTimeout(seconds);
    this.expiresAt = dateCreated.plusSeconds(seconds);
    this.dateUpdated = now;
  }

  public void changeVirtualStartTime(Instant start, Instant now) {
    this.virtualStartTime = Objects.requireNonNull(start);
    this.dateUpdated = now;
  }

  /** The task's age in whole seconds, as TaskRouter reports it. */
  public long ageSeconds(Instant now) {
    return Math.max(0, Duration.between(dateCreated, now).getSeconds());
  }

  private void transition(Set<TaskStatus> from, TaskStatus to, Instant now) {
    if (!from.contains(assignmentStatus)) {
      throw new IllegalTransitionException(
          "Task "
              + sid
              + " is "
              + assignmentStatus.wireName()
              + " and cannot become "
              + to.wireName());
    }
    this.assignmentStatus = to;
    this.dateUpdated = now;
  }

  private static void requireReason(String why, String status) {
    if (why == null || why.isBlank()) {
      throw new InvalidParameterException("Reason", "Reason is required when a task is " + status);
    }
  }

  private static int checkTimeout(int seconds) {
    if (seconds < 1 || seconds > MAX_TIMEOUT) {
      throw new InvalidParameterException(
          "Timeout", "Timeout must be between 1 and " + MAX_TIMEOUT + " seconds");
    }
    return seconds;
  }

  /** The version as an entity tag, for {@code ETag} and {@code If-Match}. */
  public long getVersion() {
    return version;
  }

  public String getSid() {
    return sid;
  }

  public Workspace getWorkspace() {
    return workspace;
  }

  public Workflow getWorkflow() {
    return workflow;
  }

  public TaskChannel getTaskChannel() {
    return taskChannel;
  }

  public TaskQueue getTaskQueue() {
    return taskQueue;
  }

  public String getAttributes() {
    return attributes;
  }

  public TaskStatus getAssignmentStatus() {
    return assignmentStatus;
  }

  public int getPriority() {
    return priority;
  }

  public int getTimeout() {
    return timeout;
  }

  public String getReason() {
    return reason;
  }

  public String getAddons() {
    return addons;
  }

  public String getRoutingTarget() {
    return routingTarget;
  }

  public boolean isIgnoreCapacity() {
    return ignoreCapacity;
  }

  public Instant getVirtualStartTime() {
    return virtualStartTime;
  }

  public Instant getTaskQueueEnteredDate() {
    return taskQueueEnteredDate;
  }

  /** What a rule set's target holds beyond its queue, as JSON, or null. */
  public String getRuleTarget() {
    return ruleTarget;
  }

  public Integer getRoutingFilter() {
    return routingFilter;
  }

  public Integer getRoutingStep() {
    return routingStep;
  }

  public Instant getStepDeadline() {
    return stepDeadline;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateUpdated() {
    return dateUpdated;
  }
}
