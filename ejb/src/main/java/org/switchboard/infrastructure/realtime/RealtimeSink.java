package org.switchboard.infrastructure.realtime;

import jakarta.persistence.EntityManager;
import org.switchboard.domain.event.RouterEvent;

/**
 * Where committed events go live. Implemented by the web module's event bridge and attached to the
 * {@link EventRelay} at start.
 */
public interface RealtimeSink {

  /**
   * Called inside the transaction that records the event, on the recording thread: returns what to
   * deliver after commit (built from the transaction's state), or null when no live connection
   * wants the event. Must not talk to the outside, and reads state only through {@code em} (the
   * transaction's persistence context), never through EJBs whose errors would roll the transaction
   * back.
   */
  Object describe(RouterEvent event, EntityManager em);

  /** Called after the transaction committed, in the order the events were recorded. */
  void deliver(Object described);
}
