package org.switchboard.domain.call;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.task.TaskStatus;

/** The call legs of tasks that came from phone calls, in the caller's transaction. */
@ApplicationScoped
public class CallRepository {

  @PersistenceContext private EntityManager em;

  /** The caller's leg of the task, or null if the task did not come from a call. */
  public CallLeg callerLegOf(String taskSid) {
    return em.createQuery(
            "select l from CallLeg l where l.taskSid = :task and l.role = :role", CallLeg.class)
        .setParameter("task", taskSid)
        .setParameter("role", CallLeg.Role.CALLER)
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  /** The unique ids of the callers' legs, started before {@code before}, of live tasks. */
  public List<String> liveCallerLegs(Instant before) {
    return em.createQuery(
            "select l.uniqueId from CallLeg l, Task t where t.sid = l.taskSid"
                + " and l.role = :role and l.dateCreated < :before and t.assignmentStatus in :live",
            String.class)
        .setParameter("role", CallLeg.Role.CALLER)
        .setParameter("before", before)
        .setParameter("live", List.of(TaskStatus.PENDING, TaskStatus.RESERVED, TaskStatus.ASSIGNED))
        .getResultList();
  }

  /** The unique ids of the task's legs other than this one. */
  public List<String> otherLegs(String taskSid, String uniqueId) {
    return em.createQuery(
            "select l.uniqueId from CallLeg l where l.taskSid = :task and l.uniqueId <> :leg",
            String.class)
        .setParameter("task", taskSid)
        .setParameter("leg", uniqueId)
        .getResultList();
  }

  /** Whether a worker's leg of the task is being dialled or connected for a live reservation. */
  public boolean workerBeingDialled(String taskSid) {
    return !em.createQuery(
            "select l.uniqueId from CallLeg l, Reservation r where l.taskSid = :task"
                + " and l.role = :worker and l.dateEnded is null and r.sid = l.reservationSid"
                + " and r.status in :live",
            String.class)
        .setParameter("task", taskSid)
        .setParameter("worker", CallLeg.Role.WORKER)
        .setParameter("live", List.of(ReservationStatus.PENDING, ReservationStatus.ACCEPTED))
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }
}
