package org.switchboard.domain.workspace;

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
import java.util.List;
import java.util.Objects;
import org.switchboard.domain.shared.FriendlyNames;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Listed;
import org.switchboard.domain.shared.Sid;

/**
 * A Workspace is the container of one routing setup: its Activities, TaskChannels, Workers,
 * TaskQueues, Workflows, Tasks and Events. It belongs to one account, which alone can see it.
 *
 * <p>Lifecycle: created with its default Activities (Offline, Available, Unavailable), Offline
 * being both the {@code default_activity} new workers start in and the {@code timeout_activity} a
 * worker is moved to when a reservation times out; updated through the API; deleted with everything
 * it contains.
 */
@Entity
@Cacheable
@Table(name = "workspace")
public class Workspace implements Listed {

  /** TaskRouter's limit on a workspace's FriendlyName. */
  public static final int MAX_NAME_LENGTH = 64;

  @Id
  @Column(length = 34)
  private String sid;

  @Column(name = "account_sid", nullable = false, updatable = false, length = 34)
  private String accountSid;

  @Column(name = "friendly_name", nullable = false, length = MAX_NAME_LENGTH)
  private String friendlyName;

  @Column(name = "event_callback_url", length = 2048)
  private String eventCallbackUrl;

  @Column(name = "events_filter", length = 4096)
  private String eventsFilter;

  @Column(name = "multi_task_enabled", nullable = false)
  private boolean multiTaskEnabled;

  @Enumerated(EnumType.STRING)
  @Column(name = "prioritize_queue_order", nullable = false, length = 8)
  private QueueOrder prioritizeQueueOrder;

  @ManyToOne(fetch = FetchType.EAGER)
  @JoinColumn(name = "default_activity_sid")
  private Activity defaultActivity;

  @ManyToOne(fetch = FetchType.EAGER)
  @JoinColumn(name = "timeout_activity_sid")
  private Activity timeoutActivity;

  @Column(name = "date_created", nullable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  @Version private long version;

  protected Workspace() {}

  public Workspace(String accountSid, String friendlyName, Instant now) {
    this.sid = Sid.WORKSPACE.generate();
    this.accountSid = Objects.requireNonNull(accountSid, "AccountSid is required.");
    this.friendlyName = FriendlyNames.require(friendlyName);
    this.multiTaskEnabled = true;
    this.prioritizeQueueOrder = QueueOrder.FIFO;
    this.dateCreated = Objects.requireNonNull(now);
    this.dateUpdated = now;
  }

  /**
   * Creates TaskRouter's default activities for this new workspace and makes Offline its default
   * and timeout activity. Returns them for the caller to persist.
   */
  public List<Activity> createDefaultActivities(Instant now) {
    // a microsecond apart, so lists (by creation time, then sid) show them in this order
    Activity offline = new Activity(this, "Offline", false, now);
    Activity available =
        new Activity(this, "Available", true, now.plus(1, java.time.temporal.ChronoUnit.MICROS));
    Activity unavailable =
        new Activity(this, "Unavailable", false, now.plus(2, java.time.temporal.ChronoUnit.MICROS));
    this.defaultActivity = offline;
    this.timeoutActivity = offline;
    return List.of(offline, available, unavailable);
  }

  public void rename(String newName, Instant now) {
    this.friendlyName = FriendlyNames.require(newName);
    touch(now);
  }

  public void changeEventCallback(String url, String filter, Instant now) {
    this.eventCallbackUrl = url;
    this.eventsFilter = filter;
    touch(now);
  }

  public void changeMultiTasking(boolean enabled, Instant now) {
    this.multiTaskEnabled = enabled;
    touch(now);
  }

  public void changeQueueOrder(QueueOrder order, Instant now) {
    this.prioritizeQueueOrder = Objects.requireNonNull(order);
    touch(now);
  }

  public void changeDefaultActivity(Activity activity, Instant now) {
    this.defaultActivity = requireOwn(activity, "DefaultActivitySid");
    touch(now);
  }

  public void changeTimeoutActivity(Activity activity, Instant now) {
    this.timeoutActivity = requireOwn(activity, "TimeoutActivitySid");
    touch(now);
  }

  private Activity requireOwn(Activity activity, String parameter) {
    if (activity == null || !activity.getWorkspace().getSid().equals(sid)) {
      throw new InvalidParameterException(
          parameter, parameter + " must be an Activity of workspace " + sid);
    }
    return activity;
  }

  private void touch(Instant now) {
    this.dateUpdated = Objects.requireNonNull(now);
  }

  public String getSid() {
    return sid;
  }

  public String getAccountSid() {
    return accountSid;
  }

  public String getFriendlyName() {
    return friendlyName;
  }

  public String getEventCallbackUrl() {
    return eventCallbackUrl;
  }

  public String getEventsFilter() {
    return eventsFilter;
  }

  public boolean isMultiTaskEnabled() {
    return multiTaskEnabled;
  }

  public QueueOrder getPrioritizeQueueOrder() {
    return prioritizeQueueOrder;
  }

  public Activity getDefaultActivity() {
    return defaultActivity;
  }

  public Activity getTimeoutActivity() {
    return timeoutActivity;
  }

  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateUpdated() {
    return dateUpdated;
  }
}
