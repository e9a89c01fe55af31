package org.switchboard.domain.reservation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.switchboard.domain.shared.IllegalTransitionException;
import org.switchboard.domain.shared.Listed;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.worker.Worker;

/**
 * A Reservation offers one task to one worker. While it is {@code pending} it holds one unit of the
 * worker's capacity on the task's channel.
 *
 * <p>Lifecycle ({@code reservation_status}): {@code pending}, then {@code accepted} (the task is
 * the worker's), {@code rejected} (by the worker), {@code timeout} (nobody answered within the
 * workflow's {@code task_reservation_timeout}), {@code canceled} (the task was canceled) or {@code
 * rescinded} (another worker accepted first). An accepted reservation goes on to {@code wrapping}
 * and {@code completed} with its task.
 *
 * <p>Concurrency: {@code @Version}, and every transition happens with the task row locked, so of
 * two racing accepts exactly one wins and the other finds the reservation rescinded.
 */
@Entity
@Table(name = "reservation")
public class Reservation implements Listed {

  @Id
  @Column(length = 34)
  private String sid;

  @Column(name = "workspace_sid", nullable = false, updatable = false, length = 34)
  private String workspaceSid;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "task_sid", nullable = false, updatable = false)
  private Task task;

  /** The task's sid, readable without loading the task. */
  @Column(name = "task_sid", insertable = false, updatable = false, length = 34)
  private String taskSid;

  @ManyToOne(fetch = FetchType.EAGER, optional = false)
  @JoinColumn(name = "worker_sid", nullable = false, updatable = false)
  private Worker worker;

  @Column(name = "task_queue_sid", updatable = false, length = 34)
  private String taskQueueSid;

  @Column(name = "task_channel_sid", nullable = false, updatable = false, length = 34)
  private String taskChannelSid;

  @Enumerated(EnumType.STRING)
  @Column(name = "reservation_status", nullable = false, length = 16)
  private ReservationStatus status;

  @Column(name = "timeout_at")
  private Instant timeoutAt;

  @Column(length = 32)
  private String instruction;

  @Column(name = "instruction_params", length = 8192)
  private String instructionParams;

  @Column(name = "date_created", nullable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  @Version private long version;

  protected Reservation() {}

  public Reservation(Task task, Worker worker, Instant timeoutAt, Instant now) {
    this.sid = Sid.RESERVATION.generate();
    this.task = Objects.requireNonNull(task);
    this.taskSid = task.getSid();
    this.worker = Objects.requireNonNull(worker);
    this.workspaceSid = worker.getWorkspace().getSid();
    this.taskQueueSid = task.getTaskQueue() == null ? null : task.getTaskQueue().getSid();
    this.taskChannelSid = task.getTaskChannel().getSid();
    this.status = ReservationStatus.PENDING;
    this.timeoutAt = timeoutAt;
    this.dateCreated = Objects.requireNonNull(now);
    this.dateUpdated = now;
  }

  public void accept(Instant now) {
    transition(ReservationStatus.ACCEPTED, now);
  }

  public void reject(Instant now) {
    transition(ReservationStatus.REJECTED, now);
  }

  public void timeOut(Instant now) {
    transition(ReservationStatus.TIMEOUT, now);
  }

  public void cancel(Instant now) {
    transition(ReservationStatus.CANCELED, now);
  }

  public void rescind(Instant now) {
    transition(ReservationStatus.RESCINDED, now);
  }

  public void wrapUp(Instant now) {
    move(EnumSet.of(ReservationStatus.ACCEPTED), ReservationStatus.WRAPPING, now);
  }

  public void complete(Instant now) {
    move(
        EnumSet.of(ReservationStatus.ACCEPTED, ReservationStatus.WRAPPING),
        ReservationStatus.COMPLETED,
        now);
  }

  /** Records how the voice side should handle the task (conference, dequeue, call, redirect). */
  public void instruct(String name, String parametersJson, Instant now) {
    this.instruction = Objects.requireNonNull(name);
    this.instructionParams = parametersJson;
    this.dateUpdated = now;
  }

  private void transition(ReservationStatus to, Instant now) {
    move(EnumSet.of(ReservationStatus.PENDING), to, now);
    this.timeoutAt = null;
  }

  private void move(Set<ReservationStatus> from, ReservationStatus to, Instant now) {
    if (!from.contains(status)) {
      throw new IllegalTransitionException(
          "Reservation "
              + sid
              + " is "
              + status.wireName()
              + " and cannot become "
              + to.wireName());
    }
    this.status = to;
    this.dateUpdated = now;
  }

  public String getSid() {
    return sid;
  }

  public String getWorkspaceSid() {
    return workspaceSid;
  }

  public Task getTask() {
    return task;
  }

  /** The sid of the reservation's task, without loading the task. */
  public String getTaskSid() {
    return taskSid;
  }

  public Worker getWorker() {
    return worker;
  }

  public String getTaskQueueSid() {
    return taskQueueSid;
  }

  public String getTaskChannelSid() {
    return taskChannelSid;
  }

  public ReservationStatus getStatus() {
    return status;
  }

  public Instant getTimeoutAt() {
    return timeoutAt;
  }

  public String getInstruction() {
    return instruction;
  }

  public String getInstructionParams() {
    return instructionParams;
  }

  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateUpdated() {
    return dateUpdated;
  }

  /**
   * The optimistic-lock version: the entity tag for {@code ETag} and {@code If-Match}, and what the
   * realtime SDK shows as the reservation's version.
   */
  public long getVersion() {
    return version;
  }
}
