package org.switchboard.domain.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/**
 * Rolls the event log up into 10-second buckets ({@code event_rollup}, see migration V20) for
 * cumulative statistics, in the caller's transaction. Each bucket is rolled up twice: a few seconds
 * after it ends, and again once no transaction that could still commit an event dated in it can be
 * running (events are dated when they are built, inside their transaction, which WildFly times out
 * after 5 minutes). Between the two, an event of a transaction that ran longer than the first lag
 * is missing from the figures (a read of that window counts it from the event log only after the
 * second roll-up). The progress row is locked, so several servers may roll up at once: one waits
 * for the other and then finds nothing due.
 */
@ApplicationScoped
public class EventRollup {

  /** How long a bucket is. */
  public static final Duration BUCKET = Duration.ofSeconds(10);

  /** How long after a bucket's end it is first rolled up. */
  static final Duration FIRST_LAG = Duration.ofSeconds(5);

  /**
   * How long after a bucket's end it is rolled up again, for good: past the transaction timeout.
   */
  static final Duration FINAL_LAG = Duration.ofMinutes(6);

  /** How much one call rolls up at most of each pass (a first start after a long history). */
  static final Duration MAX_SPAN = Duration.ofHours(1);

  @PersistenceContext private EntityManager em;

  /**
   * Rolls up the buckets that are due at {@code now}, at most {@link #MAX_SPAN} of each pass.
   *
   * @return whether more are due (a first start catching up on the events already stored)
   */
  public boolean roll(Instant now) {
    return em.unwrap(Session.class).doReturningWork(c -> roll(c, now));
  }

  /** Deletes the roll-ups of a workspace's buckets that end at or before {@code before}. */
  public void purge(String workspaceSid, Instant before) {
    em.unwrap(Session.class)
        .doWork(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "delete from event_rollup where workspace_sid = ? and bucket < ?")) {
                s.setString(1, workspaceSid);
                s.setObject(2, utc(floor(before)));
                s.executeUpdate();
              }
            });
  }

  /**
   * Where the roll-ups reach: every bucket that starts before the instant returned is rolled up
   * (null: none is).
   */
  static Instant rolledUntil(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("select rolled_until from event_rollup_progress where id = 1");
        ResultSet r = s.executeQuery()) {
      return r.next() ? instant(r.getObject(1, OffsetDateTime.class)) : null;
    }
  }

  private boolean roll(Connection c, Instant now) throws SQLException {
    Instant rolled;
    Instant done;
    try (PreparedStatement s =
            c.prepareStatement(
                "select rolled_until, final_until from event_rollup_progress where id = 1"
                    + " for update");
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        throw new IllegalStateException("event_rollup_progress has no row");
      }
      rolled = instant(r.getObject(1, OffsetDateTime.class));
      done = instant(r.getObject(2, OffsetDateTime.class));
    }
    // a bucket is due once it ended the lag ago: every bucket before the one the lag ago is in
    Instant firstHorizon = floor(now.minus(FIRST_LAG));
    Instant finalHorizon = floor(now.minus(FINAL_LAG));
    List<String> workspaces = workspaces(c);
    if (rolled == null) {
      Instant earliest = earliestEvent(c, workspaces);
      rolled = earliest == null || earliest.isAfter(firstHorizon) ? firstHorizon : floor(earliest);
      done = rolled;
    }
    boolean more = false;
    if (rolled.isBefore(firstHorizon)) {
      Instant to = earliest(firstHorizon, rolled.plus(MAX_SPAN));
      rollUp(c, workspaces, rolled, to);
      if (!done.isBefore(rolled) && !to.isAfter(finalHorizon)) {
        done = to; // rolled up after the final lag already: that was the final roll-up
      }
      rolled = to;
      more = to.isBefore(firstHorizon);
    }
    Instant finalUpTo = earliest(finalHorizon, rolled);
    if (done.isBefore(finalUpTo)) {
      Instant to = earliest(finalUpTo, done.plus(MAX_SPAN));
      rollUp(c, workspaces, done, to);
      done = to;
      more |= to.isBefore(finalUpTo);
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "update event_rollup_progress set rolled_until = ?, final_until = ? where id = 1")) {
      s.setObject(1, utc(rolled));
      s.setObject(2, utc(done));
      s.executeUpdate();
    }
    return more;
  }

  /** Replaces the roll-ups of the buckets in [from, to) with what the event log holds now. */
  private void rollUp(Connection c, List<String> workspaces, Instant from, Instant to)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("delete from event_rollup where bucket >= ? and bucket < ?")) {
      s.setObject(1, utc(from));
      s.setObject(2, utc(to));
      s.executeUpdate();
    }
    Map<Key, Cell> cells = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "select event_date, event_type, task_queue_sid, workflow_sid, worker_sid,"
                + " task_channel, case when event_type in (?, ?, ?) then event_data end"
                + " from event where workspace_sid = ? and event_date >= ? and event_date < ?")) {
      s.setString(1, EventFigures.ACCEPTED);
      s.setString(2, EventFigures.CANCELED);
      s.setString(3, EventFigures.ACTIVITY);
      s.setObject(5, utc(from));
      s.setObject(6, utc(to));
      for (String workspace : workspaces) {
        s.setString(4, workspace);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            add(cells, workspace, r);
          }
        }
      }
    }
    insert(c, cells);
  }

  private static void add(Map<Key, Cell> cells, String workspace, ResultSet r) throws SQLException {
    Instant bucket = floor(instant(r.getObject(1, OffsetDateTime.class)));
    String type = r.getString(2);
    String worker = r.getString(5);
    EventFigures figures = EventFigures.of(type, r.getString(7));
    Key all =
        new Key(
            workspace,
            bucket,
            type,
            r.getString(3),
            r.getString(4),
            null,
            r.getString(6),
            figures.activity());
    cells.computeIfAbsent(all, k -> new Cell()).add(figures);
    if (worker != null) {
      cells.computeIfAbsent(all.of(worker), k -> new Cell()).add(figures);
    }
  }

  private static void insert(Connection c, Map<Key, Cell> cells) throws SQLException {
    if (cells.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into event_rollup (workspace_sid, bucket, event_type, task_queue_sid,"
                + " workflow_sid, worker_sid, task_channel, activity_sid, events, age_count,"
                + " age_sum, age_min, age_max, queue_age_count, queue_age_sum, queue_age_min,"
                + " queue_age_max) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int batched = 0;
      for (Map.Entry<Key, Cell> entry : cells.entrySet()) {
        Key k = entry.getKey();
        Cell v = entry.getValue();
        s.setString(1, k.workspace());
        s.setObject(2, utc(k.bucket()));
        s.setString(3, k.type());
        s.setString(4, k.queue());
        s.setString(5, k.workflow());
        s.setString(6, k.worker());
        s.setString(7, k.channel());
        s.setString(8, k.activity());
        s.setLong(9, v.events);
        v.age.bind(s, 10);
        v.queueAge.bind(s, 14);
        s.addBatch();
        if (++batched % 500 == 0) {
          s.executeBatch();
        }
      }
      s.executeBatch();
    }
  }

  private static List<String> workspaces(Connection c) throws SQLException {
    List<String> sids = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("select sid from workspace order by sid");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        sids.add(r.getString(1));
      }
    }
    return sids;
  }

  /** The date of the oldest event stored, read workspace by workspace through their index. */
  private static Instant earliestEvent(Connection c, List<String> workspaces) throws SQLException {
    Instant earliest = null;
    try (PreparedStatement s =
        c.prepareStatement("select min(event_date) from event where workspace_sid = ?")) {
      for (String workspace : workspaces) {
        s.setString(1, workspace);
        try (ResultSet r = s.executeQuery()) {
          Instant date = r.next() ? instant(r.getObject(1, OffsetDateTime.class)) : null;
          if (date != null && (earliest == null || date.isBefore(earliest))) {
            earliest = date;
          }
        }
      }
    }
    return earliest;
  }

  /** The start of the bucket {@code instant} is in. */
  static Instant floor(Instant instant) {
    long bucket = BUCKET.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), bucket) * bucket);
  }

  /** The start of the first bucket that starts at or after {@code instant}. */
  static Instant ceil(Instant instant) {
    Instant floor = floor(instant);
    return floor.equals(instant) ? floor : floor.plus(BUCKET);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime date) {
    return date == null ? null : date.toInstant();
  }

  /** What a roll-up row is of; a null worker: every worker's (and no worker's) events. */
  private record Key(
      String workspace,
      Instant bucket,
      String type,
      String queue,
      String workflow,
      String worker,
      String channel,
      String activity) {

    Key of(String workerSid) {
      return new Key(workspace, bucket, type, queue, workflow, workerSid, channel, activity);
    }
  }

  /** A roll-up row's figures. */
  private static final class Cell {
    long events;
    final Measure age = new Measure();
    final Measure queueAge = new Measure();

    void add(EventFigures figures) {
      events++;
      age.add(figures.age());
      queueAge.add(figures.queueAge());
    }
  }

  /** Count, sum, min and max of the values added (nulls are not values). */
  private static final class Measure {
    long count;
    long sum;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;

    void add(Long value) {
      if (value != null) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }

    void bind(PreparedStatement s, int first) throws SQLException {
      s.setLong(first, count);
      s.setLong(first + 1, sum);
      if (count == 0) {
        s.setNull(first + 2, Types.BIGINT);
        s.setNull(first + 3, Types.BIGINT);
      } else {
        s.setLong(first + 2, min);
        s.setLong(first + 3, max);
      }
    }
  }
}
