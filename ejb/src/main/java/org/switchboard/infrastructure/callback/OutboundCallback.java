package org.switchboard.infrastructure.callback;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One HTTP callback to deliver: a form-encoded body for a URL, written in the transaction of the
 * event it reports and delivered after commit.
 *
 * <p>Lifecycle: {@code PENDING} until delivered ({@code DELIVERED}) or given up ({@code FAILED}). A
 * delivery attempt first leases the row (pushes {@code next_attempt_at} past the request's
 * timeout), so a crashed sender's row is simply tried again later.
 */
@Entity
@Table(name = "callback")
public class OutboundCallback {

  /** What is being called back. */
  public enum Kind {
    EVENT,
    ASSIGNMENT,
    /** A call's status, to the status callback URL of the instruction that dialled it. */
    CALL_STATUS
  }

  /** Where the delivery stands. */
  public enum Status {
    PENDING,
    DELIVERED,
    FAILED
  }

  @Id
  @SequenceGenerator(name = "callback_seq", sequenceName = "callback_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "callback_seq")
  private Long id;

  @Column(name = "workspace_sid", nullable = false, updatable = false, length = 34)
  private String workspaceSid;

  @Column(name = "account_sid", nullable = false, updatable = false, length = 34)
  private String accountSid;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false, length = 16)
  private Kind kind;

  @Column(nullable = false, updatable = false, length = 2048)
  private String url;

  @Column(name = "fallback_url", updatable = false, length = 2048)
  private String fallbackUrl;

  @Column(nullable = false, updatable = false, length = 65536)
  private String body;

  @Column(name = "reservation_sid", updatable = false, length = 34)
  private String reservationSid;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Status status;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "last_error", length = 1024)
  private String lastError;

  @Column(name = "date_created", nullable = false, updatable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  protected OutboundCallback() {}

  public OutboundCallback(
      String accountSid,
      String workspaceSid,
      Kind kind,
      String url,
      String fallbackUrl,
      String body,
      String reservationSid,
      Instant now) {
    this.accountSid = Objects.requireNonNull(accountSid);
    this.workspaceSid = Objects.requireNonNull(workspaceSid);
    this.kind = Objects.requireNonNull(kind);
    this.url = Objects.requireNonNull(url);
    this.fallbackUrl = fallbackUrl;
    this.body = Objects.requireNonNull(body);
    this.reservationSid = reservationSid;
    this.status = Status.PENDING;
    this.nextAttemptAt = now;
    this.dateCreated = now;
    this.dateUpdated = now;
  }

  /** Takes the row for one attempt, until {@code lease} has passed. */
  public void lease(Instant now, Duration lease) {
    this.attempts++;
    this.nextAttemptAt = now.plus(lease);
    this.dateUpdated = now;
  }

  /** Records a failed attempt: tried again after {@code retryAfter}, or given up when null. */
  public void failed(String error, Duration retryAfter, Instant now) {
    this.lastError = error == null ? null : error.substring(0, Math.min(error.length(), 1024));
    if (retryAfter == null) {
      this.status = Status.FAILED;
    } else {
      this.nextAttemptAt = now.plus(retryAfter);
    }
    this.dateUpdated = now;
  }

  public Long getId() {
    return id;
  }

  public String getWorkspaceSid() {
    return workspaceSid;
  }

  public String getAccountSid() {
    return accountSid;
  }

  public Kind getKind() {
    return kind;
  }

  public String getUrl() {
    return url;
  }

  public String getFallbackUrl() {
    return fallbackUrl;
  }

  public String getBody() {
    return body;
  }

  public String getReservationSid() {
    return reservationSid;
  }

  public Status getStatus() {
    return status;
  }

  public int getAttempts() {
    return attempts;
  }

  public Instant getNextAttemptAt() {
    return nextAttemptAt;
  }

  public String getLastError() {
    return lastError;
  }
}
