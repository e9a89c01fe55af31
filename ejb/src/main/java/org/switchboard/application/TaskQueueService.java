package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.shared.ConflictException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.task.TaskRepository;
import org.switchboard.domain.taskqueue.TaskOrder;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.taskqueue.TaskQueueRepository;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.workflow.WorkflowRepository;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.infrastructure.jpa.ListQuery;
import org.switchboard.infrastructure.jpa.Lookups;
import org.switchboard.routing.Eligibility;
import org.switchboard.routing.lang.Expression;

/** TaskQueue use cases. {@code TargetWorkers} is compiled on every write, so a bad one is a 400. */
@Stateless
public class TaskQueueService {

  @Inject private TaskRepository tasks;
  @Inject private TaskQueueRepository taskQueues;
  @Inject private WorkflowRepository workflowRepository;
  @PersistenceContext private EntityManager em;
  @Inject private Workspaces workspaces;
  @Inject private JpaEventStore events;
  @Inject private Eligibility eligibility;
  @Inject private org.switchboard.routing.Expressions expressions;
  @Inject private Clock clock;

  /** The settable fields; null leaves a value as it is (or at its default on create). */
  public record Settings(
      String friendlyName,
      String targetWorkers,
      Integer maxReservedWorkers,
      TaskOrder taskOrder,
      String reservationActivitySid,
      String assignmentActivitySid) {}

  public TaskQueue create(String accountSid, String workspaceSid, Settings settings) {
    Workspace workspace = workspaces.require(accountSid, workspaceSid);
    long count = taskQueues.countIn(workspace);
    if (count >= TaskQueue.MAX_PER_WORKSPACE) {
      throw new ConflictException(
          20001, "A workspace can have at most " + TaskQueue.MAX_PER_WORKSPACE + " task queues");
    }
    Instant now = clock.instant();
    TaskQueue queue = new TaskQueue(workspace, settings.friendlyName(), now);
    apply(queue, workspaceSid, settings, now);
    em.persist(queue);
    events.record(event(EventType.TASK_QUEUE_CREATED, queue, now));
    return queue;
  }

  public Page<TaskQueue> list(
      String accountSid,
      String workspaceSid,
      String friendlyName,
      String evaluateWorkerAttributes,
      String workerSid,
      String ordering,
      PageRequest page) {
    workspaces.require(accountSid, workspaceSid);
    Comparator<TaskQueue> order = ordering(ordering);
    ListQuery<TaskQueue> query =
        ListQuery.of(TaskQueue.class, "q")
            .where("q.workspace.sid = :ws", "ws", workspaceSid)
            .whereIfPresent("q.friendlyName = :name", "name", friendlyName);
    if (evaluateWorkerAttributes == null && workerSid == null && order == null) {
      return query.page(em, page);
    }
    Worker worker =
        workerSid == null
            ? null
            : Lookups.reference(
                em,
                Worker.class,
                workspaceSid,
                "WorkerSid",
                workerSid,
                w -> w.getWorkspace().getSid());
    java.util.Map<String, Object> attributes =
        evaluateWorkerAttributes == null
            ? null
            : expressions.attributes(
                org.switchboard.domain.shared.JsonAttributes.require(
                    "EvaluateWorkerAttributes", evaluateWorkerAttributes));
    List<TaskQueue> all =
        query.all(em).stream()
            .filter(q -> worker == null || eligibility.inQueue(q, worker))
            .filter(
                q ->
                    attributes == null
                        || Expression.parse("TargetWorkers", q.getTargetWorkers())
                            .matches(Expression.over(attributes)))
            .toList();
    return Page.ofList(order == null ? all : all.stream().sorted(order).toList(), page);
  }

  /**
   * ListTaskQueues' {@code Ordering}: comma-separated {@code Attribute:asc|desc} terms over {@code
   * DateCreated}, {@code DateUpdated} and {@code FriendlyName} (ascending when the order is left
   * out); ties in creation order. Null when no ordering is asked.
   *
   * @throws InvalidParameterException for another attribute or order
   */
  static Comparator<TaskQueue> ordering(String ordering) {
    if (ordering == null || ordering.isBlank()) {
      return null;
    }
    Comparator<TaskQueue> order = null;
    for (String term : ordering.split(",")) {
      String[] parts = term.trim().split(":", -1);
      Comparator<TaskQueue> by =
          switch (parts[0]) {
            case "DateCreated" -> Comparator.comparing(TaskQueue::getDateCreated);
            case "DateUpdated" -> Comparator.comparing(TaskQueue::getDateUpdated);
            case "FriendlyName" -> Comparator.comparing(TaskQueue::getFriendlyName);
            default -> throw badOrdering(ordering);
          };
      if (parts.length > 2 || parts.length == 2 && !parts[1].matches("(?i)asc|desc")) {
        throw badOrdering(ordering);
      }
      if (parts.length == 2 && "desc".equalsIgnoreCase(parts[1])) {
        by = by.reversed();
      }
      order = order == null ? by : order.thenComparing(by);
    }
    return order.thenComparing(TaskQueue::getDateCreated).thenComparing(TaskQueue::getSid);
  }

  private static InvalidParameterException badOrdering(String ordering) {
    return new InvalidParameterException(
        "Ordering",
        "Ordering "
            + ordering
            + " must be DateCreated, DateUpdated or FriendlyName, each with :asc or :desc");
  }

  public TaskQueue get(String accountSid, String workspaceSid, String sid) {
    workspaces.require(accountSid, workspaceSid);
    return Lookups.require(em, TaskQueue.class, workspaceSid, sid, q -> q.getWorkspace().getSid());
  }

  public TaskQueue update(String accountSid, String workspaceSid, String sid, Settings settings) {
    TaskQueue queue = get(accountSid, workspaceSid, sid);
    Instant now = clock.instant();
    if (settings.friendlyName() != null) {
      queue.rename(settings.friendlyName(), now);
    }
    apply(queue, workspaceSid, settings, now);
    events.record(event(EventType.TASK_QUEUE_UPDATED, queue, now));
    return queue;
  }

  /**
   * @throws ConflictException while a workflow routes to the queue or tasks wait in it
   */
  public void delete(String accountSid, String workspaceSid, String sid) {
    TaskQueue queue = get(accountSid, workspaceSid, sid);
    List<String> workflows = workflowRepository.routingTo(sid);
    if (!workflows.isEmpty()) {
      throw new ConflictException(
          20001,
          "TaskQueue "
              + sid
              + " is used by workflow "
              + workflows.get(0)
              + " and cannot be deleted");
    }
    long live = tasks.liveCountIn(queue);
    if (live > 0) {
      throw new ConflictException(20001, "TaskQueue " + sid + " holds tasks and cannot be deleted");
    }
    Instant now = clock.instant();
    events.record(event(EventType.TASK_QUEUE_DELETED, queue, now));
    tasks.detachFrom(queue);
    em.remove(queue);
  }

  private void apply(TaskQueue queue, String workspaceSid, Settings settings, Instant now) {
    if (settings.targetWorkers() != null) {
      Expression.parse("TargetWorkers", settings.targetWorkers());
      queue.retarget(settings.targetWorkers(), now);
    }
    if (settings.maxReservedWorkers() != null) {
      queue.changeMaxReservedWorkers(settings.maxReservedWorkers(), now);
    }
    if (settings.taskOrder() != null) {
      queue.changeTaskOrder(settings.taskOrder(), now);
    }
    if (settings.reservationActivitySid() != null) {
      queue.changeReservationActivity(
          activity(workspaceSid, "ReservationActivitySid", settings.reservationActivitySid()), now);
    }
    if (settings.assignmentActivitySid() != null) {
      queue.changeAssignmentActivity(
          activity(workspaceSid, "AssignmentActivitySid", settings.assignmentActivitySid()), now);
    }
  }

  private Activity activity(String workspaceSid, String parameter, String sid) {
    return Lookups.reference(
        em, Activity.class, workspaceSid, parameter, sid, a -> a.getWorkspace().getSid());
  }

  private static RouterEvent event(EventType type, TaskQueue queue, Instant now) {
    return RouterEvent.builder(
            queue.getWorkspace().getAccountSid(),
            queue.getWorkspace().getSid(),
            type,
            "task_queue",
            queue.getSid(),
            now)
        .description("TaskQueue " + queue.getFriendlyName())
        .data(
            Jsons.createObjectBuilder()
                .add("task_queue_sid", queue.getSid())
                .add("task_queue_name", queue.getFriendlyName())
                .add("task_queue_target_expression", queue.getTargetWorkers())
                .build()
                .toString())
        .taskQueue(queue.getSid())
        .build();
  }
}
