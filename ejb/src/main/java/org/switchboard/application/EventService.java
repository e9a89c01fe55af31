package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.event.EventRepository;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.infrastructure.jpa.ListQuery;

/**
 * Reading events. Without a date filter a list covers the last 15 minutes, as TaskRouter's does;
 * {@code Minutes}, {@code StartDate} and {@code EndDate} choose another window.
 */
@Stateless
public class EventService {

  @Inject private EventRepository eventLog;
  @PersistenceContext private EntityManager em;
  @Inject private Workspaces workspaces;
  @Inject private Clock clock;

  /** The list filters of {@code GET …/Events}. */
  public record Filter(
      String minutes,
      String startDate,
      String endDate,
      String eventType,
      String reservationSid,
      String resourceSid,
      String taskQueueSid,
      String taskSid,
      String workerSid,
      String workflowSid,
      String taskChannel,
      String sid) {}

  public Page<RouterEvent> list(
      String accountSid, String workspaceSid, Filter f, PageRequest page) {
    workspaces.require(accountSid, workspaceSid);
    StatisticsWindow window =
        StatisticsWindow.parse(
            f.minutes(), f.startDate(), f.endDate(), null, null, clock.instant());
    Instant end = f.endDate() == null ? window.end().plusSeconds(60) : window.end();
    return ListQuery.of(RouterEvent.class, "e")
        .where("e.workspaceSid = :ws", "ws", workspaceSid)
        .where("e.dateCreated >= :start", "start", window.start())
        .where("e.dateCreated <= :end", "end", end)
        .whereIfPresent("e.eventType = :type", "type", f.eventType())
        .whereIfPresent("e.reservationSid = :reservation", "reservation", f.reservationSid())
        .whereIfPresent("e.resourceSid = :resource", "resource", f.resourceSid())
        .whereIfPresent("e.taskQueueSid = :queue", "queue", f.taskQueueSid())
        .whereIfPresent("e.taskSid = :task", "task", f.taskSid())
        .whereIfPresent("e.workerSid = :worker", "worker", f.workerSid())
        .whereIfPresent("e.workflowSid = :workflow", "workflow", f.workflowSid())
        .whereIfPresent("e.taskChannel = :channel", "channel", f.taskChannel())
        .whereIfPresent("e.sid = :sid", "sid", f.sid())
        .page(em, page);
  }

  public RouterEvent get(String accountSid, String workspaceSid, String sid) {
    workspaces.require(accountSid, workspaceSid);
    return eventLog.find(workspaceSid, sid).orElseThrow(() -> NotFoundException.of("Event", sid));
  }
}
