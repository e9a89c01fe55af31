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
import org.switchboard.domain.shared.FriendlyNames;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.JsonAttributes;
import org.switchboard.domain.shared.Listed;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.Workspace;

/**
 * A Worker is a person or process that handles tasks. Its JSON {@code attributes} (skills,
 * languages, {@code contact_uri}, ...) decide which queues it belongs to; its {@link Activity}
 * decides whether it can receive work now; its {@link WorkerChannel}s hold its capacity per
 * TaskChannel.
 *
 * <p>Lifecycle: created in the workspace's default activity (or the one given); moves between
 * activities ({@link #changeActivity}), each move stamping {@code date_status_changed}; its
 * attributes are replaced as a whole; deleted only while it holds no live reservation.
 *
 * <p>Concurrency: {@code @Version} guards API updates (ETag / If-Match); routing locks the row
 * ({@code SELECT … FOR UPDATE}) while it changes capacity, so a worker is never double-booked.
 */
@Entity
@Table(name = "worker")
public class Worker implements Listed {

  /** TaskRouter's limit on workers per workspace. */
  public static final int MAX_PER_WORKSPACE = 15_000;

  @Id
  @Column(length = 34)
  private String sid;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "workspace_sid", nullable = false, updatable = false)
  private Workspace workspace;

  @Column(name = "friendly_name", nullable = false, length = 64)
  private String friendlyName;

  @Column(nullable = false, length = JsonAttributes.MAX_LENGTH)
  private String attributes;

  @ManyToOne(fetch = FetchType.EAGER, optional = false)
  @JoinColumn(name = "activity_sid", nullable = false)
  private Activity activity;

  @Column(nullable = false)
  private boolean available;

  @Column(name = "date_status_changed", nullable = false)
  private Instant dateStatusChanged;

  @Column(name = "date_created", nullable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  @Version private long version;

  protected Worker() {}

  public Worker(
      Workspace workspace, String friendlyName, String attributes, Activity activity, Instant now) {
    this.sid = Sid.WORKER.generate();
    this.workspace = Objects.requireNonNull(workspace);
    this.friendlyName = FriendlyNames.require(friendlyName);
    this.attributes = attributes == null ? "{}" : JsonAttributes.require("Attributes", attributes);
    this.activity = requireOwn(activity);
    this.available = activity.isAvailable();
    this.dateStatusChanged = Objects.requireNonNull(now);
    this.dateCreated = now;
    this.dateUpdated = now;
  }

  /** Moves the worker to another activity of its workspace; a move to the same one is a no-op. */
  public boolean changeActivity(Activity newActivity, Instant now) {
    requireOwn(newActivity);
    if (newActivity.getSid().equals(activity.getSid())) {
      return false;
    }
    this.activity = newActivity;
    this.available = newActivity.isAvailable();
    this.dateStatusChanged = now;
    this.dateUpdated = now;
    return true;
  }

  public void replaceAttributes(String newAttributes, Instant now) {
    this.attributes = JsonAttributes.require("Attributes", Objects.requireNonNull(newAttributes));
    this.dateUpdated = now;
  }

  public void rename(String newName, Instant now) {
    this.friendlyName = FriendlyNames.require(newName);
    this.dateUpdated = now;
  }

  private Activity requireOwn(Activity candidate) {
    if (candidate == null || !candidate.getWorkspace().getSid().equals(workspace.getSid())) {
      throw new InvalidParameterException(
          "ActivitySid", "ActivitySid must be an Activity of workspace " + workspace.getSid());
    }
    return candidate;
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

  public String getFriendlyName() {
    return friendlyName;
  }

  public String getAttributes() {
    return attributes;
  }

  public Activity getActivity() {
    return activity;
  }

  public boolean isAvailable() {
    return available;
  }

  public Instant getDateStatusChanged() {
    return dateStatusChanged;
  }

  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateUpdated() {
    return dateUpdated;
  }
}
