package org.switchboard.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.switchboard.domain.call.CallLeg;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.shared.IllegalTransitionException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.routing.InstructionIssued;
import org.switchboard.routing.Reroute;
import org.switchboard.routing.ReservationLifecycle;
import org.switchboard.routing.RoutingEvents;

/**
 * What the phone calls behind voice tasks do to those tasks: a call creates a task, a worker's
 * phone answering accepts the reservation it was dialled for, a worker's phone failing rejects it
 * (or times it out when nobody answered), and a call ending ends the task. Called by the telephony
 * adapter; every method is one transaction with the task row locked, and tolerates events about
 * calls it does not know (Asterisk reports every channel, not only Switchboard's).
 */
@Stateless
public class CallService {

  /** How a task ends when its call ends after a worker took it. */
  public enum AfterCall {
    WRAPPING,
    COMPLETED
  }

  @PersistenceContext private EntityManager em;
  @EJB private TaskService tasks;
  @Inject private ReservationLifecycle lifecycle;
  @Inject private JpaEventStore events;
  @Inject private Clock clock;
  @Inject private Event<Reroute> reroute;
  @Inject private Event<InstructionIssued> instructions;

  /** An inbound call to turn into a voice task. */
  public record InboundCall(
      String workspaceSid,
      String workflow,
      String attributes,
      int priority,
      int timeoutSeconds,
      String callSid,
      String channel) {}

  /**
   * Creates the voice task for an inbound call and remembers the caller's channel.
   *
   * @throws org.switchboard.domain.shared.InvalidParameterException for an unknown workflow (by
   *     sid, or by friendly name in {@code workspaceSid}) or a malformed value
   */
  public Task enqueue(InboundCall call) {
    String workflowSid =
        call.workspaceSid() == null
            ? call.workflow()
            : workflowNamed(call.workspaceSid(), call.workflow());
    Task task =
        tasks.createInWorkflow(
            workflowSid,
            new TaskService.Settings(
                workflowSid,
                call.attributes(),
                call.priority(),
                call.timeoutSeconds(),
                "voice",
                null,
                null,
                null,
                null,
                null));
    String callSid = call.callSid();
    String channel = call.channel();
    if (callSid != null && !callSid.isBlank() && em.find(CallLeg.class, callSid) == null) {
      em.persist(CallLeg.caller(callSid, task.getSid(), channel, clock.instant()));
    }
    return task;
  }

  private String workflowNamed(String workspaceSid, String name) {
    return em.createQuery(
            "select w.sid from Workflow w where w.workspace.sid = :ws and w.friendlyName = :name",
            String.class)
        .setParameter("ws", workspaceSid)
        .setParameter("name", name)
        .getResultStream()
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidParameterException(
                    "WorkflowSid", "Unknown workflow " + name + " in workspace " + workspaceSid));
  }

  /** Whether the task was created by a call that Switchboard tracks. */
  public boolean hasCaller(String taskSid) {
    return !em.createQuery(
            "select l.uniqueId from CallLeg l where l.taskSid = :task and l.role = :role",
            String.class)
        .setParameter("task", taskSid)
        .setParameter("role", CallLeg.Role.CALLER)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /** The caller's channel uniqueid of a task, or null if the task did not come from a call. */
  public String callerOf(String taskSid) {
    return em.createQuery(
            "select l.uniqueId from CallLeg l where l.taskSid = :task and l.role = :role",
            String.class)
        .setParameter("task", taskSid)
        .setParameter("role", CallLeg.Role.CALLER)
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  /**
   * Records the worker leg about to be dialled for a reservation.
   *
   * @return false if the reservation is no longer pending (answered, timed out, canceled
   *     meanwhile): then the worker must not be dialled
   */
  public boolean dialing(String reservationSid, String uniqueId, String channel) {
    Reservation reservation = em.find(Reservation.class, reservationSid);
    if (reservation == null) {
      return false;
    }
    lifecycle.lockTask(reservation.getTaskSid());
    em.refresh(reservation);
    if (reservation.getStatus() != ReservationStatus.PENDING
        || em.find(CallLeg.class, uniqueId) != null) {
      return false;
    }
    em.persist(
        CallLeg.worker(
            uniqueId, reservation.getTaskSid(), reservationSid, channel, clock.instant()));
    return true;
  }

  /**
   * The worker of a reservation cannot be dialled (no address, no connection to the PBX): its
   * pending reservation is rejected so the task is offered to the next worker.
   */
  public void cannotDial(String reservationSid) {
    Reservation reservation = em.find(Reservation.class, reservationSid);
    if (reservation == null) {
      return;
    }
    Task task = lifecycle.lockTask(reservation.getTaskSid());
    em.refresh(reservation);
    if (reservation.getStatus() == ReservationStatus.PENDING) {
      lifecycle.reject(task, reservation, null);
    }
  }

  /** Whether a worker leg was dialled for the reservation. */
  public boolean hasWorkerLeg(String reservationSid) {
    CallLeg leg = em.find(CallLeg.class, reservationSid);
    return leg != null && leg.getRole() == CallLeg.Role.WORKER;
  }

  /**
   * A worker leg answered (or joined the conference): its pending reservation is accepted and the
   * task assigned.
   *
   * @return false if the leg belongs to a reservation that is over (timed out, canceled, rescinded)
   *     so the leg should be hung up; true otherwise, also for legs Switchboard does not know
   */
  public boolean answered(String uniqueId) {
    CallLeg leg = em.find(CallLeg.class, uniqueId);
    if (leg == null || leg.getRole() != CallLeg.Role.WORKER) {
      return true;
    }
    Task task = lifecycle.lockTask(leg.getTaskSid());
    Reservation reservation = em.find(Reservation.class, leg.getReservationSid());
    em.refresh(reservation);
    return switch (reservation.getStatus()) {
      case PENDING -> {
        lifecycle.accept(task, reservation);
        yield true;
      }
      case ACCEPTED, WRAPPING -> true;
      default -> false;
    };
  }

  /**
   * A worker leg could not be set up: its pending reservation times out if the phone rang
   * unanswered, and is rejected for any other failure (busy, congestion, bad address), so the task
   * is offered to the next worker.
   */
  public void failed(String uniqueId, boolean unanswered) {
    CallLeg leg = em.find(CallLeg.class, uniqueId);
    if (leg == null || leg.getRole() != CallLeg.Role.WORKER) {
      return;
    }
    Task task = lifecycle.lockTask(leg.getTaskSid());
    Reservation reservation = em.find(Reservation.class, leg.getReservationSid());
    em.refresh(reservation);
    if (reservation.getStatus() != ReservationStatus.PENDING) {
      return;
    }
    if (unanswered) {
      lifecycle.timeOut(task, reservation);
      // A timeout re-offers the task only when the deadline sweeper fires it; ask for a pass here.
      reroute.fire(new Reroute(List.of(task.getSid())));
    } else {
      lifecycle.reject(task, reservation, null);
    }
  }

  /**
   * A leg hung up. The caller hanging up while the task waits cancels the task (its reservations
   * are canceled); a worker leg hanging up before it answered rejects its reservation; either side
   * hanging up while the task is assigned ends the task as {@code afterCall} says.
   *
   * @return the uniqueids of the task's other legs that should be hung up now, because the task
   *     they served is over
   */
  public List<String> ended(String uniqueId, String cause, AfterCall afterCall) {
    CallLeg leg = em.find(CallLeg.class, uniqueId);
    if (leg == null) {
      return List.of();
    }
    Task task = lifecycle.lockTask(leg.getTaskSid());
    Instant now = clock.instant();
    String who = leg.getRole() == CallLeg.Role.CALLER ? "Caller" : "Worker";
    String why = who + " hung up" + (cause == null || cause.isBlank() ? "" : " (" + cause + ")");
    if (leg.getRole() == CallLeg.Role.WORKER) {
      Reservation reservation = em.find(Reservation.class, leg.getReservationSid());
      em.refresh(reservation);
      if (reservation.getStatus() == ReservationStatus.PENDING) {
        lifecycle.reject(task, reservation, null);
        return List.of();
      }
      if (reservation.getStatus() != ReservationStatus.ACCEPTED) {
        return List.of();
      }
    }
    switch (task.getAssignmentStatus()) {
      case PENDING, RESERVED -> {
        if (leg.getRole() != CallLeg.Role.CALLER) {
          return List.of();
        }
        task.cancel(why, now);
        lifecycle.taskCanceled(task);
        events.record(RoutingEvents.task("task.canceled", task, "Task canceled: " + why, now));
      }
      case ASSIGNED -> {
        if (afterCall == AfterCall.COMPLETED) {
          task.complete(why, now);
          lifecycle.taskCompleted(task);
          events.record(RoutingEvents.task("task.completed", task, "Task completed: " + why, now));
        } else {
          task.wrapUp(why, now);
          lifecycle.taskWrapping(task);
          events.record(RoutingEvents.task("task.wrapup", task, "Task in wrap-up: " + why, now));
        }
      }
      default -> {
        return List.of();
      }
    }
    return otherLegs(task.getSid(), uniqueId);
  }

  /**
   * The task's call is being recorded to {@code url}: the recording is added to the task's
   * attributes where Twilio Flex keeps a call's recordings ({@code conversations.media}: {@code
   * type} {@code VoiceRecording}, {@code url}, {@code start_time}), and a {@code task.updated}
   * event carries them. A recording already listed is not added twice.
   */
  public void recording(String taskSid, String url) {
    Task task = lifecycle.lockTaskIfExists(taskSid);
    if (task == null) {
      return;
    }
    JsonObject attributes = attributesOf(task);
    JsonObject conversations =
        attributes.get("conversations") instanceof JsonObject c
            ? c
            : Jsons.createObjectBuilder().build();
    JsonArray media =
        conversations.get("media") instanceof JsonArray m ? m : Jsons.createArrayBuilder().build();
    if (media.stream()
        .anyMatch(
            item ->
                item instanceof JsonObject o
                    && o.get("url") instanceof JsonString s
                    && s.getString().equals(url))) {
      return;
    }
    Instant now = clock.instant();
    JsonArrayBuilder more = Jsons.createArrayBuilder();
    media.forEach(more::add);
    more.add(
        Jsons.createObjectBuilder()
            .add("type", "VoiceRecording")
            .add("url", url)
            .add("start_time", now.getEpochSecond()));
    updateAttributes(
        task,
        Jsons.createObjectBuilder(attributes)
            .add("conversations", Jsons.createObjectBuilder(conversations).add("media", more)),
        "call recorded to " + url,
        now);
  }

  /**
   * Puts the caller of an assigned voice task on hold (out of the conference, hearing music on
   * hold) or back into the conference with the worker. The task's attribute {@code caller_on_hold}
   * says which, and a {@code task.updated} event tells it; the telephony adapter moves the call (an
   * {@link InstructionIssued} {@code hold} for the accepted reservation, with the parameter {@code
   * Hold}).
   *
   * @throws org.switchboard.domain.shared.NotFoundException for an unknown task
   * @throws InvalidParameterException for a task that did not come from a call Switchboard tracks
   * @throws IllegalTransitionException unless the task is assigned
   */
  public Task hold(String accountSid, String workspaceSid, String taskSid, boolean hold) {
    Task task = lifecycle.lockTask(tasks.get(accountSid, workspaceSid, taskSid).getSid());
    String caller = callerOf(task.getSid());
    if (caller == null) {
      throw new InvalidParameterException(
          "TaskSid", "Task " + taskSid + " did not come from a phone call");
    }
    Reservation accepted =
        task.getAssignmentStatus() != TaskStatus.ASSIGNED
            ? null
            : em.createQuery(
                    "select r from Reservation r where r.taskSid = :task and r.status = :accepted",
                    Reservation.class)
                .setParameter("task", task.getSid())
                .setParameter("accepted", ReservationStatus.ACCEPTED)
                .getResultStream()
                .findFirst()
                .orElse(null);
    if (accepted == null) {
      throw new IllegalTransitionException(
          "Task "
              + taskSid
              + " is "
              + task.getAssignmentStatus().wireName()
              + "; only a call a worker is talking to can be put on hold");
    }
    updateAttributes(
        task,
        Jsons.createObjectBuilder(attributesOf(task)).add("caller_on_hold", hold),
        hold ? "caller on hold" : "caller back from hold",
        clock.instant());
    instructions.fire(
        new InstructionIssued(
            accountSid,
            workspaceSid,
            task.getSid(),
            accepted.getSid(),
            accepted.getWorker().getSid(),
            "hold",
            Map.of("Hold", String.valueOf(hold)),
            task.getAttributes(),
            accepted.getWorker().getAttributes()));
    return task;
  }

  private static JsonObject attributesOf(Task task) {
    try (JsonReader reader = Jsons.createReader(task.getAttributes())) {
      return reader.readObject();
    }
  }

  private void updateAttributes(Task task, JsonObjectBuilder attributes, String what, Instant now) {
    task.replaceAttributes(attributes.build().toString(), now);
    events.record(RoutingEvents.task("task.updated", task, "Task updated: " + what, now));
  }

  /**
   * The caller legs of tasks still waiting or assigned, created before {@code before}: the calls
   * that must still exist on the PBX. Used to reconcile after an AMI (re)connect.
   */
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

  private List<String> otherLegs(String taskSid, String uniqueId) {
    return em.createQuery(
            "select l.uniqueId from CallLeg l where l.taskSid = :task and l.uniqueId <> :leg",
            String.class)
        .setParameter("task", taskSid)
        .setParameter("leg", uniqueId)
        .getResultList();
  }
}
