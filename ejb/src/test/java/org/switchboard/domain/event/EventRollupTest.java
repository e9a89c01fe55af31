package org.switchboard.domain.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.testing.JpaHarness.inTransaction;
import static org.switchboard.testing.JpaHarness.inject;

import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.switchboard.domain.event.StatisticsRepository.EventWindow;
import org.switchboard.domain.event.StatisticsRepository.Figures;
import org.switchboard.domain.event.StatisticsRepository.Summary;
import org.switchboard.routing.RoutingFixture;
import org.switchboard.testing.JpaHarness;
import org.switchboard.testing.JpaHarness.SettableClock;

/**
 * Cumulative statistics read from the roll-ups give what counting the events gives, for any window
 * and any narrowing, on real PostgreSQL: the roll-ups are read where they reach (an event deleted
 * after its bucket was rolled up is still counted), an event that commits after its bucket's first
 * roll-up is counted after the second, and a first start catches up on the history an hour a step.
 */
class EventRollupTest {

  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final String[] TYPES = {
    "task.created",
    "task-queue.entered",
    "reservation.created",
    "reservation.accepted",
    "task.canceled",
    "worker.activity.update",
    "reservation.rejected"
  };
  private static final String[] QUEUES = {"WQ1", "WQ2", null};
  private static final String[] FLOWS = {"WW1", "WW2"};
  private static final String[] WORKERS = {"WK1", "WK2", "WK3", null};
  private static final String[] CHANNELS = {"default", "voice", null};
  private static final String[] ACTIVITIES = {"WA1", "WA2", "WA3"};

  @RegisterExtension static final JpaHarness db = JpaHarness.perTestClass();

  private final SettableClock clock = new SettableClock(T0);
  private RoutingFixture f;
  private EntityManager em;
  private String workspace;
  private StatisticsRepository statistics;
  private EventRollup rollup;
  private long seq;

  @BeforeEach
  void fixture() {
    f = new RoutingFixture(db, clock);
    em = f.em;
    workspace = f.workspace.getSid();
    statistics = inject(new StatisticsRepository(), "em", em);
    rollup = inject(new EventRollup(), "em", em);
    db.execute("delete from event");
    db.execute("delete from event_rollup");
    db.execute("update event_rollup_progress set rolled_until = null, final_until = null");
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void anyWindowReadsTheSameFromTheRollUpsAsFromTheEvents() {
    Random random = new Random(7);
    List<Object[]> events = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      Instant date =
          T0.plus(random.nextLong(Duration.ofMinutes(20).toNanos() / 1000), ChronoUnit.MICROS);
      if (i % 20 == 0) {
        date = EventRollup.floor(date); // on a bucket's first instant
      } else if (i % 20 == 1) {
        date = EventRollup.floor(date).minus(1, ChronoUnit.MICROS); // on a bucket's last
      }
      events.add(randomEvent(random, date));
    }
    insert(events);
    clock.advance(Duration.ofMinutes(30));
    rollUpAll();

    for (int i = 0; i < 300; i++) {
      Instant start = T0.plus(random.nextLong(-60_000_000L, 21 * 60_000_000L), ChronoUnit.MICROS);
      if (i % 4 == 0) {
        start = EventRollup.floor(start);
      }
      Instant end = start.plus(random.nextLong(0, 15 * 60_000_000L), ChronoUnit.MICROS);
      if (i % 5 == 0) {
        end = EventRollup.floor(end);
      }
      int scope = random.nextInt(4);
      EventWindow w =
          new EventWindow(
              workspace,
              start,
              end,
              scope == 1 ? pick(random, QUEUES) : null,
              scope == 2 ? pick(random, FLOWS) : null,
              scope == 3 ? pick(random, WORKERS) : null,
              pick(random, CHANNELS),
              workers(random));
      Figures rolledUp = figures(w);
      Figures counted = counted(w);
      assertThat(rolledUp).as("window %s", w).isEqualTo(counted);
      Map<String, Summary> stays =
          read(r -> r.activityStays(workspace, w.start(), w.end(), w.workers(), r.rolledUntil()));
      assertThat(stays)
          .as("stays of %s", w)
          .isEqualTo(read(r -> r.staysFromEvents(workspace, w.start(), w.end(), w.workers())));
    }
    // and the windows were not all empty (one event is dated a microsecond before T0)
    EventWindow all =
        new EventWindow(
            workspace,
            T0.minusSeconds(1),
            T0.plus(Duration.ofMinutes(20)),
            null,
            null,
            null,
            null,
            null);
    assertThat(figures(all).counts().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(3000);
    assertThat(figures(all).accepted().count()).isPositive();
  }

  @Test
  void theFiguresAreTheAgesAndStaysTheEventsCarry() {
    insert(
        List.<Object[]>of(
            event(
                "reservation.accepted",
                T0.plusSeconds(1),
                "WQ1",
                "WK1",
                "{\"task_age\":30,\"task_age_in_queue\":20}"),
            event("reservation.accepted", T0.plusSeconds(2), "WQ1", "WK2", "{\"task_age\":50}"),
            event("task.canceled", T0.plusSeconds(3), "WQ1", null, "{\"task_age\":7}"),
            event(
                "worker.activity.update",
                T0.plusSeconds(4),
                null,
                "WK1",
                "{\"worker_previous_activity_sid\":\"WA1\","
                    + "\"worker_time_in_previous_activity\":90}"),
            event("worker.activity.update", T0.plusSeconds(5), null, "WK2", "{}")));
    EventWindow window =
        new EventWindow(
            workspace, T0, T0.plus(Duration.ofMinutes(1)), null, null, null, null, null);
    Figures expected =
        new Figures(
            Map.of("reservation.accepted", 2L, "task.canceled", 1L, "worker.activity.update", 2L),
            new Summary(2, 80, 30, 50),
            new Summary(1, 20, 20, 20),
            new Summary(1, 7, 7, 7));
    Map<String, Summary> stays = Map.of("WA1", new Summary(1, 90, 90, 90));

    assertThat(counted(window)).isEqualTo(expected);
    Map<String, Summary> countedStays =
        read(r -> r.staysFromEvents(workspace, T0, window.end(), null));
    assertThat(countedStays).isEqualTo(stays);
    clock.advance(Duration.ofMinutes(10));
    rollUpAll();
    assertThat(figures(window)).isEqualTo(expected);
    Map<String, Summary> rolledUpStays =
        read(r -> r.activityStays(workspace, T0, window.end(), null, r.rolledUntil()));
    assertThat(rolledUpStays).isEqualTo(stays);
  }

  @Test
  void theRolledUpBucketsAreReadFromTheRollUps() {
    Random random = new Random(11);
    List<Object[]> events = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      events.add(randomEvent(random, T0.plus(i * 100, ChronoUnit.MILLIS)));
    }
    insert(events);
    clock.advance(Duration.ofMinutes(10));
    rollUpAll();
    EventWindow window =
        new EventWindow(
            workspace, T0, T0.plus(Duration.ofMinutes(1)), null, null, null, null, null);
    Figures before = figures(window);

    // the events of the window's middle 20 s are gone from the log, but not from its roll-ups
    db.execute(
        "delete from event where event_date >= ? and event_date < ?",
        T0.plusSeconds(20).atOffset(ZoneOffset.UTC),
        T0.plusSeconds(40).atOffset(ZoneOffset.UTC));

    assertThat(figures(window)).isEqualTo(before);
    assertThat(total(counted(window))).isEqualTo(total(before) - 200);
  }

  @Test
  void anEventCommittedAfterItsBucketsFirstRollUpIsCountedAfterTheSecond() {
    insert(List.<Object[]>of(event("task.created", T0.plusSeconds(5), null, null, null)));
    clock.advance(Duration.ofMinutes(2));
    rollUpAll();
    // a transaction that took long commits an event dated in a bucket rolled up already
    insert(List.<Object[]>of(event("task.created", T0.plusSeconds(6), null, null, null)));
    EventWindow window =
        new EventWindow(
            workspace, T0, T0.plus(Duration.ofMinutes(1)), null, null, null, null, null);
    assertThat(figures(window).counts()).containsEntry("task.created", 1L);

    clock.advance(EventRollup.FINAL_LAG);
    rollUpAll();

    assertThat(figures(window).counts()).containsEntry("task.created", 2L);
  }

  @Test
  void aFirstStartCatchesUpOnTheHistoryAnHourAStep() {
    insert(
        List.<Object[]>of(
            event("task.created", T0, null, null, null),
            event("task.created", T0.plus(Duration.ofHours(3)), null, null, null)));
    clock.advance(Duration.ofHours(3).plusMinutes(10));
    int steps = 0;
    while (roll()) {
      steps++;
    }
    assertThat(steps).isEqualTo(3);
    EventWindow window =
        new EventWindow(workspace, T0, clock.instant(), null, null, null, null, null);
    assertThat(figures(window).counts()).containsEntry("task.created", 2L);
    assertThat(rollUps()).isEqualTo(2);
  }

  @Test
  void purgingAWorkspacesOldEventsPurgesTheirRollUps() {
    insert(
        List.<Object[]>of(
            event("task.created", T0, null, null, null),
            event("task.created", T0.plusSeconds(30), null, null, null)));
    clock.advance(Duration.ofMinutes(10));
    rollUpAll();
    assertThat(rollUps()).isEqualTo(2);

    inTransaction(em, m -> rollup.purge(workspace, T0.plusSeconds(15)));

    assertThat(rollUps()).isEqualTo(1);
  }

  private long rollUps() {
    return read(
        r ->
            ((Number)
                    em.createNativeQuery(
                            "select count(*) from event_rollup where worker_sid is null")
                        .getSingleResult())
                .longValue());
  }

  private static long total(Figures figures) {
    return figures.counts().values().stream().mapToLong(Long::longValue).sum();
  }

  private void rollUpAll() {
    while (roll()) {
      // catching up
    }
  }

  private boolean roll() {
    boolean[] more = {false};
    inTransaction(em, m -> more[0] = rollup.roll(clock.instant()));
    return more[0];
  }

  private Figures figures(EventWindow w) {
    return read(r -> r.figures(w, r.rolledUntil()));
  }

  private Figures counted(EventWindow w) {
    return read(r -> r.fromEvents(w));
  }

  private <T> T read(Function<StatisticsRepository, T> query) {
    List<T> result = new ArrayList<>();
    inTransaction(em, m -> result.add(query.apply(statistics)));
    return result.get(0);
  }

  private Object[] randomEvent(Random random, Instant date) {
    String type = pick(random, TYPES);
    String data =
        switch (type) {
          case "reservation.accepted" ->
              "{\"task_age\":"
                  + random.nextInt(600)
                  + (random.nextInt(5) == 0 ? "" : ",\"task_age_in_queue\":" + random.nextInt(600))
                  + "}";
          case "task.canceled" -> "{\"task_age\":" + random.nextInt(900) + "}";
          case "worker.activity.update" ->
              random.nextInt(5) == 0
                  ? "{}"
                  : "{\"worker_previous_activity_sid\":\""
                      + pick(random, ACTIVITIES)
                      + "\",\"worker_time_in_previous_activity\":"
                      + random.nextInt(3600)
                      + "}";
          default -> "{\"task_age\":" + random.nextInt(100) + "}";
        };
    Object[] event = event(type, date, pick(random, QUEUES), pick(random, WORKERS), data);
    event[6] = pick(random, FLOWS);
    event[7] = pick(random, CHANNELS);
    return event;
  }

  private static Object[] event(
      String type, Instant date, String queue, String worker, String data) {
    return new Object[] {type, date, queue, worker, data == null ? "{}" : data, null, "WW1", null};
  }

  private void insert(List<Object[]> events) {
    inTransaction(
        em,
        m ->
            m.unwrap(Session.class)
                .doWork(
                    c -> {
                      try (PreparedStatement s =
                          c.prepareStatement(
                              "insert into event (seq, sid, account_sid, workspace_sid,"
                                  + " event_type, event_date, resource_type, resource_sid,"
                                  + " description, source, event_data, task_queue_sid,"
                                  + " worker_sid, workflow_sid, task_channel) values (?, ?, 'AC',"
                                  + " ?, ?, ?, 'task', 'WT', 'test', 'test', ?, ?, ?, ?, ?)")) {
                        for (Object[] e : events) {
                          seq++;
                          s.setLong(1, seq);
                          s.setString(2, "EV" + String.format("%032d", seq));
                          s.setString(3, workspace);
                          s.setString(4, (String) e[0]);
                          s.setObject(5, ((Instant) e[1]).atOffset(ZoneOffset.UTC));
                          s.setString(6, (String) e[4]);
                          s.setString(7, (String) e[2]);
                          s.setString(8, (String) e[3]);
                          s.setString(9, (String) e[6]);
                          s.setString(10, (String) e[7]);
                          s.addBatch();
                        }
                        s.executeBatch();
                      }
                    }));
  }

  private static Set<String> workers(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> Set.of("WK1");
      case 1 -> Set.of("WK1", "WK2");
      case 2 -> Set.of("-");
      default -> null;
    };
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }
}
