package org.switchboard.application;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.task.Task;

/**
 * What happens to transfer tasks reaches their transfers ({@link TransferService}). Transfer tasks
 * are created with a {@code RoutingTarget}, so only events of such tasks are looked at: a
 * reservation accepted completes the transfer in the same transaction; a reservation rejected or
 * timed out, or the task canceled, is handled after the commit in a transaction of its own (it may
 * cancel or re-route the transfer task, which the recording transaction is in the middle of
 * changing).
 */
@ApplicationScoped
public class TransferObserver {

  private static final Logger LOG = Logger.getLogger(TransferObserver.class.getName());

  @PersistenceContext private EntityManager em;
  @EJB private TransferService transfers;
  @Inject private Event<TransferTaskEvent> later;
  @Resource private ManagedExecutorService executor;

  /** An event of a transfer task to handle after the commit. */
  public record TransferTaskEvent(EventType type, String taskSid, String reservationSid) {}

  void onRecorded(@Observes RouterEvent event) {
    EventType type = event.type();
    if (type != EventType.RESERVATION_ACCEPTED
        && type != EventType.RESERVATION_REJECTED
        && type != EventType.RESERVATION_TIMEOUT
        && type != EventType.TASK_CANCELED) {
      return;
    }
    Task task = event.getTaskSid() == null ? null : em.find(Task.class, event.getTaskSid());
    if (task == null || task.getRoutingTarget() == null) {
      return;
    }
    if (type == EventType.RESERVATION_ACCEPTED) {
      transfers.accepted(em.find(Reservation.class, event.getReservationSid()));
    } else {
      later.fire(new TransferTaskEvent(type, event.getTaskSid(), event.getReservationSid()));
    }
  }

  void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) TransferTaskEvent event) {
    try {
      executor.execute(
          () -> {
            try {
              if (event.type() == EventType.TASK_CANCELED) {
                transfers.transferTaskCanceled(event.taskSid());
              } else {
                transfers.attemptEnded(
                    event.reservationSid(),
                    event.type().wireName().substring("reservation.".length()));
              }
            } catch (RuntimeException e) {
              LOG.log(
                  Level.WARNING, "Updating the transfer of task " + event.taskSid() + " failed", e);
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.log(
          Level.FINE, "Server stopping; transfer of task " + event.taskSid() + " not updated", e);
    }
  }
}
