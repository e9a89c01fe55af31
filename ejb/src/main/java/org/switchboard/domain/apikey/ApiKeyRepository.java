package org.switchboard.domain.apikey;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** API keys in the database, in the caller's transaction. */
@ApplicationScoped
public class ApiKeyRepository {

  @PersistenceContext private EntityManager em;

  /** The account's oldest managed key (the one Switchboard signs agent tokens with), if any. */
  public Optional<ApiKey> managedKeyOf(String accountSid) {
    return em.createQuery(
            "select k from ApiKey k where k.accountSid = :a and k.managed = true"
                + " order by k.dateCreated, k.sid",
            ApiKey.class)
        .setParameter("a", accountSid)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }
}
