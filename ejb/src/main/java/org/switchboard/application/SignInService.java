package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.switchboard.domain.apikey.SignInCode;
import org.switchboard.domain.shared.AuthenticationException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.worker.Worker;

/**
 * One-time sign-in codes for the agent page: an administrator issues a code for one worker; the
 * agent's browser redeems it once, before it expires, for that worker's Access Token. The code is
 * 256 random bits; only its SHA-256 hash is stored.
 */
@Stateless
public class SignInService {

  /** The default lifetime of a code, in seconds. */
  public static final int DEFAULT_TTL = 900;

  /** The longest lifetime of a code, in seconds (one day). */
  public static final int MAX_TTL = 86_400;

  private static final SecureRandom RANDOM = new SecureRandom();

  @PersistenceContext private EntityManager em;
  @Inject private WorkerService workers;
  @Inject private Clock clock;

  /** A code just issued: shown once, to be handed to the agent. */
  public record Issued(String code, String workspaceSid, String workerSid, Instant expiresAt) {}

  /** Whom a redeemed code signs in. */
  public record Grant(String accountSid, String workspaceSid, String workerSid) {}

  /**
   * @throws org.switchboard.domain.shared.NotFoundException if the account has no such workspace or
   *     the workspace no such worker
   * @throws InvalidParameterException if Ttl is not between 1 and one day
   */
  public Issued issue(String accountSid, String workspaceSid, String workerSid, Integer ttl) {
    int seconds = ttl == null ? DEFAULT_TTL : ttl;
    if (seconds < 1 || seconds > MAX_TTL) {
      throw new InvalidParameterException("Ttl", "Ttl must be between 1 and " + MAX_TTL);
    }
    Worker worker = workers.get(accountSid, workspaceSid, workerSid);
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    Instant expiresAt = now.plusSeconds(seconds);
    em.persist(
        new SignInCode(hash(code), accountSid, workspaceSid, worker.getSid(), expiresAt, now));
    return new Issued(code, workspaceSid, worker.getSid(), expiresAt);
  }

  /**
   * Redeems a code, once.
   *
   * @throws AuthenticationException if the code is unknown, used or expired, or its worker is gone
   */
  public Grant redeem(String code) {
    if (code == null || code.isBlank() || code.length() > 128) {
      throw new AuthenticationException("The sign-in code is unknown, used or expired");
    }
    SignInCode found = em.find(SignInCode.class, hash(code.trim()), LockModeType.PESSIMISTIC_WRITE);
    if (found == null) {
      throw new AuthenticationException("The sign-in code is unknown, used or expired");
    }
    found.redeem(clock.instant());
    if (em.find(Worker.class, found.getWorkerSid()) == null) {
      throw new AuthenticationException("The worker of this sign-in code no longer exists");
    }
    return new Grant(found.getAccountSid(), found.getWorkspaceSid(), found.getWorkerSid());
  }

  static String hash(String code) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
