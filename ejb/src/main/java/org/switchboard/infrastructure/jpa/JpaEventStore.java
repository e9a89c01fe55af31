package org.switchboard.infrastructure.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.hibernate.action.spi.AfterTransactionCompletionProcess;
import org.hibernate.action.spi.BeforeTransactionCompletionProcess;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.id.IdentifierGenerator;
import org.hibernate.persister.entity.EntityPersister;
import org.switchboard.domain.event.RouterEvent;

/**
 * Writes events in the caller's transaction and announces each one to CDI observers. Observers that
 * talk to the outside (WebSockets, callbacks) must observe with {@code during =
 * TransactionPhase.AFTER_SUCCESS}, so they only ever see committed events; those run in the reverse
 * order of their registration, so one that needs the events in order collects them itself ({@link
 * org.switchboard.infrastructure.realtime.EventRelay}).
 *
 * <p>A transaction's events are written together, in one multi-row {@code insert} just before it
 * commits (after Hibernate's flush), not persisted as entities: an event never changes, so the
 * persistence context only made every flush check it, and Hibernate's batch of a transaction's
 * inserts into the table is split by pgjdbc's rewriting into blocks of powers of two (a task's
 * creation records five events: two inserts). Each event gets its {@code seq} from the entity's
 * sequence generator when it is recorded, as a persisted event did, so observers in the transaction
 * see it. Nothing reads the events of a transaction before it commits (the event log is read by
 * requests of their own); if the transaction rolls back, its events are dropped with it.
 */
@ApplicationScoped
public class JpaEventStore {

  /** The most rows one statement inserts (20 parameters each). */
  static final int MAX_ROWS = 100;

  private static final String INSERT =
      "insert into event (seq, sid, account_sid, workspace_sid, event_type, event_date,"
          + " resource_type, resource_sid, actor_type, actor_sid, description, source,"
          + " source_ip_address, event_data, task_sid, worker_sid, reservation_sid,"
          + " task_queue_sid, workflow_sid, task_channel) values ";

  private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  @PersistenceContext private EntityManager em;
  @Inject private Event<RouterEvent> recorded;

  /** The events each open session (one per transaction) has recorded and not written yet. */
  private final Map<SessionImplementor, List<RouterEvent>> pending =
      Collections.synchronizedMap(new WeakHashMap<>());

  public RouterEvent record(RouterEvent event) {
    SessionImplementor session = em.unwrap(SessionImplementor.class);
    EntityPersister persister =
        session.getFactory().getMappingMetamodel().getEntityDescriptor(RouterEvent.class);
    Object seq = ((IdentifierGenerator) persister.getGenerator()).generate(session, event);
    persister.setIdentifier(event, seq, session);
    pending.computeIfAbsent(session, this::writtenAtCommit).add(event);
    recorded.fire(event);
    return event;
  }

  /** A new list of the session's events, which its transaction writes before it commits. */
  private List<RouterEvent> writtenAtCommit(SessionImplementor session) {
    session
        .getActionQueue()
        .registerProcess(
            (BeforeTransactionCompletionProcess)
                s -> {
                  List<RouterEvent> events = pending.remove(session);
                  if (events != null && !events.isEmpty()) {
                    session.doWork(connection -> insert(connection, events));
                  }
                });
    session
        .getActionQueue()
        .registerProcess(
            (AfterTransactionCompletionProcess) (success, s) -> pending.remove(session));
    return new ArrayList<>();
  }

  /** Inserts the events, {@value #MAX_ROWS} rows per statement. */
  static void insert(Connection connection, List<RouterEvent> events) throws SQLException {
    for (int from = 0; from < events.size(); from += MAX_ROWS) {
      List<RouterEvent> rows = events.subList(from, Math.min(events.size(), from + MAX_ROWS));
      StringBuilder sql = new StringBuilder(INSERT);
      for (int i = 0; i < rows.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(ROW);
      }
      try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
        int p = 1;
        for (RouterEvent e : rows) {
          insert.setLong(p++, e.getSeq());
          insert.setString(p++, e.getSid());
          insert.setString(p++, e.getAccountSid());
          insert.setString(p++, e.getWorkspaceSid());
          insert.setString(p++, e.getEventType());
          insert.setObject(p++, e.getDateCreated().atOffset(ZoneOffset.UTC));
          insert.setString(p++, e.getResourceType());
          insert.setString(p++, e.getResourceSid());
          insert.setString(p++, e.getActorType());
          insert.setString(p++, e.getActorSid());
          insert.setString(p++, e.getDescription());
          insert.setString(p++, e.getSource());
          insert.setString(p++, e.getSourceIpAddress());
          insert.setString(p++, e.getEventData());
          insert.setString(p++, e.getTaskSid());
          insert.setString(p++, e.getWorkerSid());
          insert.setString(p++, e.getReservationSid());
          insert.setString(p++, e.getTaskQueueSid());
          insert.setString(p++, e.getWorkflowSid());
          insert.setString(p++, e.getTaskChannel());
        }
        insert.executeUpdate();
      }
    }
  }
}
