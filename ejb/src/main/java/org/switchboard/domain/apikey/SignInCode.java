package org.switchboard.domain.apikey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import org.switchboard.domain.shared.AuthenticationException;

/**
 * A one-time sign-in code an administrator issues for one worker (the agent page), or for a
 * workspace's supervisor (the supervisor page; no worker). Only the code's SHA-256 hash is stored.
 * Lifecycle: issued with an expiry; redeemed once (then {@code usedAt} is set) for an Access Token;
 * a used or expired code redeems nothing.
 */
@Entity
@Table(name = "sign_in_code")
public class SignInCode {

  @Id
  @Column(name = "code_hash", length = 64)
  private String codeHash;

  @Column(name = "account_sid", nullable = false, updatable = false, length = 34)
  private String accountSid;

  @Column(name = "workspace_sid", nullable = false, updatable = false, length = 34)
  private String workspaceSid;

  @Column(name = "worker_sid", updatable = false, length = 34)
  private String workerSid;

  @Column(name = "expires_at", nullable = false, updatable = false)
  private Instant expiresAt;

  @Column(name = "used_at")
  private Instant usedAt;

  @Column(name = "date_created", nullable = false, updatable = false)
  private Instant dateCreated;

  protected SignInCode() {}

  public SignInCode(
      String codeHash,
      String accountSid,
      String workspaceSid,
      String workerSid,
      Instant expiresAt,
      Instant now) {
    this.codeHash = Objects.requireNonNull(codeHash);
    this.accountSid = Objects.requireNonNull(accountSid);
    this.workspaceSid = Objects.requireNonNull(workspaceSid);
    this.workerSid = workerSid; // null: a supervisor's code
    this.expiresAt = Objects.requireNonNull(expiresAt);
    this.dateCreated = Objects.requireNonNull(now);
  }

  /**
   * Marks the code used.
   *
   * @throws AuthenticationException if it was used before or has expired
   */
  public void redeem(Instant now) {
    if (usedAt != null || !now.isBefore(expiresAt)) {
      throw new AuthenticationException("The sign-in code is unknown, used or expired");
    }
    this.usedAt = now;
  }

  public String getAccountSid() {
    return accountSid;
  }

  public String getWorkspaceSid() {
    return workspaceSid;
  }

  /** The worker signed in, or null for a supervisor's code. */
  public String getWorkerSid() {
    return workerSid;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }
}
