package org.switchboard.domain.task;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.switchboard.domain.shared.IllegalTransitionException;
import org.switchboard.domain.shared.Sid;

/**
 * A worker handing an assigned task on to another worker or to a queue, as the TaskRouter SDK's
 * {@code task.transfer(to, {mode})} asks. Switchboard carries the work over in a <em>transfer
 * task</em> (as TaskRouter's contact-centre blueprint does it): a new task of the same workflow and
 * channel, with the original's attributes and priority unless the transfer gives others, routed to
 * the target alone ({@code RoutingTarget}). The transfer's {@code task_sid} is the original task's,
 * as the SDK reads it.
 *
 * <p>Lifecycle: {@code initiated} when asked; {@code complete} when a worker accepts the transfer
 * task; {@code failed} when the target worker rejects it or lets it time out, or the transfer task
 * is canceled (a failed attempt of a queue transfer leaves it initiated, with the reason, while the
 * queue's other workers may still take it); {@code canceled} when the initiator withdraws a warm
 * transfer before it completed. A cold transfer puts the original task in wrap-up at once; a warm
 * one leaves it with the initiating worker, who wraps it up when leaving.
 */
@Entity
@Table(name = "task_transfer")
@NamedQuery(
    name = "TaskTransfer.ofTransferTask",
    query = "select t from TaskTransfer t where t.transferTaskSid = :task")
@NamedQuery(
    name = "TaskTransfer.activeOf",
    query = "select t from TaskTransfer t where t.taskSid = :task and t.status = :status")
@NamedQuery(
    name = "TaskTransfer.ofTask",
    query = "select t from TaskTransfer t where t.taskSid = :task order by t.dateCreated, t.sid")
public class TaskTransfer {

  /** Whom the task is handed to. */
  public enum Type {
    WORKER,
    QUEUE
  }

  /**
   * {@code COLD}: the initiating worker leaves at once (the task goes to wrap-up); {@code WARM}:
   * the initiating worker stays until the target took the task.
   */
  public enum Mode {
    WARM,
    COLD
  }

  /** Where the transfer stands, in the SDK's words. */
  public enum Status {
    INITIATED("initiated"),
    COMPLETE("complete"),
    FAILED("failed"),
    CANCELED("canceled");

    private final String wireName;

    Status(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  @Id
  @Column(length = 34)
  private String sid;

  @Column(name = "account_sid", nullable = false, updatable = false, length = 34)
  private String accountSid;

  @Column(name = "workspace_sid", nullable = false, updatable = false, length = 34)
  private String workspaceSid;

  @Column(name = "task_sid", nullable = false, updatable = false, length = 34)
  private String taskSid;

  @Column(name = "transfer_task_sid", updatable = false, length = 34)
  private String transferTaskSid;

  @Column(name = "initiating_reservation_sid", nullable = false, updatable = false, length = 34)
  private String initiatingReservationSid;

  @Column(name = "initiating_worker_sid", nullable = false, updatable = false, length = 34)
  private String initiatingWorkerSid;

  @Column(name = "initiating_queue_sid", updatable = false, length = 34)
  private String initiatingQueueSid;

  @Column(name = "initiating_workflow_sid", nullable = false, updatable = false, length = 34)
  private String initiatingWorkflowSid;

  @Column(name = "transfer_to", nullable = false, updatable = false, length = 34)
  private String to;

  @Enumerated(EnumType.STRING)
  @Column(name = "transfer_type", nullable = false, updatable = false, length = 16)
  private Type type;

  @Enumerated(EnumType.STRING)
  @Column(name = "transfer_mode", nullable = false, updatable = false, length = 16)
  private Mode mode;

  @Enumerated(EnumType.STRING)
  @Column(name = "transfer_status", nullable = false, length = 16)
  private Status status;

  @Column(name = "transfer_failed_reason", length = 255)
  private String failedReason;

  @Column(name = "date_created", nullable = false, updatable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  @Version private long version;

  protected TaskTransfer() {}

  /**
   * A transfer of {@code task}, initiated through its accepted reservation {@code reservationSid}
   * of {@code workerSid}, to the worker or queue {@code to}, carried by {@code transferTask}.
   */
  public TaskTransfer(
      Task task,
      String reservationSid,
      String workerSid,
      String to,
      Mode mode,
      Task transferTask,
      Instant now) {
    Objects.requireNonNull(task, "task is required");
    this.sid = Sid.TRANSFER.generate();
    this.accountSid = task.getWorkspace().getAccountSid();
    this.workspaceSid = task.getWorkspace().getSid();
    this.taskSid = task.getSid();
    this.transferTaskSid =
        Objects.requireNonNull(transferTask, "transferTask is required").getSid();
    this.initiatingReservationSid = Objects.requireNonNull(reservationSid);
    this.initiatingWorkerSid = Objects.requireNonNull(workerSid);
    this.initiatingQueueSid = task.getTaskQueue() == null ? null : task.getTaskQueue().getSid();
    this.initiatingWorkflowSid = task.getWorkflow().getSid();
    this.to = Objects.requireNonNull(to, "to is required");
    this.type = Sid.TASK_QUEUE.matches(to) ? Type.QUEUE : Type.WORKER;
    this.mode = Objects.requireNonNull(mode, "mode is required");
    this.status = Status.INITIATED;
    this.dateCreated = Objects.requireNonNull(now);
    this.dateUpdated = now;
  }

  /** A worker accepted the transfer task. */
  public void complete(Instant now) {
    move(Status.COMPLETE, null, now);
  }

  /** The transfer cannot complete any more. */
  public void fail(String reason, Instant now) {
    move(Status.FAILED, reason, now);
  }

  /** The initiator withdrew it. */
  public void cancel(Instant now) {
    move(Status.CANCELED, null, now);
  }

  /** One worker of the target queue declined; the queue's others may still take the task. */
  public void attemptFailed(String reason, Instant now) {
    requireInitiated(Status.INITIATED);
    this.failedReason = reason;
    this.dateUpdated = now;
  }

  private void move(Status to, String reason, Instant now) {
    requireInitiated(to);
    this.status = to;
    if (reason != null) {
      this.failedReason = reason;
    }
    this.dateUpdated = now;
  }

  private void requireInitiated(Status to) {
    if (status != Status.INITIATED) {
      throw new IllegalTransitionException(
          "Transfer "
              + sid
              + " is "
              + status.wireName()
              + " and cannot become "
              + to.name().toLowerCase(Locale.ROOT));
    }
  }

  public boolean isInitiated() {
    return status == Status.INITIATED;
  }

  public String getSid() {
    return sid;
  }

  public String getAccountSid() {
    return accountSid;
  }

  public String getWorkspaceSid() {
    return workspaceSid;
  }

  public String getTaskSid() {
    return taskSid;
  }

  public String getTransferTaskSid() {
    return transferTaskSid;
  }

  public String getInitiatingReservationSid() {
    return initiatingReservationSid;
  }

  public String getInitiatingWorkerSid() {
    return initiatingWorkerSid;
  }

  public String getInitiatingQueueSid() {
    return initiatingQueueSid;
  }

  public String getInitiatingWorkflowSid() {
    return initiatingWorkflowSid;
  }

  public String getTo() {
    return to;
  }

  public Type getType() {
    return type;
  }

  public Mode getMode() {
    return mode;
  }

  public Status getStatus() {
    return status;
  }

  public String getFailedReason() {
    return failedReason;
  }

  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateUpdated() {
    return dateUpdated;
  }

  public long getVersion() {
    return version;
  }
}
