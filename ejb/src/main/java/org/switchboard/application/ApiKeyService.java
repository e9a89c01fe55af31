package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.apikey.ApiKey;
import org.switchboard.domain.apikey.ApiKeyRepository;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.shared.Sid;
import org.switchboard.infrastructure.crypto.SecretBox;
import org.switchboard.infrastructure.jpa.ListQuery;

/**
 * API keys of an account, as Twilio's {@code Keys} resource: create (the secret is returned only
 * then), list, fetch, rename, delete (which revokes every token the key signed). Also the secret a
 * token's signature is checked with, and the key Switchboard signs agent tokens with.
 */
@Stateless
public class ApiKeyService {

  /** The FriendlyName of the key Switchboard creates to sign the tokens of the sign-in flow. */
  public static final String MANAGED_KEY_NAME = "Switchboard agent sign-in";

  @Inject private ApiKeyRepository apiKeys;
  @PersistenceContext private EntityManager em;
  @Inject private SecretBox box;
  @Inject private Clock clock;

  /** A key just created, with the secret that is shown only this once. */
  public record Created(ApiKey key, String secret) {}

  /** What verifying a token needs: the key's account and its secret. */
  public record KeySecret(String keySid, String accountSid, String secret) {}

  /**
   * @throws InvalidParameterException if FriendlyName is longer than 64 characters
   */
  public Created create(String accountSid, String friendlyName) {
    return create(accountSid, checkName(friendlyName), false);
  }

  public Page<ApiKey> list(String accountSid, PageRequest page) {
    return ListQuery.of(ApiKey.class, "k")
        .where("k.accountSid = :a", "a", accountSid)
        .page(em, page);
  }

  /**
   * @throws NotFoundException if the account has no such key
   */
  public ApiKey get(String accountSid, String sid) {
    ApiKey key = Sid.API_KEY.matches(sid) ? em.find(ApiKey.class, sid) : null;
    if (key == null || !key.getAccountSid().equals(accountSid)) {
      throw NotFoundException.of("Key", sid);
    }
    return key;
  }

  /** Renames the key; a null name leaves it as it is. */
  public ApiKey rename(String accountSid, String sid, String friendlyName) {
    ApiKey key = get(accountSid, sid);
    if (friendlyName != null) {
      key.rename(checkName(friendlyName), clock.instant());
    }
    return key;
  }

  /** Deletes the key; tokens it signed are refused from now on. */
  public void delete(String accountSid, String sid) {
    em.remove(get(accountSid, sid));
  }

  /** The secret of a key, if the key exists (and so is not revoked). */
  public Optional<KeySecret> secret(String keySid) {
    ApiKey key = Sid.API_KEY.matches(keySid) ? em.find(ApiKey.class, keySid) : null;
    return Optional.ofNullable(key)
        .map(k -> new KeySecret(k.getSid(), k.getAccountSid(), box.open(k.getSealedSecret())));
  }

  /**
   * The account an API key authenticates with its secret, as Twilio's helper libraries send it (key
   * sid as user name, secret as password). The managed key Switchboard signs agents' tokens with is
   * never accepted: its secret never leaves the server.
   */
  public Optional<String> authenticate(String keySid, String secret) {
    ApiKey key = Sid.API_KEY.matches(keySid) ? em.find(ApiKey.class, keySid) : null;
    if (key == null || key.isManaged() || secret == null) {
      return Optional.empty();
    }
    byte[] expected = box.open(key.getSealedSecret()).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, secret.getBytes(StandardCharsets.UTF_8))
        ? Optional.of(key.getAccountSid())
        : Optional.empty();
  }

  /** The key Switchboard signs the account's agent tokens with; created on first use. */
  public KeySecret managedKey(String accountSid) {
    return apiKeys
        .managedKeyOf(accountSid)
        .map(k -> new KeySecret(k.getSid(), accountSid, box.open(k.getSealedSecret())))
        .orElseGet(
            () -> {
              Created created = create(accountSid, MANAGED_KEY_NAME, true);
              return new KeySecret(created.key().getSid(), accountSid, created.secret());
            });
  }

  private Created create(String accountSid, String friendlyName, boolean managed) {
    Instant now = clock.instant();
    // 32 random bytes as 64 hex characters: an HS256 key of 256 bits or more.
    String secret = Sid.randomHex(32);
    ApiKey key = new ApiKey(accountSid, friendlyName, box.seal(secret), managed, now);
    em.persist(key);
    return new Created(key, secret);
  }

  private static String checkName(String friendlyName) {
    if (friendlyName != null && friendlyName.length() > 64) {
      throw new InvalidParameterException(
          "FriendlyName", "FriendlyName must be at most 64 characters long");
    }
    return friendlyName;
  }
}
