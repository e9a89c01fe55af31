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
 * One Asterisk channel that belongs to a task: the caller's (whose call created the task) or a
 * worker's (dialled for one reservation of the task). Identified by the channel's uniqueid, which
 * every AMI event about the channel carries. A leg is written once and never changes; it goes away
 * with its task.
 */
@Entity
@Table(name = "call_leg")
public class CallLeg {

  /** Which side of the call a leg is. */
  public enum Role {
    CALLER,
    WORKER
  }

  @Id
  @Column(name = "unique_id", length = 150)
  private String uniqueId;

  @Column(name = "task_sid", nullable = false, updatable = false, length = 34)
  private String taskSid;

  @Column(name = "reservation_sid", updatable = false, length = 34)
  private String reservationSid;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false, length = 16)
  private Role role;

  @Column(updatable = false, length = 255)
  private String channel;

  @Column(name = "date_created", nullable = false, updatable = false)
  private Instant dateCreated;

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
}
