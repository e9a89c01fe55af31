package org.switchboard.domain.call;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * One Asterisk channel that belongs to a task: the caller's (whose call created the task), a
 * worker's (dialled into the caller's conference for one reservation of the task), or the call a
 * {@code call} instruction placed to a worker. Identified by the channel's uniqueid, which every
 * AMI event about the channel carries. A worker's or a call's leg is written once and never changes
 * but for the time it ended; the caller's follows the call when a transfer hands it to another task
 * ({@link #transferTo}), together with the conference it is in. A leg goes away with its task.
 */
@Entity
@Table(name = "call_leg")
public class CallLeg {

  /** Where a caller is, when it is not in its conference. */
  public enum CallerState {
    /** In the dialplan's waiting loop: music on hold, announcements, keys for a callback. */
    WAITING,
    /** Recording a voicemail; its task is created when the call ends. */
    VOICEMAIL
  }

  /** Which side of the call a leg is. */
  public enum Role {
    CALLER,
    WORKER,
    /**
     * The call a {@code call} instruction placed: reported to its status callback, nothing more.
     */
    CALL
  }

  @Id
  @Column(name = "unique_id", length = 150)
  private String uniqueId;

  @Column(name = "task_sid", nullable = false, length = 34)
  private String taskSid;

  @Column(name = "reservation_sid", updatable = false, length = 34)
  private String reservationSid;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false, length = 16)
  private Role role;

  @Column(updatable = false, length = 255)
  private String channel;

  /** The ConfBridge conference a caller's leg is in; null for the task's own. */
  @Column(length = 80)
  private String conference;

  @Column(name = "date_created", nullable = false, updatable = false)
  private Instant dateCreated;

  @Enumerated(EnumType.STRING)
  @Column(name = "caller_state", length = 16)
  private CallerState callerState;

  /** When Switchboard learnt that the leg ended or could not be set up; null while it may live. */
  @Column(name = "date_ended")
  private Instant dateEnded;

  protected CallLeg() {}

  private CallLeg(
      String uniqueId,
      String taskSid,
      String reservationSid,
      Role role,
      String channel,
      Instant now) {
    this.uniqueId = Objects.requireNonNull(uniqueId, "uniqueId is required");
    this.taskSid = Objects.requireNonNull(taskSid, "taskSid is required");
    this.reservationSid = reservationSid;
    this.role = Objects.requireNonNull(role, "role is required");
    this.channel = channel;
    this.dateCreated = Objects.requireNonNull(now, "now is required");
  }

  /** The caller's channel, whose call created the task. */
  public static CallLeg caller(String uniqueId, String taskSid, String channel, Instant now) {
    return new CallLeg(uniqueId, taskSid, null, Role.CALLER, channel, now);
  }

  /** A worker's channel, dialled for one reservation. */
  public static CallLeg worker(
      String uniqueId, String taskSid, String reservationSid, String channel, Instant now) {
    return new CallLeg(
        uniqueId,
        taskSid,
        Objects.requireNonNull(reservationSid, "reservationSid is required"),
        Role.WORKER,
        channel,
        now);
  }

  /** A call's leg: a {@code call} instruction dialled it for one reservation. */
  public static CallLeg call(
      String uniqueId, String taskSid, String reservationSid, String channel, Instant now) {
    return new CallLeg(
        uniqueId,
        taskSid,
        Objects.requireNonNull(reservationSid, "reservationSid is required"),
        Role.CALL,
        channel,
        now);
  }

  /**
   * The caller's call now belongs to another task (a transfer), and waits in {@code conference}.
   */
  public void transferTo(String newTaskSid, String newConference) {
    if (role != Role.CALLER) {
      throw new IllegalStateException("Only a caller's leg moves to another task");
    }
    this.taskSid = Objects.requireNonNull(newTaskSid, "taskSid is required");
    this.conference = newConference;
  }

  /**
   * The leg ended (hung up, or could not be set up).
   *
   * @return false if it was already known to have ended, so that its end is reported once
   */
  public boolean end(Instant now) {
    if (dateEnded != null) {
      return false;
    }
    dateEnded = Objects.requireNonNull(now, "now is required");
    return true;
  }

  /** The caller waits outside the conference, or records a voicemail; null: in the conference. */
  public void callerIs(CallerState state) {
    if (role != Role.CALLER) {
      throw new IllegalStateException("Only a caller waits or leaves a voicemail");
    }
    this.callerState = state;
  }

  /** Where the caller is when it is not in its conference, or null. */
  public CallerState getCallerState() {
    return callerState;
  }

  /** The conference the caller's leg is in, or null if it is the one its first task gave it. */
  public String getConference() {
    return conference;
  }

  public String getUniqueId() {
    return uniqueId;
  }

  public String getTaskSid() {
    return taskSid;
  }

  public String getReservationSid() {
    return reservationSid;
  }

  public Role getRole() {
    return role;
  }

  public String getChannel() {
    return channel;
  }

  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateEnded() {
    return dateEnded;
  }
}
