package org.switchboard.domain.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads the event log. (Events are written through {@code infrastructure.jpa.JpaEventStore}, which
 * also announces them.) Runs in the caller's transaction and persistence context.
 */
@ApplicationScoped
public class EventRepository {

  @PersistenceContext private EntityManager em;

  /** The workspace's event with this sid, if any. */
  public Optional<RouterEvent> find(String workspaceSid, String sid) {
    return em.createQuery(
            "select e from RouterEvent e where e.sid = :sid and e.workspaceSid = :ws",
            RouterEvent.class)
        .setParameter("sid", sid)
        .setParameter("ws", workspaceSid)
        .getResultStream()
        .findFirst();
  }

  /**
   * The task's latest {@code workflow.target-matched} event, if any (an empty or one-item list).
   */
  public List<RouterEvent> lastTargetMatchedOf(String taskSid) {
    return em.createQuery(
            "select e from RouterEvent e where e.taskSid = :task"
                + " and e.eventType = 'workflow.target-matched'"
                + " order by e.dateCreated desc, e.seq desc",
            RouterEvent.class)
        .setParameter("task", taskSid)
        .setMaxResults(1)
        .getResultList();
  }

  /** Up to {@code max} {@code task.created} events of the workspace in [start, end), in order. */
  public List<RouterEvent> tasksCreatedIn(
      String workspaceSid, Instant start, Instant end, int max) {
    return em.createQuery(
            "select e from RouterEvent e where e.workspaceSid = :ws"
                + " and e.eventType = 'task.created' and e.dateCreated >= :start"
                + " and e.dateCreated < :end order by e.dateCreated, e.seq",
            RouterEvent.class)
        .setParameter("ws", workspaceSid)
        .setParameter("start", start)
        .setParameter("end", end)
        .setMaxResults(max)
        .getResultList();
  }

  /**
   * The workspace's events in [from, to), in order, that change who could take a task: activity
   * changes, queue entries, acceptances and the end of tasks.
   */
  public List<RouterEvent> availabilityChangesIn(String workspaceSid, Instant from, Instant to) {
    return em.createQuery(
            "select e from RouterEvent e where e.workspaceSid = :ws"
                + " and e.dateCreated >= :from and e.dateCreated < :to and e.eventType in"
                + " ('worker.activity.update', 'task-queue.entered', 'reservation.accepted',"
                + " 'task.canceled', 'task.completed', 'task.deleted')"
                + " order by e.dateCreated, e.seq",
            RouterEvent.class)
        .setParameter("ws", workspaceSid)
        .setParameter("from", from)
        .setParameter("to", to)
        .getResultList();
  }
}
