package org.switchboard.domain.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The event log read for TaskRouter's cumulative statistics: counts and figures of the events of a
 * time window, narrowed to a queue, workflow or worker, a task channel and a set of workers. (The
 * real-time figures read the current tasks and workers through their own repositories.) Runs in the
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
      Set<String> workers) {}

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

  /** How many of the window's events there are of each type, as rows of type and count. */
  public List<Object[]> countsByType(EventWindow w) {
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
  public List<String> dataOf(EventWindow w, String type) {
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
  public List<String> activityUpdates(
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
