package org.switchboard.domain.ruleset;

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
import org.switchboard.domain.shared.Listed;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.workspace.Workspace;

/**
 * A rule set of a workspace: DRL files in numbered versions ({@link RuleSetVersion}), one of them
 * active.
 *
 * <p>Lifecycle: created with version 1, which is active; each upload adds the next version, not yet
 * active; activating a version (a newer one, or an older one to roll back) switches every workflow
 * that names the rule set at once. Versions are never changed or removed while the rule set lives.
 */
@Entity
@Table(name = "rule_set")
public class RuleSet implements Listed {

  /** At most this many rule sets per workspace. */
  public static final int MAX_PER_WORKSPACE = 100;

  @Id
  @Column(length = 34)
  private String sid;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "workspace_sid", nullable = false, updatable = false)
  private Workspace workspace;

  @Column(name = "friendly_name", nullable = false, length = 64)
  private String friendlyName;

  @Column(name = "active_version", nullable = false)
  private int activeVersion;

  @Column(name = "latest_version", nullable = false)
  private int latestVersion;

  @Column(name = "date_created", nullable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  @Version private long version;

  protected RuleSet() {}

  /** A new rule set whose version 1 is active. */
  public RuleSet(Workspace workspace, String friendlyName, Instant now) {
    this.sid = Sid.RULE_SET.generate();
    this.workspace = Objects.requireNonNull(workspace);
    this.friendlyName = FriendlyNames.require(friendlyName);
    this.activeVersion = 1;
    this.latestVersion = 1;
    this.dateCreated = Objects.requireNonNull(now);
    this.dateUpdated = now;
  }

  /** Reserves the number of the next version. */
  public int nextVersion(Instant now) {
    latestVersion++;
    dateUpdated = now;
    return latestVersion;
  }

  /**
   * Makes an existing version the active one.
   *
   * @throws InvalidParameterException if no such version exists
   */
  public void activate(int number, Instant now) {
    if (number < 1 || number > latestVersion) {
      throw new InvalidParameterException(
          "ActiveVersion",
          "ActiveVersion must be a version of this rule set, between 1 and " + latestVersion);
    }
    activeVersion = number;
    dateUpdated = now;
  }

  public void rename(String newName, Instant now) {
    friendlyName = FriendlyNames.require(newName);
    dateUpdated = now;
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

  public int getActiveVersion() {
    return activeVersion;
  }

  public int getLatestVersion() {
    return latestVersion;
  }

  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateUpdated() {
    return dateUpdated;
  }
}
