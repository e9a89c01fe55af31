package org.switchboard.infrastructure.callback;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.switchboard.infrastructure.jpa.JpaAccountRepository;

/**
 * The outbox's transactions: claim due callbacks (SKIP LOCKED, so several servers can deliver at
 * once without sending one twice) and record how each attempt went. Event callbacks are retried
 * with exponential backoff (1 s, 2 s, 4 s, … at most {@link #MAX_BACKOFF} apart, up to {@link
 * #MAX_ATTEMPTS}: a receiver down for an hour still gets every callback); an assignment callback is
 * tried once against its URL and once against its fallback URL.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class CallbackStore {

  /**
   * Event callbacks are given up after this many attempts: 1 s, 2 s, … 256 s apart, then every 5
   * min, about 78 minutes in all.
   */
  public static final int MAX_ATTEMPTS = 24;

  /** The longest wait between two attempts of an event callback. */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /** How long an attempt keeps its row from other senders. */
  static final Duration LEASE = Duration.ofSeconds(30);

  @PersistenceContext private EntityManager em;
  @Inject private Clock clock;
  @Inject private JpaAccountRepository accounts;

  /** A claimed callback, with the key to sign it. */
  public record Claimed(
      long id,
      OutboundCallback.Kind kind,
      String url,
      String fallbackUrl,
      String body,
      String workspaceSid,
      String reservationSid,
      String authToken,
      int attempt) {

    /** A leased callback, as its sender needs it. */
    static Claimed of(OutboundCallback callback, String authToken) {
      return new Claimed(
          callback.getId(),
          callback.getKind(),
          callback.getUrl(),
          callback.getFallbackUrl(),
          callback.getBody(),
          callback.getWorkspaceSid(),
          callback.getReservationSid(),
          authToken,
          callback.getAttempts());
    }
  }

  public List<Claimed> claimDue(int max) {
    Instant now = clock.instant();
    @SuppressWarnings("unchecked")
    List<Number> ids =
        em.createNativeQuery(
                "select id from callback where status = 'PENDING' and next_attempt_at <= ?1"
                    + " order by next_attempt_at, id limit ?2 for update skip locked")
            .setParameter(1, now)
            .setParameter(2, max)
            .getResultList();
    List<Claimed> claimed = new ArrayList<>();
    for (Number id : ids) {
      OutboundCallback callback = em.find(OutboundCallback.class, id.longValue());
      callback.lease(now, LEASE);
      claimed.add(Claimed.of(callback, accounts.authToken(callback.getAccountSid()).orElse("")));
    }
    return claimed;
  }

  public void delivered(List<Long> ids) {
    Instant now = clock.instant();
    for (int from = 0; from < ids.size(); from += 500) {
      em.createQuery(
              "update OutboundCallback c set c.status = :delivered, c.lastError = null,"
                  + " c.dateUpdated = :now where c.id in :ids")
          .setParameter("delivered", OutboundCallback.Status.DELIVERED)
          .setParameter("now", now)
          .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
          .executeUpdate();
    }
  }

  public void failed(long id, String error) {
    OutboundCallback callback = em.find(OutboundCallback.class, id);
    if (callback == null) {
      return;
    }
    Duration retry =
        callback.getKind() == OutboundCallback.Kind.ASSIGNMENT
            ? null
            : eventRetryAfter(callback.getAttempts());
    callback.failed(error, retry, clock.instant());
  }

  /**
   * How long after its {@code attempts}-th failed attempt an event callback is tried again
   * (doubling from 1 s, at most {@link #MAX_BACKOFF}), or null once it is given up.
   */
  static Duration eventRetryAfter(int attempts) {
    if (attempts >= MAX_ATTEMPTS) {
      return null;
    }
    Duration doubled = Duration.ofSeconds(1L << Math.min(Math.max(attempts - 1, 0), 20));
    return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
  }

  /** How many callbacks of a workspace are in each state, for tests and statistics. */
  public long count(String workspaceSid, OutboundCallback.Status status) {
    return em.createQuery(
            "select count(c) from OutboundCallback c where c.workspaceSid = :ws and c.status = :s",
            Long.class)
        .setParameter("ws", workspaceSid)
        .setParameter("s", status)
        .getSingleResult();
  }
}
