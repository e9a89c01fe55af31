package org.switchboard.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.reservation.ReservationRepository;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.taskchannel.TaskChannelRepository;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.domain.workflow.WorkflowRepository;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.infrastructure.jpa.ListQuery;
import org.switchboard.infrastructure.jpa.Lookups;
import org.switchboard.routing.Expressions;
import org.switchboard.routing.ReservationLifecycle;
import org.switchboard.routing.RoutingEvents;
import org.switchboard.routing.lang.Expression;

/**
 * Task use cases. Creating a task only stores it ({@code task.created}); routing places and offers
 * it after the commit. Status changes go through the task's behaviour methods and carry their
 * reservations and the workers' capacity along, all with the task row locked.
 */
@Stateless
public class TaskService {

  @Inject private ReservationRepository reservations;
  @Inject private WorkflowRepository workflowRepository;
  @Inject private TaskChannelRepository taskChannels;
  @PersistenceContext private EntityManager em;
  @Inject private Workspaces workspaces;
  @EJB private RoutingService routing;
  @Inject private JpaEventStore events;
  @Inject private ReservationLifecycle lifecycle;
  @Inject private Expressions expressions;
  @Inject private Clock clock;

  /** What a create or update request gave; null fields were not given. */
  public record Settings(
      String workflowSid,
      String attributes,
      Integer priority,
      Integer timeout,
      String taskChannel,
      String routingTarget,
      Boolean ignoreCapacity,
      Instant virtualStartTime,
      String assignmentStatus,
      String reason) {}

  /** The list filters of {@code GET …/Tasks}. */
  public record Filter(
      Integer priority,
      List<String> assignmentStatus,
      String workflowSid,
      String workflowName,
      String taskQueueSid,
      String taskQueueName,
      String evaluateTaskAttributes,
      String routingTarget,
      String ordering,
      Boolean hasAddons) {}

  /**
   * Creates a task, placed and offered in this transaction ({@link RoutingService#routeNew}). The
   * new task is made persistent by the routing, once its placement and first offer have shaped it,
   * so that its row is inserted as the transaction leaves it instead of inserted and then updated.
   */
  public Task create(String accountSid, String workspaceSid, Settings s) {
    Task task = newTask(accountSid, workspaceSid, s);
    routing.routeNew(task);
    return task;
  }

  /**
   * Creates a task without routing it: for a caller that still has to record what the task's first
   * offer must show (a transfer task's transfer), and then routes it itself.
   */
  public Task createUnrouted(String accountSid, String workspaceSid, Settings s) {
    Task task = newTask(accountSid, workspaceSid, s);
    em.persist(task);
    return task;
  }

  /** A new task, not persistent yet, with its {@code task.created} and {@code workflow.entered}. */
  private Task newTask(String accountSid, String workspaceSid, Settings s) {
    Workspace workspace = workspaces.require(accountSid, workspaceSid);
    Instant now = clock.instant();
    Workflow workflow = workflow(workspaceSid, s.workflowSid());
    TaskChannel channel =
        channel(workspaceSid, s.taskChannel() == null ? "default" : s.taskChannel());
    Task task =
        new Task(
            workspace,
            workflow,
            channel,
            s.attributes(),
            s.priority() == null ? 0 : s.priority(),
            s.timeout() == null ? Task.DEFAULT_TIMEOUT : s.timeout(),
            now);
    if (s.routingTarget() != null || s.ignoreCapacity() != null) {
      task.directTo(s.routingTarget(), Boolean.TRUE.equals(s.ignoreCapacity()), now);
    }
    if (Sid.TASK_QUEUE.matches(s.routingTarget())) {
      Lookups.reference(
          em,
          TaskQueue.class,
          workspaceSid,
          "RoutingTarget",
          s.routingTarget(),
          q -> q.getWorkspace().getSid());
    }
    if (s.virtualStartTime() != null) {
      task.changeVirtualStartTime(s.virtualStartTime(), now);
    }
    events.record(RoutingEvents.task(EventType.TASK_CREATED, task, "Task created", now));
    events.record(
        RoutingEvents.task(EventType.WORKFLOW_ENTERED, task, "Task entered a workflow", now));
    return task;
  }

  /**
   * Creates a task on the system's behalf (e.g. for a phone call handed over by the telephony
   * adapter), in the workspace of the given workflow.
   *
   * @throws InvalidParameterException if there is no such workflow, or a value is malformed
   */
  public Task createInWorkflow(String workflowSid, Settings s) {
    Workflow workflow = workflowSid == null ? null : em.find(Workflow.class, workflowSid);
    if (workflow == null) {
      throw new InvalidParameterException("WorkflowSid", "Unknown workflow " + workflowSid);
    }
    Workspace workspace = workflow.getWorkspace();
    return create(workspace.getAccountSid(), workspace.getSid(), s);
  }

  public Page<Task> list(String accountSid, String workspaceSid, Filter f, PageRequest page) {
    workspaces.require(accountSid, workspaceSid);
    ListQuery<Task> query =
        ListQuery.of(Task.class, "t")
            .where("t.workspace.sid = :ws", "ws", workspaceSid)
            .whereIfPresent("t.priority = :priority", "priority", f.priority())
            .whereIfPresent("t.workflow.sid = :wf", "wf", f.workflowSid())
            .whereIfPresent("t.workflow.friendlyName = :wfName", "wfName", f.workflowName())
            .whereIfPresent("t.taskQueue.sid = :q", "q", f.taskQueueSid())
            .whereIfPresent("t.taskQueue.friendlyName = :qName", "qName", f.taskQueueName())
            .whereIfPresent("t.routingTarget = :target", "target", f.routingTarget());
    if (f.assignmentStatus() != null && !f.assignmentStatus().isEmpty()) {
      query.where(
          "t.assignmentStatus in :statuses",
          "statuses",
          f.assignmentStatus().stream()
              .flatMap(v -> java.util.Arrays.stream(v.split(",")))
              .map(TaskService::status)
              .toList());
    }
    if (Boolean.TRUE.equals(f.hasAddons())) {
      query.where("t.addons is not null and t.addons <> :empty", "empty", "");
    } else if (Boolean.FALSE.equals(f.hasAddons())) {
      query.where("(t.addons is null or t.addons = :empty)", "empty", "");
    }
    if (f.evaluateTaskAttributes() == null && f.ordering() == null) {
      return query.page(em, page);
    }
    Expression filter =
        f.evaluateTaskAttributes() == null
            ? null
            : Expression.parse("EvaluateTaskAttributes", f.evaluateTaskAttributes());
    List<Task> all =
        query.all(em).stream()
            .filter(
                t ->
                    filter == null
                        || filter.matches(
                            Expression.over(expressions.attributes(t.getAttributes()))))
            .sorted(ordering(f.ordering()))
            .toList();
    return Page.ofList(all, page);
  }

  public Task get(String accountSid, String workspaceSid, String sid) {
    workspaces.require(accountSid, workspaceSid);
    return Lookups.require(em, Task.class, workspaceSid, sid, t -> t.getWorkspace().getSid());
  }

  /**
   * @throws org.switchboard.domain.shared.PreconditionFailedException on a stale If-Match
   * @throws InvalidParameterException for a bad value, or a status change without Reason
   * @throws org.switchboard.domain.shared.IllegalTransitionException for a status the task cannot
   *     take from its current one
   */
  public Task update(
      String accountSid, String workspaceSid, String sid, Settings s, String ifMatch) {
    Task task = lockInWorkspace(accountSid, workspaceSid, sid);
    WorkerService.checkETag(ifMatch, task.getVersion());
    Instant now = clock.instant();
    boolean changed = false;
    if (s.attributes() != null) {
      task.replaceAttributes(s.attributes(), now);
      changed = true;
    }
    if (s.priority() != null) {
      task.changePriority(s.priority(), now);
      changed = true;
    }
    if (s.timeout() != null) {
      task.changeTimeout(s.timeout(), now);
      changed = true;
    }
    if (s.virtualStartTime() != null) {
      task.changeVirtualStartTime(s.virtualStartTime(), now);
      changed = true;
    }
    if (s.taskChannel() != null
        && !channel(workspaceSid, s.taskChannel())
            .getSid()
            .equals(task.getTaskChannel().getSid())) {
      throw new InvalidParameterException(
          "TaskChannel", "The TaskChannel of an existing task cannot be changed");
    }
    if (s.assignmentStatus() != null) {
      switch (s.assignmentStatus().toLowerCase(Locale.ROOT)) {
        case "canceled" -> {
          lifecycle.cancel(task, s.reason());
        }
        case "wrapping" -> {
          lifecycle.wrap(task, s.reason());
        }
        case "completed" -> {
          lifecycle.complete(task, s.reason());
        }
        default ->
            throw new InvalidParameterException(
                "AssignmentStatus", "AssignmentStatus must be canceled, wrapping or completed");
      }
    } else if (changed) {
      events.record(RoutingEvents.task(EventType.TASK_UPDATED, task, "Task updated", now));
    }
    return task;
  }

  public void delete(String accountSid, String workspaceSid, String sid, String ifMatch) {
    Task task = lockInWorkspace(accountSid, workspaceSid, sid);
    WorkerService.checkETag(ifMatch, task.getVersion());
    Instant now = clock.instant();
    lifecycle.taskCanceled(task);
    if (task.getAssignmentStatus() == TaskStatus.ASSIGNED
        || task.getAssignmentStatus() == TaskStatus.WRAPPING) {
      lifecycle.taskReleased(task);
    }
    events.record(RoutingEvents.task(EventType.TASK_DELETED, task, "Task deleted", now));
    reservations.deleteOf(task);
    em.remove(task);
  }

  /**
   * The task, locked and read once under the lock.
   *
   * @throws NotFoundException if the account has no such workspace, or it no such task
   */
  private Task lockInWorkspace(String accountSid, String workspaceSid, String sid) {
    workspaces.require(accountSid, workspaceSid);
    if (sid == null || !Sid.TASK.matches(sid)) {
      throw NotFoundException.of("Task", sid);
    }
    Task task = lifecycle.lockTask(sid);
    if (!task.getWorkspace().getSid().equals(workspaceSid)) {
      throw NotFoundException.of("Task", sid);
    }
    return task;
  }

  private Workflow workflow(String workspaceSid, String sid) {
    if (sid != null) {
      return Lookups.reference(
          em, Workflow.class, workspaceSid, "WorkflowSid", sid, w -> w.getWorkspace().getSid());
    }
    List<Workflow> all = workflowRepository.someIn(workspaceSid, 2);
    if (all.size() != 1) {
      throw new InvalidParameterException(
          "WorkflowSid", "WorkflowSid is required unless the workspace has exactly one workflow");
    }
    return all.get(0);
  }

  /** A task channel by sid or unique name. */
  private TaskChannel channel(String workspaceSid, String channel) {
    List<TaskChannel> found = taskChannels.withSidOrName(workspaceSid, channel);
    if (found.isEmpty()) {
      throw new InvalidParameterException(
          "TaskChannel", "TaskChannel " + channel + " is not a TaskChannel of this workspace");
    }
    return found.get(0);
  }

  static TaskStatus status(String value) {
    try {
      return TaskStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException(
          "AssignmentStatus",
          "AssignmentStatus must be pending, reserved, assigned, canceled, wrapping or completed");
    }
  }

  private static Comparator<Task> ordering(String ordering) {
    Comparator<Task> created =
        Comparator.comparing(Task::getDateCreated).thenComparing(Task::getSid);
    if (ordering == null) {
      return created;
    }
    Comparator<Task> result = null;
    for (String part : ordering.split(",")) {
      String[] field = part.trim().split(":");
      Comparator<Task> by =
          switch (field[0]) {
            case "DateCreated" -> Comparator.comparing(Task::getDateCreated);
            case "Priority" -> Comparator.comparingInt(Task::getPriority);
            default ->
                throw new InvalidParameterException(
                    "Ordering", "Ordering must name DateCreated or Priority, with :asc or :desc");
          };
      if (field.length > 1 && "desc".equalsIgnoreCase(field[1])) {
        by = by.reversed();
      }
      result = result == null ? by : result.thenComparing(by);
    }
    return result.thenComparing(created);
  }
}
