package org.switchboard.domain.taskqueue;

import jakarta.persistence.Cacheable;
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
import java.util.Objects;
import org.switchboard.domain.shared.FriendlyNames;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Listed;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.Workspace;

/**
 * A TaskQueue holds tasks until a worker takes them. Which workers serve it is the {@code
 * target_workers} expression over worker attributes ({@code 1==1}: everyone); {@code task_order}
 * orders tasks of equal priority; {@code max_reserved_workers} is how many workers are offered a
 * task at once; the optional reservation and assignment activities are what a worker moves to when
 * it is offered, and when it accepts, a task of this queue.
 *
 * <p>Lifecycle: created, updated (a changed {@code target_workers} re-evaluates waiting tasks),
 * deleted only while no workflow routes to it and no task waits in it.
 */
@Entity
@Cacheable
@Table(name = "task_queue")
public class TaskQueue implements Listed {

  /** TaskRouter's limit on queues per workspace. */
  public static final int MAX_PER_WORKSPACE = 5_000;

  /** The expression that lets every worker in. */
  public static final String ALL_WORKERS = "1==1";

  @Id
  @Column(length = 34)
  private String sid;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "workspace_sid", nullable = false, updatable = false)
  private Workspace workspace;

  @Column(name = "friendly_name", nullable = false, length = 64)
  private String friendlyName;

  @Column(name = "target_workers", nullable = false, length = 4096)
  private String targetWorkers;

  @Column(name = "max_reserved_workers", nullable = false)
  private int maxReservedWorkers;

  @Enumerated(EnumType.STRING)
  @Column(name = "task_order", nullable = false, length = 8)
  private TaskOrder taskOrder;

  @ManyToOne(fetch = FetchType.EAGER)
  @JoinColumn(name = "reservation_activity_sid")
  private Activity reservationActivity;

  @ManyToOne(fetch = FetchType.EAGER)
  @JoinColumn(name = "assignment_activity_sid")
  private Activity assignmentActivity;

  @Column(name = "date_created", nullable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  @Version private long version;

  protected TaskQueue() {}

  public TaskQueue(Workspace workspace, String friendlyName, Instant now) {
    this.sid = Sid.TASK_QUEUE.generate();
    this.workspace = Objects.requireNonNull(workspace);
    this.friendlyName = FriendlyNames.require(friendlyName);
    this.targetWorkers = ALL_WORKERS;
    this.maxReservedWorkers = 1;
    this.taskOrder = TaskOrder.FIFO;
    this.dateCreated = Objects.requireNonNull(now);
    this.dateUpdated = now;
  }

  public void rename(String newName, Instant now) {
    this.friendlyName = FriendlyNames.require(newName);
    this.dateUpdated = now;
  }

  /** Sets the target-workers expression; the caller has parsed it already. */
  public void retarget(String expression, Instant now) {
    this.targetWorkers = Objects.requireNonNull(expression);
    this.dateUpdated = now;
  }

  public void changeMaxReservedWorkers(int max, Instant now) {
    if (max < 1 || max > 50) {
      throw new InvalidParameterException(
          "MaxReservedWorkers", "MaxReservedWorkers must be between 1 and 50");
    }
    this.maxReservedWorkers = max;
    this.dateUpdated = now;
  }

  public void changeTaskOrder(TaskOrder order, Instant now) {
    this.taskOrder = Objects.requireNonNull(order);
    this.dateUpdated = now;
  }

  public void changeReservationActivity(Activity activity, Instant now) {
    this.reservationActivity = requireOwn(activity, "ReservationActivitySid");
    this.dateUpdated = now;
  }

  public void changeAssignmentActivity(Activity activity, Instant now) {
    this.assignmentActivity = requireOwn(activity, "AssignmentActivitySid");
    this.dateUpdated = now;
  }

  private Activity requireOwn(Activity activity, String parameter) {
    if (activity != null && !activity.getWorkspace().getSid().equals(workspace.getSid())) {
      throw new InvalidParameterException(
          parameter, parameter + " must be an Activity of workspace " + workspace.getSid());
    }
    return activity;
  }

  public String getSid() {
    return sid;
  }

  public Workspace getWorkspace() {
    return workspace;
  }

  public String getFriendlyName() {
    return friendlyName;
  }

  public String getTargetWorkers() {
    return targetWorkers;
  }

  public int getMaxReservedWorkers() {
    return maxReservedWorkers;
  }

  public TaskOrder getTaskOrder() {
    return taskOrder;
  }

  public Activity getReservationActivity() {
    return reservationActivity;
  }

  public Activity getAssignmentActivity() {
    return assignmentActivity;
  }

  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateUpdated() {
    return dateUpdated;
  }
}
