package org.switchboard.infrastructure.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.testing.JpaHarness.inTransaction;
import static org.switchboard.testing.JpaHarness.inject;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.routing.RoutingFixture;
import org.switchboard.testing.JpaHarness;
import org.switchboard.testing.JpaHarness.Recorded;
import org.switchboard.testing.JpaHarness.SettableClock;

/**
 * Events are written with the transaction that records them, all of its events at once just before
 * it commits: what is read back is what was recorded, a rolled-back transaction leaves none, and
 * however many a transaction records, every one is written.
 */
class JpaEventStoreTest {

  @RegisterExtension static final JpaHarness db = JpaHarness.perTestClass();

  private RoutingFixture f;
  private JpaEventStore store;
  private final Recorded<RouterEvent> recorded = new Recorded<>();
  private final Instant now = Instant.parse("2026-12-05T10:00:00.123456Z");

  @BeforeEach
  void fixture() {
    f = new RoutingFixture(db, new SettableClock(now));
    store = inject(inject(new JpaEventStore(), "em", f.em), "recorded", recorded);
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aCommittedTransactionsEventsAreReadBackAsRecordedWithTheSequenceTheyWereGiven() {
    List<RouterEvent> written = new ArrayList<>();
    inTransaction(
        f.em,
        m -> {
          written.add(store.record(event(EventType.TASK_CREATED, "{\"a\":1}").build()));
          written.add(
              store.record(
                  event(EventType.RESERVATION_CREATED, "{}")
                      .actor("worker", "WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
                      .worker("WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
                      .reservation("WRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
                      .build()));
        });

    // each was numbered when recorded, in order, and observers saw it then
    assertThat(written.get(0).getSeq()).isNotNull();
    assertThat(written.get(1).getSeq()).isGreaterThan(written.get(0).getSeq());
    assertThat(recorded.fired).containsExactlyElementsOf(written);
    EntityManager reader = db.entityManager();
    try {
      List<RouterEvent> read =
          reader
              .createQuery(
                  "select e from RouterEvent e where e.workspaceSid = :ws order by e.seq",
                  RouterEvent.class)
              .setParameter("ws", f.workspace.getSid())
              .getResultList();
      assertThat(read)
          .usingRecursiveFieldByFieldElementComparatorIgnoringFields("subject")
          .containsExactlyElementsOf(written);
      assertThat(read.get(0).getDateCreated()).isEqualTo(now);
      assertThat(read.get(0).getWorkerSid()).isNull();
    } finally {
      reader.close();
    }
  }

  @Test
  void aRolledBackTransactionLeavesNoEventsAndTheNextWritesOnlyItsOwn() {
    assertThatThrownBy(
            () ->
                inTransaction(
                    f.em,
                    m -> {
                      store.record(event(EventType.TASK_CREATED, "{}").build());
                      throw new IllegalStateException("the change failed");
                    }))
        .hasMessageContaining("the change failed");
    inTransaction(f.em, m -> store.record(event(EventType.TASK_CANCELED, "{}").build()));

    assertThat(types()).containsExactly("task.canceled");
  }

  @Test
  void moreEventsThanOneStatementHoldsAreAllWritten() {
    int count = JpaEventStore.MAX_ROWS * 2 + 7;
    inTransaction(
        f.em,
        m -> {
          for (int i = 0; i < count; i++) {
            store.record(event(EventType.TASK_UPDATED, "{\"i\":" + i + "}").build());
          }
        });

    assertThat(types()).hasSize(count);
  }

  private RouterEvent.Builder event(EventType type, String data) {
    return RouterEvent.builder(
            f.workspace.getAccountSid(), f.workspace.getSid(), type, "task", f.task.getSid(), now)
        .description("test")
        .data(data)
        .task(f.task.getSid());
  }

  /** The event types of the workspace in the database, in the order they were numbered. */
  private List<String> types() {
    EntityManager reader = db.entityManager();
    try {
      return reader
          .createQuery(
              "select e.eventType from RouterEvent e where e.workspaceSid = :ws order by e.seq",
              String.class)
          .setParameter("ws", f.workspace.getSid())
          .getResultList();
    } finally {
      reader.close();
    }
  }
}
