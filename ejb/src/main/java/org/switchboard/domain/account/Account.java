package org.switchboard.domain.account;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import org.switchboard.domain.shared.Sid;
import org.switchboard.infrastructure.jpa.SealedAuthTokenConverter;

/**
 * An account: the owner of workspaces and the holder of the credentials (AccountSid and AuthToken)
 * that HTTP Basic authentication checks. The AuthToken is needed in the clear, because as in Twilio
 * it is also the key that signs outgoing callbacks ({@code X-Twilio-Signature}); it is stored
 * sealed under the server's secret key ({@code SealedAuthTokenConverter}), never in plain text.
 *
 * <p>Lifecycle: created on first start (or from configuration); its token can be replaced with
 * {@link #rotateAuthToken}; accounts are never deleted by Switchboard.
 */
@Entity
@Table(name = "account")
@NamedQuery(name = "Account.count", query = "select count(a) from Account a")
public class Account {

  /** The minimum length of an AuthToken given by configuration. */
  public static final int MIN_TOKEN_LENGTH = 16;

  @Id
  @Column(length = 34)
  private String sid;

  @Column(name = "friendly_name", nullable = false, length = 64)
  private String friendlyName;

  @Column(name = "auth_token", nullable = false, length = 512)
  @Convert(converter = SealedAuthTokenConverter.class)
  private String authToken;

  @Column(name = "date_created", nullable = false)
  private Instant dateCreated;

  @Column(name = "date_updated", nullable = false)
  private Instant dateUpdated;

  @Version private long version;

  protected Account() {}

  public Account(String sid, String friendlyName, String authToken, Instant now) {
    if (!Sid.ACCOUNT.matches(Objects.requireNonNull(sid, "AccountSid is required."))) {
      throw new IllegalArgumentException("AccountSid must be AC followed by 32 hex characters.");
    }
    this.sid = sid;
    this.friendlyName = Objects.requireNonNull(friendlyName, "FriendlyName is required.");
    this.authToken = checkToken(authToken);
    this.dateCreated = Objects.requireNonNull(now);
    this.dateUpdated = now;
  }

  /** A new account with a random sid and a random 32-hex-character AuthToken. */
  public static Account generate(String friendlyName, Instant now) {
    return new Account(Sid.ACCOUNT.generate(), friendlyName, Sid.randomHex(16), now);
  }

  /** Compares in constant time, so the response time does not leak how much of a token matched. */
  public boolean acceptsToken(String candidate) {
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(
        authToken.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  public void rotateAuthToken(String newToken, Instant now) {
    this.authToken = checkToken(newToken);
    this.dateUpdated = now;
  }

  private static String checkToken(String token) {
    Objects.requireNonNull(token, "AuthToken is required.");
    if (token.length() < MIN_TOKEN_LENGTH || token.length() > 128 || token.isBlank()) {
      throw new IllegalArgumentException(
          "AuthToken must be " + MIN_TOKEN_LENGTH + " to 128 characters long.");
    }
    return token;
  }

  public String getSid() {
    return sid;
  }

  public String getFriendlyName() {
    return friendlyName;
  }

  public String getAuthToken() {
    return authToken;
  }

  public Instant getDateCreated() {
    return dateCreated;
  }

  public Instant getDateUpdated() {
    return dateUpdated;
  }
}
