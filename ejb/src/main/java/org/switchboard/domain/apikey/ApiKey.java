package org.switchboard.domain.apikey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import org.switchboard.domain.shared.Listed;
import org.switchboard.domain.shared.Sid;

/**
 * An API key of an account: a sid ({@code SK…}) and a secret that signs Twilio Access Tokens
 * (HS256). The secret is shown once, when the key is created; Switchboard keeps it sealed
 * (encrypted with the server's key) because verifying a token needs it in the clear.
 *
 * <p>Lifecycle: created by an integrator through {@code Keys.json} (or by Switchboard itself, then
 * {@code managed}, to sign the tokens of the sign-in flow); renamed; deleted, which revokes every
 * token it signed.
 */
@Entity
@Table(name = "api_key")
public class ApiKey implements Listed {

  @Id
  @Column(length = 34)
  private String sid;

  @Column(name = "account_sid", nullable = false, updatable = false, length = 34)
  private String accountSid;

  @Column(name = "friendly_name", length = 64)
  private String friendlyName;

  @Column(name = "secret_sealed", nullable = false, updatable = false, length = 512)
  private String sealedSecret;

  @Column(nullable = false, updatable = false)
  private boolean managed;

  @Column(name = "date_created", nullable = false, updatable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  protected ApiKey() {}

  public ApiKey(
      String accountSid, String friendlyName, String sealedSecret, boolean managed, Instant now) {
    this.sid = Sid.API_KEY.generate();
    this.accountSid = Objects.requireNonNull(accountSid, "AccountSid is required.");
    this.friendlyName = friendlyName;
    this.sealedSecret = Objects.requireNonNull(sealedSecret, "The sealed secret is required.");
    this.managed = managed;
    this.dateCreated = Objects.requireNonNull(now);
    this.dateUpdated = now;
  }

  public void rename(String newName, Instant now) {
    this.friendlyName = newName;
    this.dateUpdated = now;
  }

  @Override
  public String getSid() {
    return sid;
  }

  public String getAccountSid() {
    return accountSid;
  }

  public String getFriendlyName() {
    return friendlyName;
  }

  public String getSealedSecret() {
    return sealedSecret;
  }

  public boolean isManaged() {
    return managed;
  }

  @Override
  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateUpdated() {
    return dateUpdated;
  }
}
