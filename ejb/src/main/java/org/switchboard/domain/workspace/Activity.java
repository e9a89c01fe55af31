package org.switchboard.domain.workspace;

import jakarta.persistence.Cacheable;
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
import org.switchboard.domain.shared.Listed;
import org.switchboard.domain.shared.Sid;

/**
 * An Activity is a state a Worker can be in, such as Offline, Available or Unavailable. Only the
 * {@code available} flag matters to routing: a worker in an available activity can receive
 * reservations. Every workspace starts with Offline, Available and Unavailable.
 *
 * <p>Lifecycle: created with a workspace or through the API; renamed; deleted only while no worker
 * is in it and the workspace does not use it as default or timeout activity.
 */
@Entity
@Cacheable
@Table(name = "activity")
public class Activity implements Listed {

  /** TaskRouter's limit on an activity's FriendlyName. */
  public static final int MAX_NAME_LENGTH = 64;

  @Id
  @Column(length = 34)
  private String sid;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "workspace_sid", nullable = false, updatable = false)
  private Workspace workspace;

  @Column(name = "friendly_name", nullable = false, length = MAX_NAME_LENGTH)
  private String friendlyName;

  @Column(nullable = false)
  private boolean available;

  @Column(name = "date_created", nullable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  @Version private long version;

  protected Activity() {}

  public Activity(Workspace workspace, String friendlyName, boolean available, Instant now) {
    this.sid = Sid.ACTIVITY.generate();
    this.workspace = Objects.requireNonNull(workspace, "Workspace is required.");
    this.friendlyName = Objects.requireNonNull(friendlyName, "FriendlyName is required.");
    this.available = available;
    this.dateCreated = Objects.requireNonNull(now);
    this.dateUpdated = now;
  }

  public void rename(String newName, Instant now) {
    this.friendlyName = Objects.requireNonNull(newName, "FriendlyName is required.");
    this.dateUpdated = now;
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

  public boolean isAvailable() {
    return available;
  }

  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateUpdated() {
    return dateUpdated;
  }
}
