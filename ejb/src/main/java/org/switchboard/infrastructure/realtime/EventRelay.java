package org.switchboard.infrastructure.realtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.domain.event.RouterEvent;

/**
 * Relays each recorded {@link RouterEvent} to the attached {@link RealtimeSink}: the sink describes
 * the event while its transaction is still open (so it can read the state the event describes), and
 * receives that description only after the transaction committed ({@code AFTER_SUCCESS}), in order.
 * A rolled-back change never reaches a live connection.
 *
 * <p>The observers live here, in the EJB module that fires the events, so they are found whatever
 * the module visibility rules of the container; the web module only attaches its sink.
 */
@ApplicationScoped
public class EventRelay {

  private static final Logger LOG = Logger.getLogger(EventRelay.class.getName());

  @PersistenceContext private EntityManager em;
  @Inject private Event<Described> committed;
  private volatile RealtimeSink sink;

  /** What a sink described, waiting for the commit. */
  public record Described(RealtimeSink sink, Object value) {}

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
    if (value != null) {
      committed.fire(new Described(current, value));
    }
  }

  public void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Described described) {
    try {
      described.sink().deliver(described.value());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Delivering an event to live connections failed", e);
    }
  }
}
