package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.switchboard.domain.event.EventRepository;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.reservation.ReservationRepository;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.worker.WorkerChannel;
import org.switchboard.domain.worker.WorkerRepository;
import org.switchboard.infrastructure.jpa.Lookups;
import org.switchboard.routing.Eligibility;
import org.switchboard.routing.Placement;
import org.switchboard.routing.Router;
import org.switchboard.routing.WorkflowEngine;

/**
 * Explains a task's routing ({@code GET …/Tasks/{Sid}/Routing}): the last decision, read from its
 * {@code workflow.target-matched} event (which records the rules that fired), and, for a waiting
 * task, why no worker has it, counted now over the members of its queue. Reads only.
 */
@Stateless
public class RoutingExplanationService {

  @Inject private ReservationRepository reservations;
  @Inject private WorkerRepository workers;
  @Inject private EventRepository eventLog;
  @PersistenceContext private EntityManager em;
  @Inject private Workspaces workspaces;
  @Inject private WorkflowEngine workflows;
  @Inject private Eligibility eligibility;
  @Inject private Router router;
  @Inject private Clock clock;

  public RoutingExplanation explain(String accountSid, String workspaceSid, String taskSid) {
    workspaces.require(accountSid, workspaceSid);
    Task task =
        Lookups.require(em, Task.class, workspaceSid, taskSid, t -> t.getWorkspace().getSid());
    RoutingExplanation.Decision decision = lastDecision(task);
    RoutingExplanation.Waiting waiting =
        waiting(task) && task.getTaskQueue() != null ? why(task) : null;
    return new RoutingExplanation(
        task.getSid(),
        task.getAssignmentStatus().wireName(),
        task.getTaskQueue() == null ? null : task.getTaskQueue().getSid(),
        task.getWorkflow().getSid(),
        decision,
        waiting);
  }

  private RoutingExplanation.Decision lastDecision(Task task) {
    List<RouterEvent> found = eventLog.lastTargetMatchedOf(task.getSid());
    if (found.isEmpty()) {
      return null;
    }
    RouterEvent event = found.get(0);
    JsonObject data;
    try (JsonReader reader = Jsons.createReader(new StringReader(event.getEventData()))) {
      data = reader.readObject();
    }
    List<String> fired = new ArrayList<>();
    if (data.get("rules_fired") instanceof JsonArray array) {
      for (JsonValue value : array) {
        if (value instanceof JsonString s) {
          fired.add(s.getString());
        }
      }
    }
    return new RoutingExplanation.Decision(
        data.getString("filter_name", null),
        data.getString("target", null),
        fired,
        data.getString("rule_set_sid", null),
        data.containsKey("rule_set_version") ? data.getInt("rule_set_version") : null,
        event.getDateCreated());
  }

  private RoutingExplanation.Waiting why(Task task) {
    Placement placement = workflows.current(task, clock.instant());
    List<Worker> members = workers.membersOf(task.getTaskQueue().getSid());
    Set<String> declined = router.declinedBy(task);
    Set<String> reservedWorkers =
        new java.util.HashSet<>(reservations.workersWithPendingIn(task.getTaskQueue().getSid()));
    Map<String, WorkerChannel> channels = channels(task);
    int available = 0;
    int withCapacity = 0;
    int matching = 0;
    boolean anyReservedElsewhere = false;
    for (Worker worker : members) {
      if (!worker.isAvailable()) {
        continue;
      }
      available++;
      WorkerChannel channel = channels.get(worker.getSid());
      if (channel == null || !channel.isAvailable() || !channel.hasFreeCapacity()) {
        anyReservedElsewhere |= reservedWorkers.contains(worker.getSid());
        continue;
      }
      withCapacity++;
      if (!declined.contains(worker.getSid())
          && Router.isNamedBy(placement, worker.getSid(), worker.getFriendlyName())
          && eligibility.meetsTarget(placement.expression(), task, worker)) {
        matching++;
      }
    }
    int pending = reservations.pendingCountOf(task);
    String reason;
    String description;
    if (pending > 0) {
      reason = "offered";
      description = "Offered to " + pending + " worker(s); waiting for an answer";
    } else if (members.isEmpty()) {
      reason = "no_workers_in_queue";
      description = "No worker is a member of the queue (its TargetWorkers matches nobody)";
    } else if (available == 0) {
      reason = "none_available";
      description = "No worker of the queue is in an available activity";
    } else if (withCapacity == 0) {
      reason = anyReservedElsewhere ? "all_reserved" : "none_with_capacity";
      description =
          anyReservedElsewhere
              ? "Every available worker of the queue is holding other reservations"
              : "No available worker of the queue has free capacity on the task's channel";
    } else if (matching == 0) {
      reason = "excluded_by_target";
      description =
          "The available workers with capacity are excluded by the target's expression or known"
              + " worker, or declined the task";
    } else {
      reason = "worker_free";
      description = "A worker can take the task; the next routing pass offers it";
    }
    return new RoutingExplanation.Waiting(
        reason, description, members.size(), available, withCapacity, matching, pending);
  }

  /** The task channel's records of the members of the task's queue, by worker, in one query. */
  private Map<String, WorkerChannel> channels(Task task) {
    Map<String, WorkerChannel> channels = new java.util.HashMap<>();
    for (WorkerChannel channel :
        workers.channelsInQueue(task.getTaskChannel().getSid(), task.getTaskQueue().getSid())) {
      channels.put(channel.getWorker().getSid(), channel);
    }
    return channels;
  }

  private static boolean waiting(Task task) {
    return task.getAssignmentStatus() == TaskStatus.PENDING
        || task.getAssignmentStatus() == TaskStatus.RESERVED;
  }
}
