package org.switchboard.domain.worker;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Listed;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.taskchannel.TaskChannel;

/**
 * A worker's capacity on one TaskChannel: how many tasks of that channel it may hold at once
 * ({@code configured_capacity}), whether the channel is switched on ({@code available}), and how
 * many it holds now ({@code assigned_tasks}: pending reservations plus assigned and wrapping
 * tasks). Every worker has one per channel of its workspace.
 *
 * <p>Routing takes capacity with {@link #take} when it creates a reservation and gives it back with
 * {@link #release} when the reservation ends without the task, or when the task is completed. Both
 * happen with the worker row locked; the database also refuses a negative count.
 */
@Entity
@Table(name = "worker_channel")
public class WorkerChannel implements Listed {

  /** The largest capacity TaskRouter allows on a channel. */
  public static final int MAX_CAPACITY = 50;

  @Id
  @Column(length = 34)
  private String sid;

  @Column(name = "workspace_sid", nullable = false, updatable = false, length = 34)
  private String workspaceSid;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "worker_sid", nullable = false, updatable = false)
  private Worker worker;

  @ManyToOne(fetch = FetchType.EAGER, optional = false)
  @JoinColumn(name = "task_channel_sid", nullable = false, updatable = false)
  private TaskChannel taskChannel;

  @Column(name = "configured_capacity", nullable = false)
  private int configuredCapacity;

  @Column(nullable = false)
  private boolean available;

  @Column(name = "assigned_tasks", nullable = false)
  private int assignedTasks;

  @Column(name = "idle_since", nullable = false)
  private Instant idleSince;

  @Column(name = "date_created", nullable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  @Version private long version;

  protected WorkerChannel() {}

  /** A channel with capacity 1, switched on, as TaskRouter creates them. */
  public WorkerChannel(Worker worker, TaskChannel taskChannel, Instant now) {
    this.sid = Sid.WORKER_CHANNEL.generate();
    this.worker = Objects.requireNonNull(worker);
    this.workspaceSid = worker.getWorkspace().getSid();
    this.taskChannel = Objects.requireNonNull(taskChannel);
    this.configuredCapacity = 1;
    this.available = true;
    this.assignedTasks = 0;
    this.idleSince = Objects.requireNonNull(now);
    this.dateCreated = now;
    this.dateUpdated = now;
  }

  /** Changes the capacity and/or the switch; null leaves a value as it is. */
  public void configure(Integer capacity, Boolean switchedOn, Instant now) {
    if (capacity != null) {
      if (capacity < 0 || capacity > MAX_CAPACITY) {
        throw new InvalidParameterException(
            "Capacity", "Capacity must be between 0 and " + MAX_CAPACITY);
      }
      this.configuredCapacity = capacity;
    }
    if (switchedOn != null) {
      this.available = switchedOn;
    }
    this.dateUpdated = now;
  }

  /** Whether one more task fits: switched on and below capacity. */
  public boolean hasFreeCapacity() {
    return available && assignedTasks < configuredCapacity;
  }

  /** Takes one unit of capacity for a new reservation. */
  public void take(Instant now) {
    this.assignedTasks++;
    this.dateUpdated = now;
  }

  /** Gives one unit back; the channel counts as idle from now when it holds nothing. */
  public void release(Instant now) {
    if (assignedTasks == 0) {
      throw new IllegalStateException("Worker channel " + sid + " holds no task to release");
    }
    this.assignedTasks--;
    if (assignedTasks == 0) {
      this.idleSince = now;
    }
    this.dateUpdated = now;
  }

  /** Restarts the idle clock, e.g. when the worker becomes available. */
  public void markIdleSince(Instant now) {
    this.idleSince = now;
  }

  public int availableCapacityPercentage() {
    if (!available || configuredCapacity == 0) {
      return 0;
    }
    int free = Math.max(0, configuredCapacity - assignedTasks);
    return free * 100 / configuredCapacity;
  }

  public String getSid() {
    return sid;
  }

  public String getWorkspaceSid() {
    return workspaceSid;
  }

  public Worker getWorker() {
    return worker;
  }

  public TaskChannel getTaskChannel() {
    return taskChannel;
  }

  public int getConfiguredCapacity() {
    return configuredCapacity;
  }

  public boolean isAvailable() {
    return available;
  }

  public int getAssignedTasks() {
    return assignedTasks;
  }

  public Instant getIdleSince() {
    return idleSince;
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
