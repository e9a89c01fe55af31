package org.switchboard.infrastructure.realtime;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.domain.event.RouterEvent;

/**
 * Relays each recorded {@link RouterEvent} to the attached {@link RealtimeSink}: the sink describes
 * the event while its transaction is still open (so it can read the state the event describes), and
 * receives the descriptions of a transaction only after it committed, in the order the events were
 * recorded. A rolled-back change never reaches a live connection.
 *
 * <p>The order matters to the SDK: a cold transfer records {@code task.transfer-initiated} before
 * {@code reservation.wrapup}, and the SDK only follows the outgoing transfer it announced with
 * {@code transferInitiated} if the announcement comes first. So a transaction's descriptions are
 * delivered by one synchronization of its own, in a list: a {@code TransactionPhase.AFTER_SUCCESS}
 * observer per event would not do, as the transaction manager runs those synchronizations in the
 * reverse order of their registration.
 *
 * <p>The observers live here, in the EJB module that fires the events, so they are found whatever
 * the module visibility rules of the container; the web module only attaches its sink.
 */
@ApplicationScoped
public class EventRelay {

  private static final Logger LOG = Logger.getLogger(EventRelay.class.getName());

  /** The key of a transaction's descriptions in the transaction's resources. */
  private static final Object PENDING = EventRelay.class.getName() + ".pending";

  @PersistenceContext private EntityManager em;
  @Resource private TransactionSynchronizationRegistry transactions;
  private volatile RealtimeSink sink;

  /** What a sink described, waiting for the commit. */
  private record Described(RealtimeSink sink, Object value) {}

  public void attach(RealtimeSink newSink) {
    this.sink = newSink;
  }

  /** The attached sink, or null (for events other servers recorded: {@link ClusterListener}). */
  public RealtimeSink sink() {
    return sink;
  }

  public void detach(RealtimeSink old) {
    if (this.sink == old) {
      this.sink = null;
    }
  }

  public void onRecorded(@Observes RouterEvent event) {
    RealtimeSink current = sink;
    if (current == null) {
      return;
    }
    Object value;
    try {
      value = current.describe(event, em);
    } catch (RuntimeException e) {
      // Live connections are best effort; the change itself must not fail because of them.
      LOG.log(Level.WARNING, "Describing an event for live connections failed", e);
      return;
    }
    if (value == null) {
      return;
    }
    Described described = new Described(current, value);
    int status = transactions.getTransactionStatus();
    if (status == Status.STATUS_NO_TRANSACTION) {
      deliver(List.of(described)); // nothing to wait for
    } else if (status == Status.STATUS_ACTIVE) {
      pendingOfThisTransaction().add(described);
    } // else the transaction is rolling back: nothing to send
  }

  /** The descriptions waiting for the current transaction's commit, in recording order. */
  @SuppressWarnings("unchecked")
  private List<Described> pendingOfThisTransaction() {
    List<Described> pending = (List<Described>) transactions.getResource(PENDING);
    if (pending == null) {
      List<Described> created = new ArrayList<>();
      transactions.putResource(PENDING, created);
      transactions.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {
              // nothing is sent before the outcome is known
            }

            @Override
            public void afterCompletion(int status) {
              if (status == Status.STATUS_COMMITTED) {
                deliver(created);
              }
            }
          });
      pending = created;
    }
    return pending;
  }

  private static void deliver(List<Described> committed) {
    for (Described described : committed) {
      try {
        described.sink().deliver(described.value());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Delivering an event to live connections failed", e);
      }
    }
  }
}
