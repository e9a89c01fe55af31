package org.switchboard.infrastructure.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import org.switchboard.domain.account.Account;

/** Accounts in the database. */
@ApplicationScoped
public class JpaAccountRepository {

  @PersistenceContext private EntityManager em;

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
