package org.switchboard.domain.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import org.hibernate.Session;

/**
 * The event log read for TaskRouter's cumulative statistics: counts and figures of the events of a
 * time window, narrowed to a queue, workflow or worker, a task channel and a set of workers. (The
 * real-time figures read the current tasks and workers through their own repositories.) The
 * window's whole buckets that {@link EventRollup} has rolled up are read from the roll-ups, the
 * rest (the partial buckets at its ends, and the last seconds) from the events. Runs in the
 * caller's transaction.
 */
@ApplicationScoped
public class StatisticsRepository {

  @PersistenceContext private EntityManager em;

  /**
   * Which events a figure reads: the workspace's, created in [start, end], of the queue, workflow
   * or worker whose sid is given (at most one), on the task channel of this unique name if given,
   * and of these workers if given.
   */
  public record EventWindow(
      String workspaceSid,
      Instant start,
      Instant end,
      String taskQueueSid,
      String workflowSid,
      String workerSid,
      String taskChannel,
      Set<String> workers) {

    /** The same events, of [start, end] instead. */
    EventWindow between(Instant from, Instant to) {
      return new EventWindow(
          workspaceSid, from, to, taskQueueSid, workflowSid, workerSid, taskChannel, workers);
    }
  }

  /** How many values there are, their sum, least and greatest (all 0 when there are none). */
  public record Summary(long count, long sum, long min, long max) {

    public static final Summary NONE = new Summary(0, 0, 0, 0);

    public static Summary of(Collection<Long> values) {
      Summary summary = NONE;
      for (long value : values) {
        summary = summary.plus(new Summary(1, value, value, value));
      }
      return summary;
    }

    public Summary plus(Summary other) {
      if (other.count == 0) {
        return this;
      }
      if (count == 0) {
        return other;
      }
      return new Summary(
          count + other.count, sum + other.sum, Math.min(min, other.min), Math.max(max, other.max));
    }
  }

  /**
   * A window's events: how many of each type (wire name), and the task ages (seconds) of the
   * accepted reservations, in their queue, and of the canceled tasks.
   */
  public record Figures(
      Map<String, Long> counts, Summary accepted, Summary acceptedInQueue, Summary canceled) {

    Figures plus(Figures other) {
      Map<String, Long> sum = new HashMap<>(counts);
      other.counts.forEach((type, count) -> sum.merge(type, count, Long::sum));
      return new Figures(
          sum,
          accepted.plus(other.accepted),
          acceptedInQueue.plus(other.acceptedInQueue),
          canceled.plus(other.canceled));
    }
  }

  /**
   * Where the roll-ups reach (see {@link EventRollup}): read once per request, so that every figure
   * of an answer splits its window at the same instant.
   *
   * @return the end of the last rolled-up bucket, or null if nothing is rolled up
   */
  public Instant rolledUntil() {
    return em.unwrap(Session.class).doReturningWork(EventRollup::rolledUntil);
  }

  /**
   * The window's figures: from the roll-ups where they reach ({@code rolledUntil}, from {@link
   * #rolledUntil()}), else from the events.
   */
  public Figures figures(EventWindow w, Instant rolledUntil) {
    return split(
        w.start(),
        w.end(),
        rolledUntil,
        (from, to) -> rolledUp(w, from, to),
        (from, to) -> fromEvents(w.between(from, to)),
        Figures::plus);
  }

  /**
   * The stays that the workspace's {@code worker.activity.update} events in [start, end] record (of
   * these workers only unless {@code workers} is null): their lengths in seconds by the activity
   * stayed in.
   */
  public Map<String, Summary> activityStays(
      String workspaceSid, Instant start, Instant end, Set<String> workers, Instant rolledUntil) {
    return split(
        start,
        end,
        rolledUntil,
        (from, to) -> rolledUpStays(workspaceSid, from, to, workers),
        (from, to) -> staysFromEvents(workspaceSid, from, to, workers),
        (a, b) -> {
          b.forEach((activity, stay) -> a.merge(activity, stay, Summary::plus));
          return a;
        });
  }

  /**
   * A window's figures in up to three parts added up: its whole buckets that are rolled up (up to
   * {@code rolledUntil}) from {@code rolledUp} (over [from, to)), the rest from {@code counted}
   * (over [from, to], the events before the first rolled bucket and those from the end of the
   * last).
   */
  private <T> T split(
      Instant start,
      Instant end,
      Instant rolledUntil,
      BiFunction<Instant, Instant, T> rolledUp,
      BiFunction<Instant, Instant, T> counted,
      BinaryOperator<T> plus) {
    Instant[] rolled = rolledSpan(start, end, rolledUntil);
    if (rolled == null) {
      return counted.apply(start, end);
    }
    T figures = rolledUp.apply(rolled[0], rolled[1]);
    if (start.isBefore(rolled[0])) {
      figures = plus.apply(figures, counted.apply(start, justBefore(rolled[0])));
    }
    return plus.apply(figures, counted.apply(rolled[1], end));
  }

  /** The window's figures counted from the events alone. */
  public Figures fromEvents(EventWindow w) {
    Map<String, Long> counts = new HashMap<>();
    for (Object[] row : countsByType(w)) {
      counts.put((String) row[0], (Long) row[1]);
    }
    List<Long> accepted = new ArrayList<>();
    List<Long> inQueue = new ArrayList<>();
    for (EventFigures figures : figuresOf(w, EventFigures.ACCEPTED)) {
      addIfPresent(accepted, figures.age());
      addIfPresent(inQueue, figures.queueAge());
    }
    return new Figures(
        counts,
        Summary.of(accepted),
        Summary.of(inQueue),
        Summary.of(taskAges(w, EventType.TASK_CANCELED)));
  }

  Map<String, Summary> staysFromEvents(
      String workspaceSid, Instant start, Instant end, Set<String> workers) {
    Map<String, List<Long>> stays = new HashMap<>();
    for (String data : activityUpdates(workspaceSid, start, end, workers)) {
      EventFigures figures = EventFigures.of(EventFigures.ACTIVITY, data);
      if (figures.activity() != null) {
        stays.computeIfAbsent(figures.activity(), k -> new ArrayList<>()).add(figures.age());
      }
    }
    Map<String, Summary> summaries = new HashMap<>();
    stays.forEach((activity, values) -> summaries.put(activity, Summary.of(values)));
    return summaries;
  }

  private List<EventFigures> figuresOf(EventWindow w, String type) {
    return dataOf(w, type).stream().map(data -> EventFigures.of(type, data)).toList();
  }

  private static void addIfPresent(List<Long> values, Long value) {
    if (value != null) {
      values.add(value);
    }
  }

  /**
   * The whole buckets of [start, end] that are rolled up, as [from, to), or null if there are none.
   */
  private static Instant[] rolledSpan(Instant start, Instant end, Instant until) {
    if (until == null) {
      return null;
    }
    Instant from = EventRollup.ceil(start);
    Instant to = EventRollup.floor(end);
    if (to.isAfter(until)) {
      to = until;
    }
    return from.isBefore(to) ? new Instant[] {from, to} : null;
  }

  /** The instant before {@code instant} at the database's precision (microseconds). */
  private static Instant justBefore(Instant instant) {
    return instant.minus(Duration.ofNanos(1000));
  }

  private Figures rolledUp(EventWindow w, Instant from, Instant to) {
    List<Object> parameters = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "select event_type, sum(events), sum(age_count), sum(age_sum), min(age_min),"
                + " max(age_max), sum(queue_age_count), sum(queue_age_sum), min(queue_age_min),"
                + " max(queue_age_max) from event_rollup where ");
    window(sql, parameters, w.workspaceSid(), from, to);
    if (w.taskQueueSid() != null) {
      sql.append(" and task_queue_sid = ?");
      parameters.add(w.taskQueueSid());
    } else if (w.workflowSid() != null) {
      sql.append(" and workflow_sid = ?");
      parameters.add(w.workflowSid());
    }
    if (w.taskChannel() != null) {
      sql.append(" and task_channel = ?");
      parameters.add(w.taskChannel());
    }
    workers(sql, parameters, w.workerSid(), w.workers());
    sql.append(" group by event_type");
    Map<String, Long> counts = new HashMap<>();
    Summary[] ages = {Summary.NONE, Summary.NONE, Summary.NONE};
    query(
        sql.toString(),
        parameters,
        r -> {
          String type = r.getString(1);
          counts.put(type, r.getLong(2));
          if (type.equals(EventFigures.ACCEPTED)) {
            ages[0] = summary(r, 3);
            ages[1] = summary(r, 7);
          } else if (type.equals(EventFigures.CANCELED)) {
            ages[2] = summary(r, 3);
          }
        });
    return new Figures(counts, ages[0], ages[1], ages[2]);
  }

  private Map<String, Summary> rolledUpStays(
      String workspaceSid, Instant from, Instant to, Set<String> workers) {
    List<Object> parameters = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "select activity_sid, sum(age_count), sum(age_sum), min(age_min), max(age_max)"
                + " from event_rollup where ");
    window(sql, parameters, workspaceSid, from, to);
    sql.append(" and event_type = ? and activity_sid is not null");
    parameters.add(EventType.WORKER_ACTIVITY_UPDATE.wireName());
    workers(sql, parameters, null, workers);
    sql.append(" group by activity_sid");
    Map<String, Summary> stays = new HashMap<>();
    query(sql.toString(), parameters, r -> stays.put(r.getString(1), summary(r, 2)));
    return stays;
  }

  private static void window(
      StringBuilder sql, List<Object> parameters, String workspaceSid, Instant from, Instant to) {
    sql.append("workspace_sid = ? and bucket >= ? and bucket < ?");
    parameters.add(workspaceSid);
    parameters.add(EventRollup.utc(from));
    parameters.add(EventRollup.utc(to));
  }

  /**
   * Which roll-up rows: a worker's, or a set of workers', else those of every worker (the rows with
   * no worker).
   */
  private static void workers(
      StringBuilder sql, List<Object> parameters, String workerSid, Set<String> workers) {
    if (workerSid == null && workers == null) {
      sql.append(" and worker_sid is null");
      return;
    }
    if (workerSid != null) {
      sql.append(" and worker_sid = ?");
      parameters.add(workerSid);
    }
    if (workers != null && workers.isEmpty()) {
      sql.append(" and 1 = 0");
    } else if (workers != null) {
      sql.append(" and worker_sid in (").append("?, ".repeat(workers.size() - 1)).append("?)");
      parameters.addAll(workers);
    }
  }

  /** The summary in four columns from {@code first}: count, sum, min, max. */
  private static Summary summary(ResultSet r, int first) throws SQLException {
    long count = r.getLong(first);
    return count == 0
        ? Summary.NONE
        : new Summary(count, r.getLong(first + 1), r.getLong(first + 2), r.getLong(first + 3));
  }

  private interface Row {
    void read(ResultSet r) throws SQLException;
  }

  private void query(String sql, List<Object> parameters, Row row) {
    em.unwrap(Session.class)
        .doWork(
            (Connection c) -> {
              try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                  s.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet r = s.executeQuery()) {
                  while (r.next()) {
                    row.read(r);
                  }
                }
              }
            });
  }

  /** Whether the workspace has a resource of this entity type and sid. */
  public boolean exists(Class<?> type, String workspaceSid, String sid) {
    return em.createQuery(
                "select count(x) from "
                    + type.getSimpleName()
                    + " x where x.sid = :sid"
                    + " and x.workspace.sid = :ws",
                Long.class)
            .setParameter("sid", sid)
            .setParameter("ws", workspaceSid)
            .getSingleResult()
        != 0;
  }

  /**
   * The {@code task_age} of each of the window's events of a type, counted from the events (for
   * SplitByWaitTime's thresholds, which the roll-ups cannot answer).
   */
  public List<Long> taskAges(EventWindow w, EventType type) {
    List<Long> ages = new ArrayList<>();
    for (EventFigures figures : figuresOf(w, type.wireName())) {
      addIfPresent(ages, figures.age());
    }
    return ages;
  }

  /** How many of the window's events there are of each type, as rows of type and count. */
  private List<Object[]> countsByType(EventWindow w) {
    return restrict(
            eventQuery(
                "select e.eventType, count(e) from RouterEvent e where %s"
                    + (w.workers() == null ? "" : " and e.workerSid in :workers")
                    + " group by e.eventType",
                Object[].class,
                w),
            w.workers())
        .getResultList();
  }

  /** The data of the window's events of one type (its wire name). */
  private List<String> dataOf(EventWindow w, String type) {
    return restrict(
            eventQuery(
                "select e.eventData from RouterEvent e where %s and e.eventType = :type"
                    + (w.workers() == null ? "" : " and e.workerSid in :workers"),
                String.class,
                w),
            w.workers())
        .setParameter("type", type)
        .getResultList();
  }

  /**
   * The data of the workspace's {@code worker.activity.update} events in [start, end], of these
   * workers only unless {@code workers} is null.
   */
  private List<String> activityUpdates(
      String workspaceSid, Instant start, Instant end, Set<String> workers) {
    TypedQuery<String> updates =
        em.createQuery(
                "select e.eventData from RouterEvent e where e.workspaceSid = :ws"
                    + " and e.eventType = 'worker.activity.update'"
                    + " and e.dateCreated >= :start and e.dateCreated <= :end"
                    + (workers == null ? "" : " and e.workerSid in :workers"),
                String.class)
            .setParameter("ws", workspaceSid)
            .setParameter("start", start)
            .setParameter("end", end);
    return restrict(updates, workers).getResultList();
  }

  private <T> TypedQuery<T> eventQuery(String jpql, Class<T> type, EventWindow w) {
    StringBuilder where =
        new StringBuilder(
            "e.workspaceSid = :ws and e.dateCreated >= :start and e.dateCreated <= :end");
    String scopeSid = null;
    if (w.taskQueueSid() != null) {
      where.append(" and e.taskQueueSid = :scope");
      scopeSid = w.taskQueueSid();
    } else if (w.workflowSid() != null) {
      where.append(" and e.workflowSid = :scope");
      scopeSid = w.workflowSid();
    } else if (w.workerSid() != null) {
      where.append(" and e.workerSid = :scope");
      scopeSid = w.workerSid();
    }
    if (w.taskChannel() != null) {
      where.append(" and e.taskChannel = :channel");
    }
    TypedQuery<T> query =
        em.createQuery(jpql.formatted(where), type)
            .setParameter("ws", w.workspaceSid())
            .setParameter("start", w.start())
            .setParameter("end", w.end());
    if (scopeSid != null) {
      query.setParameter("scope", scopeSid);
    }
    if (w.taskChannel() != null) {
      query.setParameter("channel", w.taskChannel());
    }
    return query;
  }

  private static <T> TypedQuery<T> restrict(TypedQuery<T> query, Set<String> workers) {
    return workers == null ? query : query.setParameter("workers", workers);
  }
}
