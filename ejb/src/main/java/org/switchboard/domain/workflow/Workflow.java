package org.switchboard.domain.workflow;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.switchboard.domain.shared.FriendlyNames;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Listed;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.workspace.Workspace;

/**
 * A Workflow decides where a task goes: its {@code configuration} (TaskRouter's JSON, {@code
 * task_routing.filters[]} with targets, and a {@code default_filter}) is compiled into Drools rules
 * that pick a filter by the task's attributes and a target (queue, expression, priority, timeout)
 * by the task's age. It also holds the reservation timeout and the assignment callback URLs.
 *
 * <p>Lifecycle: created with a configuration whose queues must exist; reconfigured (optionally
 * re-evaluating waiting tasks); deleted only while no task is routed by it. The set of queues the
 * configuration names is kept beside it ({@code workflow_queue}) so a queue in use is known.
 */
@Entity
@Table(name = "workflow")
public class Workflow implements Listed {

  /** TaskRouter's limit on workflows per workspace. */
  public static final int MAX_PER_WORKSPACE = 1_000;

  /** TaskRouter's default reservation timeout, in seconds. */
  public static final int DEFAULT_RESERVATION_TIMEOUT = 120;

  /** The longest configuration Switchboard stores. */
  public static final int MAX_CONFIGURATION_LENGTH = 65_536;

  @Id
  @Column(length = 34)
  private String sid;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "workspace_sid", nullable = false, updatable = false)
  private Workspace workspace;

  @Column(name = "friendly_name", nullable = false, length = 64)
  private String friendlyName;

  @Column(nullable = false, length = MAX_CONFIGURATION_LENGTH)
  private String configuration;

  @Column(name = "assignment_callback_url", length = 2048)
  private String assignmentCallbackUrl;

  @Column(name = "fallback_assignment_callback_url", length = 2048)
  private String fallbackAssignmentCallbackUrl;

  @Column(name = "task_reservation_timeout", nullable = false)
  private int taskReservationTimeout;

  @Column(name = "document_content_type", nullable = false, length = 64)
  private String documentContentType;

  // lazy: only a query reads it (which workflows route to a queue), so a task's creation, which
  // reads its workflow, need not read the workflow's queues too
  @ElementCollection(fetch = FetchType.LAZY)
  @CollectionTable(name = "workflow_queue", joinColumns = @JoinColumn(name = "workflow_sid"))
  @Column(name = "task_queue_sid", length = 34)
  private Set<String> queueSids = new HashSet<>();

  @Column(name = "rule_set_sid", length = 34)
  private String ruleSetSid;

  @Column(name = "date_created", nullable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  @Version private long version;

  protected Workflow() {}

  /**
   * @param queueSids the queues the configuration routes to, already checked to exist
   */
  public Workflow(
      Workspace workspace,
      String friendlyName,
      String configuration,
      Set<String> queueSids,
      Instant now) {
    this.sid = Sid.WORKFLOW.generate();
    this.workspace = Objects.requireNonNull(workspace);
    this.friendlyName = FriendlyNames.require(friendlyName);
    this.configuration = Objects.requireNonNull(configuration);
    this.queueSids = new HashSet<>(queueSids);
    this.taskReservationTimeout = DEFAULT_RESERVATION_TIMEOUT;
    this.documentContentType = "application/json";
    this.dateCreated = Objects.requireNonNull(now);
    this.dateUpdated = now;
  }

  public void reconfigure(String newConfiguration, Set<String> newQueueSids, Instant now) {
    this.configuration = Objects.requireNonNull(newConfiguration);
    this.queueSids.clear();
    this.queueSids.addAll(newQueueSids);
    this.dateUpdated = now;
  }

  /** Records which rule set the configuration names ({@code task_routing.rule_set}), or null. */
  public void useRuleSet(String newRuleSetSid) {
    this.ruleSetSid = newRuleSetSid;
  }

  /**
   * The rule set it names has a new active version: a new version of this workflow, so that every
   * server compiles and routes with the new rules from the next decision on.
   */
  public void ruleSetActivated(Instant now) {
    this.dateUpdated = now;
  }

  public String getRuleSetSid() {
    return ruleSetSid;
  }

  public void rename(String newName, Instant now) {
    this.friendlyName = FriendlyNames.require(newName);
    this.dateUpdated = now;
  }

  public void changeCallbacks(String assignmentUrl, String fallbackUrl, Instant now) {
    this.assignmentCallbackUrl = assignmentUrl;
    this.fallbackAssignmentCallbackUrl = fallbackUrl;
    this.dateUpdated = now;
  }

  public void changeReservationTimeout(int seconds, Instant now) {
    if (seconds < 1 || seconds > 86_400) {
      throw new InvalidParameterException(
          "TaskReservationTimeout", "TaskReservationTimeout must be between 1 and 86400");
    }
    this.taskReservationTimeout = seconds;
    this.dateUpdated = now;
  }

  /** The version, which also identifies the compiled rules of this configuration. */
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

  public String getConfiguration() {
    return configuration;
  }

  public String getAssignmentCallbackUrl() {
    return assignmentCallbackUrl;
  }

  public String getFallbackAssignmentCallbackUrl() {
    return fallbackAssignmentCallbackUrl;
  }

  public int getTaskReservationTimeout() {
    return taskReservationTimeout;
  }

  public String getDocumentContentType() {
    return documentContentType;
  }

  public Set<String> getQueueSids() {
    return Set.copyOf(queueSids);
  }

  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateUpdated() {
    return dateUpdated;
  }
}
