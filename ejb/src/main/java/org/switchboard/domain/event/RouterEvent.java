package org.switchboard.domain.event;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.Objects;
import org.switchboard.domain.shared.Listed;
import org.switchboard.domain.shared.Sid;

/**
 * An Event records one step of routing or one change of a resource, with TaskRouter's {@code
 * event_type} names ({@code task.created}, {@code reservation.accepted}, {@code
 * worker.activity.update}, ...) and a JSON {@code event_data} describing the resources involved.
 * Events are immutable; they are written in the same transaction as the change they describe, so no
 * committed change lacks its event and no event describes a change that rolled back.
 *
 * <p>Named RouterEvent so it never clashes with CDI's {@code jakarta.enterprise.event.Event}.
 */
@Entity
@Table(name = "event")
public class RouterEvent implements Listed {

  @Id
  @SequenceGenerator(name = "event_seq", sequenceName = "event_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "event_seq")
  private Long seq;

  @Column(nullable = false, updatable = false, length = 34)
  private String sid;

  @Column(name = "account_sid", nullable = false, updatable = false, length = 34)
  private String accountSid;

  @Column(name = "workspace_sid", nullable = false, updatable = false, length = 34)
  private String workspaceSid;

  @Column(name = "event_type", nullable = false, updatable = false, length = 64)
  private String eventType;

  @Column(name = "event_date", nullable = false, updatable = false)
  private Instant dateCreated;

  @Column(name = "resource_type", nullable = false, updatable = false, length = 32)
  private String resourceType;

  @Column(name = "resource_sid", nullable = false, updatable = false, length = 34)
  private String resourceSid;

  @Column(name = "actor_type", updatable = false, length = 32)
  private String actorType;

  @Column(name = "actor_sid", updatable = false, length = 34)
  private String actorSid;

  @Column(nullable = false, updatable = false, length = 1024)
  private String description;

  @Column(nullable = false, updatable = false, length = 32)
  private String source;

  @Column(name = "source_ip_address", updatable = false, length = 64)
  private String sourceIpAddress;

  @Column(name = "event_data", nullable = false, updatable = false, length = 65536)
  private String eventData;

  @Column(name = "task_sid", updatable = false, length = 34)
  private String taskSid;

  @Column(name = "worker_sid", updatable = false, length = 34)
  private String workerSid;

  @Column(name = "reservation_sid", updatable = false, length = 34)
  private String reservationSid;

  @Column(name = "task_queue_sid", updatable = false, length = 34)
  private String taskQueueSid;

  @Column(name = "workflow_sid", updatable = false, length = 34)
  private String workflowSid;

  @Column(name = "task_channel", updatable = false, length = 64)
  private String taskChannel;

  /**
   * The entity the event is about, as the recording transaction holds it (not stored): a task that
   * transaction has not made persistent yet cannot be found by its sid.
   */
  @Transient private Object subject;

  protected RouterEvent() {}

  private RouterEvent(Builder b) {
    this.sid = Sid.EVENT.generateOrdered();
    this.accountSid = Objects.requireNonNull(b.accountSid);
    this.workspaceSid = Objects.requireNonNull(b.workspaceSid);
    this.eventType = Objects.requireNonNull(b.eventType);
    this.dateCreated = Objects.requireNonNull(b.date);
    this.resourceType = Objects.requireNonNull(b.resourceType);
    this.resourceSid = Objects.requireNonNull(b.resourceSid);
    this.actorType = b.actorType;
    this.actorSid = b.actorSid;
    this.description = Objects.requireNonNull(b.description);
    this.source = b.source == null ? "api" : b.source;
    this.sourceIpAddress = b.sourceIpAddress;
    this.eventData = b.eventData == null ? "{}" : b.eventData;
    this.taskSid = b.taskSid;
    this.workerSid = b.workerSid;
    this.reservationSid = b.reservationSid;
    this.taskQueueSid = b.taskQueueSid;
    this.workflowSid = b.workflowSid;
    this.taskChannel = b.taskChannel;
    this.subject = b.subject;
  }

  /** Starts an event of {@code eventType} about one resource. */
  public static Builder builder(
      String accountSid,
      String workspaceSid,
      EventType eventType,
      String resourceType,
      String resourceSid,
      Instant date) {
    Builder b = new Builder();
    b.accountSid = accountSid;
    b.workspaceSid = workspaceSid;
    b.eventType = eventType.wireName();
    b.resourceType = resourceType;
    b.resourceSid = resourceSid;
    b.date = date;
    return b;
  }

  /** Collects an event's fields; {@link #build} checks the required ones. */
  public static final class Builder {
    private String accountSid;
    private String workspaceSid;
    private String eventType;
    private Instant date;
    private String resourceType;
    private String resourceSid;
    private String actorType;
    private String actorSid;
    private String description;
    private String source;
    private String sourceIpAddress;
    private String eventData;
    private String taskSid;
    private String workerSid;
    private String reservationSid;
    private String taskQueueSid;
    private String workflowSid;
    private String taskChannel;
    private Object subject;

    private Builder() {}

    public Builder description(String value) {
      this.description = value;
      return this;
    }

    public Builder actor(String type, String sid) {
      this.actorType = type;
      this.actorSid = sid;
      return this;
    }

    public Builder source(String value, String ipAddress) {
      this.source = value;
      this.sourceIpAddress = ipAddress;
      return this;
    }

    /** The JSON object of {@code event_data}. */
    public Builder data(String json) {
      this.eventData = json;
      return this;
    }

    public Builder task(String sid) {
      this.taskSid = sid;
      return this;
    }

    public Builder worker(String sid) {
      this.workerSid = sid;
      return this;
    }

    public Builder reservation(String sid) {
      this.reservationSid = sid;
      return this;
    }

    public Builder taskQueue(String sid) {
      this.taskQueueSid = sid;
      return this;
    }

    public Builder workflow(String sid) {
      this.workflowSid = sid;
      return this;
    }

    public Builder taskChannel(String uniqueName) {
      this.taskChannel = uniqueName;
      return this;
    }

    /** The entity the event is about, for observers in the recording transaction. */
    public Builder subject(Object entity) {
      this.subject = entity;
      return this;
    }

    public RouterEvent build() {
      return new RouterEvent(this);
    }
  }

  /**
   * The entity the event is about if it is a {@code type}, as the recording transaction holds it
   * (it may not be persistent yet); null for an event read from the database.
   */
  public <T> T subject(Class<T> type) {
    return type.isInstance(subject) ? type.cast(subject) : null;
  }

  /** The position of the event in the order events were written. */
  public Long getSeq() {
    return seq;
  }

  public String getSid() {
    return sid;
  }

  public String getAccountSid() {
    return accountSid;
  }

  public String getWorkspaceSid() {
    return workspaceSid;
  }

  /** The event's type; every recorded event has one of {@link EventType}'s. */
  public EventType type() {
    return EventType.of(this);
  }

  public String getEventType() {
    return eventType;
  }

  /** The event's date ({@code event_date}). */
  public Instant getDateCreated() {
    return dateCreated;
  }

  public String getResourceType() {
    return resourceType;
  }

  public String getResourceSid() {
    return resourceSid;
  }

  public String getActorType() {
    return actorType;
  }

  public String getActorSid() {
    return actorSid;
  }

  public String getDescription() {
    return description;
  }

  public String getSource() {
    return source;
  }

  public String getSourceIpAddress() {
    return sourceIpAddress;
  }

  public String getEventData() {
    return eventData;
  }

  public String getTaskSid() {
    return taskSid;
  }

  public String getWorkerSid() {
    return workerSid;
  }

  public String getReservationSid() {
    return reservationSid;
  }

  public String getTaskQueueSid() {
    return taskQueueSid;
  }

  public String getWorkflowSid() {
    return workflowSid;
  }

  public String getTaskChannel() {
    return taskChannel;
  }
}
