package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationRepository;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.shared.ConflictException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.shared.PreconditionFailedException;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.taskchannel.TaskChannelRepository;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.taskqueue.TaskQueueRepository;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.worker.WorkerChannel;
import org.switchboard.domain.worker.WorkerRepository;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.infrastructure.jpa.ListQuery;
import org.switchboard.infrastructure.jpa.Lookups;
import org.switchboard.routing.Eligibility;
import org.switchboard.routing.Expressions;
import org.switchboard.routing.QueueMembership;
import org.switchboard.routing.ReservationLifecycle;
import org.switchboard.routing.lang.Expression;

/**
 * Worker use cases: create (with one channel per task channel), list with TaskRouter's filters,
 * change activity, attributes or name, configure channels, delete.
 */
@Stateless
public class WorkerService {

  @Inject private ReservationRepository reservations;
  @Inject private WorkerRepository workers;
  @Inject private TaskQueueRepository taskQueues;
  @Inject private TaskChannelRepository taskChannels;
  @PersistenceContext private EntityManager em;
  @Inject private Workspaces workspaces;
  @Inject private JpaEventStore events;
  @Inject private ReservationLifecycle lifecycle;
  @Inject private Eligibility eligibility;
  @Inject private QueueMembership membership;
  @Inject private Expressions expressions;
  @Inject private Clock clock;

  /** The list filters of {@code GET …/Workers}; null fields are not filtered on. */
  public record Filter(
      String activityName,
      String activitySid,
      Boolean available,
      String friendlyName,
      String targetWorkersExpression,
      String taskQueueName,
      String taskQueueSid,
      String ordering) {}

  /**
   * @throws InvalidParameterException for a missing name, bad attributes or activity
   * @throws ConflictException if the name is taken or the workspace is full
   */
  public Worker create(
      String accountSid,
      String workspaceSid,
      String friendlyName,
      String attributes,
      String activitySid) {
    Workspace workspace = workspaces.require(accountSid, workspaceSid);
    Instant now = clock.instant();
    if (workers.countIn(workspaceSid) >= Worker.MAX_PER_WORKSPACE) {
      throw new ConflictException(
          20001, "A workspace can have at most " + Worker.MAX_PER_WORKSPACE + " workers");
    }
    requireFreeName(workspaceSid, friendlyName, null);
    Activity activity =
        activitySid == null
            ? workspace.getDefaultActivity()
            : Lookups.reference(
                em,
                Activity.class,
                workspaceSid,
                "ActivitySid",
                activitySid,
                a -> a.getWorkspace().getSid());
    Worker worker = new Worker(workspace, friendlyName, attributes, activity, now);
    em.persist(worker);
    // in the task channels' order, a microsecond apart, so they list in that order
    int order = 0;
    for (TaskChannel channel : channels(workspaceSid)) {
      em.persist(
          new WorkerChannel(
              worker, channel, now.plus(order++, java.time.temporal.ChronoUnit.MICROS)));
    }
    events.record(workerEvent(EventType.WORKER_CREATED, worker, "Worker created", now));
    return worker;
  }

  public Page<Worker> list(
      String accountSid, String workspaceSid, Filter filter, PageRequest page) {
    workspaces.require(accountSid, workspaceSid);
    ListQuery<Worker> query =
        ListQuery.of(Worker.class, "w")
            .where("w.workspace.sid = :ws", "ws", workspaceSid)
            .whereIfPresent(
                "w.activity.friendlyName = :activityName", "activityName", filter.activityName())
            .whereIfPresent("w.activity.sid = :activitySid", "activitySid", filter.activitySid())
            .whereIfPresent("w.available = :available", "available", filter.available())
            .whereIfPresent("w.friendlyName = :name", "name", filter.friendlyName());
    Predicate<Worker> inMemory = inMemoryFilter(workspaceSid, filter);
    if (inMemory == null && filter.ordering() == null) {
      return query.page(em, page);
    }
    Comparator<Worker> order = ordering(filter.ordering());
    List<Worker> all =
        query.all(em).stream()
            .filter(inMemory == null ? w -> true : inMemory)
            .sorted(order)
            .toList();
    return Page.ofList(all, page);
  }

  public Worker get(String accountSid, String workspaceSid, String sid) {
    workspaces.require(accountSid, workspaceSid);
    return Lookups.require(em, Worker.class, workspaceSid, sid, w -> w.getWorkspace().getSid());
  }

  /**
   * Changes a worker's activity, attributes or name (null leaves a value as it is).
   *
   * @throws PreconditionFailedException if {@code ifMatch} is not the worker's current ETag
   */
  public Worker update(
      String accountSid,
      String workspaceSid,
      String sid,
      String activitySid,
      String attributes,
      String friendlyName,
      boolean rejectPendingReservations,
      String ifMatch) {
    Worker worker = get(accountSid, workspaceSid, sid);
    Activity activity =
        activitySid == null
            ? null
            : Lookups.reference(
                em,
                Activity.class,
                workspaceSid,
                "ActivitySid",
                activitySid,
                a -> a.getWorkspace().getSid());
    boolean rejecting = rejectPendingReservations && activity != null && !activity.isAvailable();
    // The documented lock order is task before worker (ReservationLifecycle): the tasks of the
    // reservations to reject are locked first, in sid order, then the worker.
    java.util.Set<String> lockedTasks = new java.util.HashSet<>();
    if (rejecting) {
      for (String taskSid : reservations.pendingTasksOf(worker)) {
        if (lifecycle.lockTaskIfExists(taskSid) != null) {
          lockedTasks.add(taskSid);
        }
      }
    }
    lifecycle.lockWorker(worker);
    checkETag(ifMatch, worker.getVersion());
    Instant now = clock.instant();
    if (friendlyName != null && !friendlyName.equals(worker.getFriendlyName())) {
      requireFreeName(workspaceSid, friendlyName, sid);
      worker.rename(friendlyName, now);
      // target_workers may name workers by friendly_name
      membership.refreshWorker(workspaceSid, sid);
    }
    if (attributes != null) {
      worker.replaceAttributes(attributes, now);
      events.record(
          workerEvent(
              EventType.WORKER_ATTRIBUTES_UPDATE, worker, "Worker attributes updated", now));
    }
    if (activity != null) {
      boolean becomesAvailable = activity.isAvailable() && !worker.isAvailable();
      if (rejecting) {
        for (Reservation pending : reservations.pendingOf(worker)) {
          // a reservation offered after the tasks were locked: its task is taken only if free,
          // never waited for while this worker is locked
          Task task =
              lockedTasks.contains(pending.getTaskSid())
                  ? lifecycle.current(Task.class, pending.getTaskSid())
                  : lifecycle.lockTaskIfFree(pending.getTaskSid());
          if (task != null) {
            em.refresh(pending);
            if (pending.getStatus() == ReservationStatus.PENDING) {
              lifecycle.reject(task, pending, null);
            }
          }
        }
      }
      lifecycle.moveWorker(worker, activity, now);
      if (becomesAvailable) {
        workers.channelsOf(worker).forEach(c -> c.markIdleSince(now));
      }
    }
    return worker;
  }

  /**
   * @throws ConflictException while the worker holds a pending, accepted or wrapping reservation
   */
  public void delete(String accountSid, String workspaceSid, String sid, String ifMatch) {
    Worker worker = get(accountSid, workspaceSid, sid);
    lifecycle.lockWorker(worker);
    checkETag(ifMatch, worker.getVersion());
    long live = reservations.liveCountOf(worker);
    if (live > 0) {
      throw new ConflictException(
          20001, "Worker " + sid + " has reservations in progress and cannot be deleted");
    }
    Instant now = clock.instant();
    events.record(workerEvent(EventType.WORKER_DELETED, worker, "Worker deleted", now));
    reservations.deleteOf(worker);
    workers.deleteChannelsOf(worker);
    em.remove(worker);
  }

  public List<WorkerChannel> channels(String accountSid, String workspaceSid, String workerSid) {
    return workers.channelsOf(get(accountSid, workspaceSid, workerSid));
  }

  /** A worker's channel by its sid or by the task channel's unique name or sid. */
  public WorkerChannel channel(
      String accountSid, String workspaceSid, String workerSid, String sid) {
    Worker worker = get(accountSid, workspaceSid, workerSid);
    return workers.channelsOf(worker).stream()
        .filter(
            c ->
                c.getSid().equals(sid)
                    || c.getTaskChannel().getUniqueName().equals(sid)
                    || c.getTaskChannel().getSid().equals(sid))
        .findFirst()
        .orElseThrow(() -> NotFoundException.of("WorkerChannel", sid));
  }

  /**
   * @throws InvalidParameterException for a capacity outside 0..50
   */
  public WorkerChannel configureChannel(
      String accountSid,
      String workspaceSid,
      String workerSid,
      String sid,
      Integer capacity,
      Boolean available) {
    WorkerChannel channel = channel(accountSid, workspaceSid, workerSid, sid);
    Worker worker = lifecycle.lockWorker(channel.getWorker());
    em.refresh(channel);
    Instant now = clock.instant();
    channel.configure(capacity, available, now);
    if (capacity != null) {
      events.record(
          workerEvent(EventType.WORKER_CAPACITY_UPDATE, worker, "Worker capacity updated", now));
    }
    if (available != null) {
      events.record(
          workerEvent(
              EventType.WORKER_CHANNEL_AVAILABILITY_UPDATE,
              worker,
              "Worker channel availability updated",
              now));
    }
    return channel;
  }

  private List<TaskChannel> channels(String workspaceSid) {
    return taskChannels.allIn(workspaceSid);
  }

  private void requireFreeName(String workspaceSid, String name, String except) {
    if (name == null) {
      return;
    }
    List<String> taken = workers.sidsNamed(workspaceSid, name);
    if (taken.stream().anyMatch(s -> !s.equals(except))) {
      throw new ConflictException(20001, "A worker named '" + name + "' already exists");
    }
  }

  private Predicate<Worker> inMemoryFilter(String workspaceSid, Filter filter) {
    Predicate<Worker> predicate = null;
    if (filter.targetWorkersExpression() != null) {
      Expression expression =
          Expression.parse("TargetWorkersExpression", filter.targetWorkersExpression());
      predicate = w -> expression.matches(Expression.over(filterFields(w)));
    }
    if (filter.taskQueueSid() != null || filter.taskQueueName() != null) {
      List<TaskQueue> queues =
          taskQueues.withSidOrName(workspaceSid, filter.taskQueueSid(), filter.taskQueueName());
      Predicate<Worker> inQueue = w -> queues.stream().anyMatch(q -> eligibility.inQueue(q, w));
      predicate = predicate == null ? inQueue : predicate.and(inQueue);
    }
    return predicate;
  }

  /**
   * What {@code TargetWorkersExpression} sees: the worker's attributes, and its {@code sid}, {@code
   * friendly_name}, {@code activity_sid} and {@code activity_name} unless the attributes have them.
   */
  private java.util.Map<String, Object> filterFields(Worker worker) {
    java.util.Map<String, Object> fields =
        new java.util.HashMap<>(expressions.attributes(worker.getAttributes()));
    fields.putIfAbsent("sid", worker.getSid());
    fields.putIfAbsent("friendly_name", worker.getFriendlyName());
    fields.putIfAbsent("activity_sid", worker.getActivity().getSid());
    fields.putIfAbsent("activity_name", worker.getActivity().getFriendlyName());
    return fields;
  }

  /** {@code DateStatusChanged:asc} / {@code :desc}; default: creation order. */
  private static Comparator<Worker> ordering(String ordering) {
    Comparator<Worker> created =
        Comparator.comparing(Worker::getDateCreated).thenComparing(Worker::getSid);
    if (ordering == null) {
      return created;
    }
    String[] parts = ordering.split(":");
    Comparator<Worker> by =
        switch (parts[0]) {
          case "DateStatusChanged" -> Comparator.comparing(Worker::getDateStatusChanged);
          case "DateCreated" -> Comparator.comparing(Worker::getDateCreated);
          default ->
              throw new InvalidParameterException(
                  "Ordering",
                  "Ordering must be DateStatusChanged or DateCreated, with :asc or :desc");
        };
    if (parts.length > 1 && "desc".equalsIgnoreCase(parts[1])) {
      by = by.reversed();
    }
    return by.thenComparing(created);
  }

  static void checkETag(String ifMatch, long version) {
    if (ifMatch != null && !ifMatch.isBlank() && !ETags.matches(ifMatch, version)) {
      throw new PreconditionFailedException(
          "The resource was changed since its ETag " + ifMatch + " was read");
    }
  }

  private RouterEvent workerEvent(EventType type, Worker worker, String description, Instant now) {
    return RouterEvent.builder(
            worker.getWorkspace().getAccountSid(),
            worker.getWorkspace().getSid(),
            type,
            "worker",
            worker.getSid(),
            now)
        .description(description + ": " + worker.getFriendlyName())
        .data(WorkerData.of(worker))
        .worker(worker.getSid())
        .build();
  }
}
