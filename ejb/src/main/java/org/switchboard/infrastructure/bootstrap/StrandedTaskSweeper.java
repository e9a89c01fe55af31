package org.switchboard.infrastructure.bootstrap;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.application.RoutingTriggers;
import org.switchboard.infrastructure.config.OneRunAtATime;
import org.switchboard.routing.sweep.StrandedTasks;

/**
 * Every two seconds, routes what a lost routing pass left behind: pending tasks never placed in a
 * queue (a task's pass each), and available workers with a free, switched-on channel who are
 * members of a queue in which a task of that channel waits (a worker's pass each), all unchanged
 * for a few seconds. Such a task is what a server killed between a task's commit and its pass
 * leaves behind (routing passes are queued in memory), and what a pass that failed leaves (a
 * database outage). {@link StrandedTasks} decides which of them to route now; each is routed by a
 * pass of its own on the routing executor (a transaction of its own, with the task row locked), so
 * several servers may sweep at once.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StrandedTaskSweeper {

  private static final Logger LOG = Logger.getLogger(StrandedTaskSweeper.class.getName());

  /** How many candidates of each kind one sweep reads at most. */
  static final int BATCH = 200;

  /**
   * The worker {@code w} has not turned the task {@code t} down (rejected it, or let it time out).
   */
  private static final String NOT_TURNED_DOWN =
      " and not exists (select 1 from reservation r where r.task_sid = t.sid"
          + " and r.worker_sid = w.sid and r.reservation_status in ('REJECTED', 'TIMEOUT'))";

  @PersistenceContext private EntityManager em;
  @Inject private RoutingTriggers triggers;
  @Inject private Clock clock;

  private final OneRunAtATime runs = new OneRunAtATime();
  private StrandedTasks decisions;

  /** Where the last sweep stopped among the free workers (when their channel changed, sid). */
  private Instant cursorDate;

  private String cursorSid;

  @PostConstruct
  void init() {
    decisions = new StrandedTasks(clock);
  }

  @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
  void sweep() {
    runs.run(
        this::routeStranded,
        e ->
            LOG.log(
                Level.WARNING,
                "Stranded task sweep failed; the next one retries: {0}",
                e.toString()));
  }

  private void routeStranded() {
    Instant before = decisions.changedBefore();
    List<String> route = decisions.toRoute(unplaced(before), triggers::isTaskPassQueued);
    if (!route.isEmpty()) {
      // on the routing executor, in parallel: routing them one by one here took longer than the
      // sweep interval when many were stranded at once (a server killed mid-burst)
      triggers.routeTasks(route);
      LOG.log(Level.INFO, "Routing {0} stranded task(s) whose routing pass was lost", route.size());
    }
    List<String> free =
        decisions.toRoute(
            freeMembersOfAQueueWithWaitingTasks(before), triggers::isWorkerPassQueued);
    if (!free.isEmpty()) {
      triggers.routeWorkers(free);
      LOG.log(
          Level.INFO,
          "Routing {0} free worker(s) with tasks waiting whose routing pass was lost",
          free.size());
    }
  }

  /** Pending tasks never placed in a queue, oldest first. */
  private List<StrandedTasks.Candidate> unplaced(Instant before) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select t.sid, t.date_updated from task t where t.assignment_status = 'PENDING'"
                    + " and t.task_queue_sid is null and t.date_updated < ?1"
                    + " order by t.date_created, t.sid")
            .setParameter(1, Timestamp.from(before))
            .setMaxResults(BATCH)
            .getResultList();
    return candidates(rows);
  }

  /**
   * Available workers with a free channel (both unchanged for the grace period) who are members of
   * a queue in which a task of that channel has waited unchanged for the grace period, and who have
   * not turned it down: their own pass after they became free, or after the task entered the queue,
   * was lost. Also the known worker of a waiting task that ignores capacity (TaskRouter's {@code
   * IgnoreCapacity}), free or not. The sweep runs a <em>worker's</em> pass for them, which offers
   * the waiting tasks in order of priority and age as any worker-driven pass does (routing the
   * waiting tasks themselves, oldest first, would hand a free worker an old low-priority task ahead
   * of a newer urgent one). Read in pages across sweeps (by when the worker's channel last
   * changed), so that workers the sweep keeps backing off from (their target expressions turn them
   * down) never hide the others.
   *
   * <p>The queues come first ({@link #queuesWithWaitingTasks}), and the members only of those:
   * joining every waiting task with every membership in one statement cost 110–180 ms with 100,000
   * tasks waiting in a queue of no member, every two seconds.
   */
  private List<StrandedTasks.Candidate> freeMembersOfAQueueWithWaitingTasks(Instant before) {
    List<String> queues = queuesWithWaitingTasks(before);
    String after = cursorDate == null ? "" : " and (f.changed, f.sid) > (:cursorDate, :cursorSid)";
    // each member probes the waiting tasks' index (task_waiting_idx) in its order, and stops
    // at the first that fits: written as an exists, PostgreSQL joins all of a queue's waiting tasks
    String freeMembers =
        queues.isEmpty()
            ? ""
            : "select w.sid as sid, wc.date_updated as changed from task_queue_member m"
                + " join worker w on w.sid = m.worker_sid"
                + " join worker_channel wc on wc.worker_sid = w.sid"
                + " where m.task_queue_sid in (:queues) and w.available and w.date_updated < :before"
                + " and wc.available and wc.date_updated < :before"
                + " and wc.assigned_tasks < wc.configured_capacity"
                + " and (select t.sid from task t where t.task_queue_sid = m.task_queue_sid"
                + " and t.assignment_status = 'PENDING' and t.task_channel_sid = wc.task_channel_sid"
                + " and t.date_updated < :before"
                + NOT_TURNED_DOWN
                + " order by t.priority desc, t.virtual_start_time limit 1) is not null"
                + " union all ";
    String knownWorkers =
        "select w.sid as sid, wc.date_updated as changed from task t"
            + " join worker w on w.sid = t.routing_target"
            + " join worker_channel wc on wc.worker_sid = w.sid"
            + " and wc.task_channel_sid = t.task_channel_sid"
            + " where t.ignore_capacity and t.assignment_status = 'PENDING'"
            + " and t.task_queue_sid is not null and t.date_updated < :before"
            + " and w.available and w.date_updated < :before"
            + " and wc.available and wc.date_updated < :before"
            + NOT_TURNED_DOWN;
    var query =
        em.createNativeQuery(
            "select f.sid, f.changed from (select c.sid as sid, max(c.changed) as changed from ("
                + freeMembers
                + knownWorkers
                + ") c group by c.sid) f where 1 = 1"
                + after
                + " order by f.changed, f.sid");
    query.setParameter("before", Timestamp.from(before));
    if (!queues.isEmpty()) {
      query.setParameter("queues", queues);
    }
    if (cursorDate != null) {
      query
          .setParameter("cursorDate", Timestamp.from(cursorDate))
          .setParameter("cursorSid", cursorSid);
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows = query.setMaxResults(BATCH).getResultList();
    if (rows.size() < BATCH) {
      cursorDate = null; // the next sweep starts from the first again
      cursorSid = null;
    } else {
      Object[] last = rows.get(rows.size() - 1);
      cursorDate = instant(last[1]);
      cursorSid = (String) last[0];
    }
    return candidates(rows);
  }

  /**
   * The queues in which a task has waited unchanged for the grace period: each queue's first
   * waiting task in the waiting tasks' index, one probe per queue.
   */
  private List<String> queuesWithWaitingTasks(Instant before) {
    @SuppressWarnings("unchecked")
    List<String> queues =
        em.createNativeQuery(
                "select q.sid from task_queue q where (select t.sid from task t"
                    + " where t.task_queue_sid = q.sid and t.assignment_status = 'PENDING'"
                    + " and t.date_updated < ?1 order by t.priority desc, t.virtual_start_time"
                    + " limit 1) is not null")
            .setParameter(1, Timestamp.from(before))
            .getResultList();
    return queues;
  }

  private static List<StrandedTasks.Candidate> candidates(List<Object[]> rows) {
    return rows.stream()
        .map(row -> new StrandedTasks.Candidate((String) row[0], instant(row[1])))
        .toList();
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof Instant i) {
      return i;
    }
    return value == null ? null : Instant.parse(value.toString());
  }
}
