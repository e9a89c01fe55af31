package org.switchboard.infrastructure.retention;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import org.switchboard.domain.event.EventRollup;
import org.switchboard.domain.shared.Queries;

/**
 * Deletes expired events a batch at a time, each batch its own short transaction. Events are only
 * ever inserted by routing, never updated or locked, so a purge holds no lock a routing transaction
 * waits for; batches keep each transaction (and its WAL) small.
 */
@Stateless
public class EventPurge {

  /** How many events one transaction deletes at most. */
  static final int BATCH = 1000;

  @PersistenceContext private EntityManager em;
  @Inject private EventRollup rollup;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<String> workspaces() {
    return em.createQuery("select w.sid from Workspace w order by w.sid", String.class)
        .getResultList();
  }

  /**
   * Deletes up to {@link #BATCH} of a workspace's events dated before {@code before}, oldest first,
   * through the index on (workspace, date).
   *
   * @return how many were deleted; fewer than {@link #BATCH} means none are left
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int purgeBatch(String workspaceSid, Instant before) {
    return em.createNativeQuery(
            "delete from event where seq in (select seq from event where workspace_sid = ?1"
                + " and event_date < ?2 order by event_date fetch first "
                + BATCH
                + " rows only)")
        // names the table, so Hibernate's second-level cache is left alone
        .setHint(Queries.NATIVE_SPACES, "event")
        .setParameter(1, workspaceSid)
        .setParameter(2, before)
        .executeUpdate();
  }

  /** Deletes the statistics roll-ups of a workspace's events dated before {@code before}. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void purgeRollups(String workspaceSid, Instant before) {
    rollup.purge(workspaceSid, before);
  }
}
