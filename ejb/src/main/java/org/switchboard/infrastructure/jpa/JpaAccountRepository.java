package org.switchboard.infrastructure.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.switchboard.domain.account.Account;

/** Accounts in the database. */
@ApplicationScoped
public class JpaAccountRepository {

  @PersistenceContext private EntityManager em;

  /** How long an account's token, once read, is trusted without reading it again. */
  static final long TOKEN_CACHE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final Map<String, KnownToken> tokens = new ConcurrentHashMap<>();

  private record KnownToken(String token, long readAtNanos) {}

  /**
   * The account's AuthToken, read from the database at most once per {@link #TOKEN_CACHE_NANOS}
   * (every API request and every signed callback needs it); empty if there is no such account. A
   * token rotated by another server's restart is seen here within that time.
   */
  public Optional<String> authToken(String accountSid) {
    long now = System.nanoTime();
    KnownToken known = tokens.get(accountSid);
    if (known == null || now - known.readAtNanos() > TOKEN_CACHE_NANOS) {
      Account account = em.find(Account.class, accountSid);
      if (account == null) {
        tokens.remove(accountSid);
        return Optional.empty();
      }
      known = new KnownToken(account.getAuthToken(), now);
      tokens.put(accountSid, known);
    }
    return Optional.of(known.token());
  }

  public Optional<Account> find(String sid) {
    return Optional.ofNullable(em.find(Account.class, sid));
  }

  public long count() {
    return em.createNamedQuery("Account.count", Long.class).getSingleResult();
  }

  public void add(Account account) {
    em.persist(account);
  }
}
