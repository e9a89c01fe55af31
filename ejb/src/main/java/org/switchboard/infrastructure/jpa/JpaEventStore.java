package org.switchboard.infrastructure.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.switchboard.domain.event.RouterEvent;

/**
 * Writes events in the caller's transaction and announces each one to CDI observers. Observers that
 * talk to the outside (WebSockets, callbacks) must observe with {@code during =
 * TransactionPhase.AFTER_SUCCESS}, so they only ever see committed events; those run in the reverse
 * order of their registration, so one that needs the events in order collects them itself ({@link
 * org.switchboard.infrastructure.realtime.EventRelay}).
 */
@ApplicationScoped
public class JpaEventStore {

  @PersistenceContext private EntityManager em;
  @Inject private Event<RouterEvent> recorded;

  public RouterEvent record(RouterEvent event) {
    em.persist(event);
    recorded.fire(event);
    return event;
  }
}
