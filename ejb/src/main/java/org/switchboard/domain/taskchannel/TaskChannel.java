package org.switchboard.domain.taskchannel;

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
import java.util.List;
import java.util.Objects;
import org.switchboard.domain.shared.Listed;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.workspace.Workspace;

/**
 * A TaskChannel is a kind of work (voice, chat, sms, ...). Each task belongs to one, and each
 * worker has a capacity per channel (its WorkerChannels). A new workspace gets {@link #DEFAULTS}.
 *
 * <p>Lifecycle: created with the workspace or through the API (its {@code unique_name} unique in
 * the workspace and never changed), renamed, deleted while no task uses it.
 */
@Entity
@Cacheable
@Table(name = "task_channel")
public class TaskChannel implements Listed {

  /** TaskRouter's limit on task channels per workspace. */
  public static final int MAX_PER_WORKSPACE = 15;

  /** The channels every new workspace starts with: unique name and friendly name. */
  public static final List<String[]> DEFAULTS =
      List.of(
          new String[] {"default", "Default"},
          new String[] {"voice", "Voice"},
          new String[] {"chat", "Chat"},
          new String[] {"sms", "SMS"},
          new String[] {"video", "Video"},
          new String[] {"email", "Email"});

  @Id
  @Column(length = 34)
  private String sid;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "workspace_sid", nullable = false, updatable = false)
  private Workspace workspace;

  @Column(name = "friendly_name", nullable = false, length = 64)
  private String friendlyName;

  @Column(name = "unique_name", nullable = false, updatable = false, length = 64)
  private String uniqueName;

  @Column(name = "channel_optimized_routing")
  private Boolean channelOptimizedRouting;

  @Column(name = "date_created", nullable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  @Version private long version;

  protected TaskChannel() {}

  public TaskChannel(
      Workspace workspace,
      String friendlyName,
      String uniqueName,
      Boolean channelOptimizedRouting,
      Instant now) {
    this.sid = Sid.TASK_CHANNEL.generate();
    this.workspace = Objects.requireNonNull(workspace);
    this.friendlyName = Objects.requireNonNull(friendlyName, "FriendlyName is required.");
    this.uniqueName = Objects.requireNonNull(uniqueName, "UniqueName is required.");
    this.channelOptimizedRouting = channelOptimizedRouting;
    this.dateCreated = Objects.requireNonNull(now);
    this.dateUpdated = now;
  }

  public void update(String newFriendlyName, Boolean optimizedRouting, Instant now) {
    if (newFriendlyName != null) {
      this.friendlyName = newFriendlyName;
    }
    if (optimizedRouting != null) {
      this.channelOptimizedRouting = optimizedRouting;
    }
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

  public String getUniqueName() {
    return uniqueName;
  }

  public Boolean getChannelOptimizedRouting() {
    return channelOptimizedRouting;
  }

  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateUpdated() {
    return dateUpdated;
  }
}
