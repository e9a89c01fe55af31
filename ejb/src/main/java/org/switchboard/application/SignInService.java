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
 * One-time sign-in codes for the agent and supervisor pages: an administrator issues a code for one
 * worker, or for a workspace's supervisor; the browser redeems it once, before it expires, for that
 * worker's (or the workspace's supervisor) Access Token, so the account's AuthToken never reaches a
 * browser. The code is 256 random bits; only its SHA-256 hash is stored.
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
  @Inject private Workspaces workspaces;
  @Inject private Clock clock;

  /** A code just issued: shown once, to be handed to the agent. */
  public record Issued(String code, String workspaceSid, String workerSid, Instant expiresAt) {}

  /** Whom a redeemed code signs in; {@code workerSid} is null for a supervisor. */
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
    return persist(accountSid, workspaceSid, worker.getSid(), seconds);
  }

  /**
   * A code for the supervisor of a workspace: it signs in a workspace token (role supervisor).
   *
   * @throws org.switchboard.domain.shared.NotFoundException if the account has no such workspace
   * @throws InvalidParameterException if Ttl is not between 1 and one day
   */
  public Issued issueForSupervisor(String accountSid, String workspaceSid, Integer ttl) {
    int seconds = ttl == null ? DEFAULT_TTL : ttl;
    if (seconds < 1 || seconds > MAX_TTL) {
      throw new InvalidParameterException("Ttl", "Ttl must be between 1 and " + MAX_TTL);
    }
    String workspace = workspaces.require(accountSid, workspaceSid).getSid();
    return persist(accountSid, workspace, null, seconds);
  }

  private Issued persist(String accountSid, String workspaceSid, String workerSid, int seconds) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    Instant expiresAt = now.plusSeconds(seconds);
    em.persist(new SignInCode(hash(code), accountSid, workspaceSid, workerSid, expiresAt, now));
    return new Issued(code, workspaceSid, workerSid, expiresAt);
  }

  /**
   * Redeems a code, once.
   *
   * @throws AuthenticationException if the code is unknown, used or expired, or its worker is gone
   */
  public Grant redeem(String code, boolean supervisor) {
    if (code == null || code.isBlank() || code.length() > 128) {
      throw new AuthenticationException("The sign-in code is unknown, used or expired");
    }
    SignInCode found = em.find(SignInCode.class, hash(code.trim()), LockModeType.PESSIMISTIC_WRITE);
    if (found == null) {
      throw new AuthenticationException("The sign-in code is unknown, used or expired");
    }
    if (supervisor != (found.getWorkerSid() == null)) {
      throw new AuthenticationException(
          supervisor
              ? "This sign-in code is a worker's; open it on the agent page"
              : "This sign-in code is a supervisor's; open it on the supervisor page");
    }
    found.redeem(clock.instant());
    if (!supervisor && em.find(Worker.class, found.getWorkerSid()) == null) {
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
