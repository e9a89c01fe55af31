package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.infrastructure.jpa.JpaWorkspaceRepository;
import org.switchboard.infrastructure.jpa.ListQuery;
import org.switchboard.routing.Eligibility;

/**
 * TaskRouter's statistics, computed from what is stored: real-time figures from the current tasks
 * and workers, cumulative figures from the events of a time window. Values are returned as maps
 * with TaskRouter's snake_case keys; the resources pick the keys each endpoint documents.
 *
 * <p>Wait durations are the task's age when the event happened ({@code task_age} of {@code
 * reservation.accepted} and {@code task.canceled}). Activity durations are the completed stays
 * recorded by {@code worker.activity.update} events in the window plus each worker's current stay,
 * clipped to the window.
 */
@Stateless
public class StatisticsService {

  /** Whose statistics. */
  public enum Scope {
    WORKSPACE,
    TASK_QUEUE,
    WORKFLOW,
    WORKER
  }

  @PersistenceContext private EntityManager em;
  @Inject private JpaWorkspaceRepository workspaces;
  @Inject private Eligibility eligibility;
  @Inject private Clock clock;

  /**
   * Cumulative figures of a window.
   *
   * @throws NotFoundException if the workspace, or the scope's resource, is not the account's
   */
  public Map<String, Object> cumulative(
      String accountSid,
      String workspaceSid,
      Scope scope,
      String scopeSid,
      StatisticsWindow window) {
    return cumulative(accountSid, workspaceSid, scope, scopeSid, window, null);
  }

  /**
   * Cumulative figures of a window, of the given workers only ({@code null}: no restriction), as
   * FetchWorkerStatistics' {@code TaskQueueSid}, {@code TaskQueueName} and {@code FriendlyName} ask
   * (see {@link #workersMatching}).
   */
  public Map<String, Object> cumulative(
      String accountSid,
      String workspaceSid,
      Scope scope,
      String scopeSid,
      StatisticsWindow window,
      Set<String> onlyWorkers) {
    requireScope(accountSid, workspaceSid, scope, scopeSid);
    String channel = channelName(workspaceSid, window.taskChannel());
    Set<String> workers = onlyWorkers == null ? null : orNone(onlyWorkers);
    Map<String, Long> counts = new HashMap<>();
    for (Object[] row :
        restrict(
                eventQuery(
                    "select e.eventType, count(e) from RouterEvent e where %s"
                        + (workers == null ? "" : " and e.workerSid in :workers")
                        + " group by e.eventType",
                    Object[].class,
                    workspaceSid,
                    scope,
                    scopeSid,
                    window,
                    channel),
                workers)
            .getResultList()) {
      counts.put((String) row[0], (Long) row[1]);
    }
    Window where = new Window(workspaceSid, scope, scopeSid, window, channel, workers);
    List<Long> accepted = ages(EventType.RESERVATION_ACCEPTED, "task_age", where);
    List<Long> acceptedInQueue = ages(EventType.RESERVATION_ACCEPTED, "task_age_in_queue", where);
    List<Long> canceled = ages(EventType.TASK_CANCELED, "task_age", where);

    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("start_time", iso(window.start()));
    stats.put("end_time", iso(window.end()));
    stats.put("reservations_created", count(counts, EventType.RESERVATION_CREATED));
    stats.put("reservations_accepted", count(counts, EventType.RESERVATION_ACCEPTED));
    stats.put("reservations_rejected", count(counts, EventType.RESERVATION_REJECTED));
    stats.put("reservations_timed_out", count(counts, EventType.RESERVATION_TIMEOUT));
    stats.put("reservations_canceled", count(counts, EventType.RESERVATION_CANCELED));
    stats.put("reservations_rescinded", count(counts, EventType.RESERVATION_RESCINDED));
    stats.put("tasks_created", count(counts, EventType.TASK_CREATED));
    stats.put("tasks_canceled", count(counts, EventType.TASK_CANCELED));
    stats.put("tasks_completed", count(counts, EventType.TASK_COMPLETED));
    stats.put("tasks_deleted", count(counts, EventType.TASK_DELETED));
    stats.put("tasks_entered", count(counts, EventType.TASK_QUEUE_ENTERED));
    stats.put("tasks_moved", count(counts, EventType.TASK_QUEUE_MOVED));
    stats.put("tasks_timed_out_in_workflow", count(counts, EventType.WORKFLOW_TIMEOUT));
    stats.put(
        "avg_task_acceptance_time",
        accepted.isEmpty()
            ? 0
            : Math.round(accepted.stream().mapToLong(Long::longValue).average().orElse(0)));
    stats.put("wait_duration_until_accepted", durations(accepted));
    stats.put("wait_duration_until_canceled", durations(canceled));
    stats.put("wait_duration_in_queue_until_accepted", durations(acceptedInQueue));
    Map<String, Object> splits = new LinkedHashMap<>();
    for (int threshold : window.splitByWaitTime()) {
      Map<String, Object> split = new LinkedHashMap<>();
      split.put("above", splitCounts(accepted, canceled, threshold, true));
      split.put("below", splitCounts(accepted, canceled, threshold, false));
      splits.put(Integer.toString(threshold), split);
    }
    stats.put("split_by_wait_time", splits.isEmpty() ? null : splits);
    if (scope == Scope.WORKER || scope == Scope.WORKSPACE) {
      stats.put(
          "activity_durations",
          activityDurations(
              workspaceSid, scope == Scope.WORKER ? Set.of(scopeSid) : workers, window));
    }
    return stats;
  }

  /**
   * Real-time figures: tasks by status and priority, the longest waiting task, workers by activity
   * (for a queue: its eligible workers).
   *
   * @throws NotFoundException if the workspace, or the scope's resource, is not the account's
   */
  public Map<String, Object> realtime(
      String accountSid, String workspaceSid, Scope scope, String scopeSid, String taskChannel) {
    return realtime(accountSid, workspaceSid, scope, scopeSid, taskChannel, null);
  }

  /** Real-time figures, of the given workers only ({@code null}: no restriction). */
  public Map<String, Object> realtime(
      String accountSid,
      String workspaceSid,
      Scope scope,
      String scopeSid,
      String taskChannel,
      Set<String> onlyWorkers) {
    requireScope(accountSid, workspaceSid, scope, scopeSid);
    String channel = channelName(workspaceSid, taskChannel);
    List<Task> live =
        taskQuery(workspaceSid, scope, scopeSid, channel)
            .setParameter(
                "statuses",
                List.of(
                    TaskStatus.PENDING,
                    TaskStatus.RESERVED,
                    TaskStatus.ASSIGNED,
                    TaskStatus.WRAPPING))
            .getResultList();
    Instant now = clock.instant();
    Map<String, Object> byStatus = new LinkedHashMap<>();
    for (TaskStatus status :
        List.of(
            TaskStatus.PENDING, TaskStatus.RESERVED, TaskStatus.ASSIGNED, TaskStatus.WRAPPING)) {
      byStatus.put(
          status.wireName(), live.stream().filter(t -> t.getAssignmentStatus() == status).count());
    }
    Map<String, Object> byPriority = new TreeMap<>();
    Task longest = null;
    Task longestInQueue = null;
    for (Task task : live) {
      if (task.getAssignmentStatus() == TaskStatus.PENDING
          || task.getAssignmentStatus() == TaskStatus.RESERVED) {
        byPriority.merge(Integer.toString(task.getPriority()), 1L, (a, b) -> (Long) a + (Long) b);
        if (longest == null || task.getDateCreated().isBefore(longest.getDateCreated())) {
          longest = task;
        }
        if (task.getTaskQueueEnteredDate() != null
            && (longestInQueue == null
                || task.getTaskQueueEnteredDate()
                    .isBefore(longestInQueue.getTaskQueueEnteredDate()))) {
          longestInQueue = task;
        }
      }
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("tasks_by_status", byStatus);
    stats.put("tasks_by_priority", byPriority);
    stats.put("total_tasks", live.size());
    stats.put("longest_task_waiting_age", longest == null ? 0 : longest.ageSeconds(now));
    stats.put("longest_task_waiting_sid", longest == null ? null : longest.getSid());
    stats.put(
        "longest_relative_task_age_in_queue",
        longestInQueue == null
            ? 0
            : Duration.between(longestInQueue.getTaskQueueEnteredDate(), now).getSeconds());
    stats.put(
        "longest_relative_task_sid_in_queue",
        longestInQueue == null ? null : longestInQueue.getSid());
    List<Worker> workers =
        workers(workspaceSid, scope, scopeSid).stream()
            .filter(w -> onlyWorkers == null || onlyWorkers.contains(w.getSid()))
            .toList();
    // eligible: could take the scope's tasks whatever their activity, i.e. (with a TaskChannel)
    // have capacity on that channel; available: eligible and in an available activity
    List<Worker> eligible =
        channel == null
            ? workers
            : workers.stream().filter(w -> hasCapacityOn(w, channel)).toList();
    stats.put("activity_statistics", activityStatistics(workspaceSid, workers));
    stats.put("total_workers", workers.size());
    stats.put("total_eligible_workers", eligible.size());
    stats.put("total_available_workers", eligible.stream().filter(Worker::isAvailable).count());
    return stats;
  }

  /**
   * The workspace's queues, paged, for the per-queue statistics list.
   *
   * @throws NotFoundException if the workspace is not the account's
   */
  public Page<TaskQueue> queues(
      String accountSid, String workspaceSid, String friendlyName, PageRequest request) {
    requireScope(accountSid, workspaceSid, Scope.WORKSPACE, null);
    return ListQuery.of(TaskQueue.class, "q")
        .where("q.workspace.sid = :ws", "ws", workspaceSid)
        .whereIfPresent("q.friendlyName = :name", "name", friendlyName)
        .page(em, request);
  }

  private void requireScope(String accountSid, String workspaceSid, Scope scope, String scopeSid) {
    if (workspaces.find(accountSid, workspaceSid).isEmpty()) {
      throw NotFoundException.of("Workspace", workspaceSid);
    }
    Class<?> type =
        switch (scope) {
          case TASK_QUEUE -> TaskQueue.class;
          case WORKFLOW -> org.switchboard.domain.workflow.Workflow.class;
          case WORKER -> Worker.class;
          case WORKSPACE -> null;
        };
    if (type == null) {
      return;
    }
    Long found =
        em.createQuery(
                "select count(x) from "
                    + type.getSimpleName()
                    + " x where x.sid = :sid"
                    + " and x.workspace.sid = :ws",
                Long.class)
            .setParameter("sid", scopeSid)
            .setParameter("ws", workspaceSid)
            .getSingleResult();
    if (found == 0) {
      throw NotFoundException.of(type.getSimpleName(), scopeSid);
    }
  }

  /** A TaskChannel parameter (sid or unique name) as the unique name events carry. */
  private String channelName(String workspaceSid, String taskChannel) {
    if (taskChannel == null || taskChannel.isBlank()) {
      return null;
    }
    List<String> names =
        em.createQuery(
                "select c.uniqueName from TaskChannel c where c.workspace.sid = :ws"
                    + " and (c.sid = :c or c.uniqueName = :c)",
                String.class)
            .setParameter("ws", workspaceSid)
            .setParameter("c", taskChannel)
            .getResultList();
    if (names.isEmpty()) {
      throw NotFoundException.of(TaskChannel.class.getSimpleName(), taskChannel);
    }
    return names.get(0);
  }

  private <T> TypedQuery<T> eventQuery(
      String jpql,
      Class<T> type,
      String workspaceSid,
      Scope scope,
      String scopeSid,
      StatisticsWindow window,
      String channel) {
    StringBuilder where =
        new StringBuilder(
            "e.workspaceSid = :ws and e.dateCreated >= :start and e.dateCreated <= :end");
    switch (scope) {
      case TASK_QUEUE -> where.append(" and e.taskQueueSid = :scope");
      case WORKFLOW -> where.append(" and e.workflowSid = :scope");
      case WORKER -> where.append(" and e.workerSid = :scope");
      case WORKSPACE -> {}
    }
    if (channel != null) {
      where.append(" and e.taskChannel = :channel");
    }
    TypedQuery<T> query =
        em.createQuery(jpql.formatted(where), type)
            .setParameter("ws", workspaceSid)
            .setParameter("start", window.start())
            .setParameter("end", window.end());
    if (scope != Scope.WORKSPACE) {
      query.setParameter("scope", scopeSid);
    }
    if (channel != null) {
      query.setParameter("channel", channel);
    }
    return query;
  }

  /** The {@code field} (a task's age, or its age in its queue) of the window's events of a type. */
  private List<Long> ages(EventType type, String field, Window w) {
    List<Long> ages = new ArrayList<>();
    for (String data :
        restrict(
                eventQuery(
                    "select e.eventData from RouterEvent e where %s and e.eventType = :type"
                        + (w.workers() == null ? "" : " and e.workerSid in :workers"),
                    String.class,
                    w.workspaceSid(),
                    w.scope(),
                    w.scopeSid(),
                    w.window(),
                    w.channel()),
                w.workers())
            .setParameter("type", type.wireName())
            .getResultList()) {
      try (JsonReader reader = Jsons.createReader(new StringReader(data))) {
        JsonObject json = reader.readObject();
        if (json.get(field) instanceof JsonNumber age) {
          ages.add(age.longValue());
        }
      }
    }
    return ages;
  }

  private TypedQuery<Task> taskQuery(
      String workspaceSid, Scope scope, String scopeSid, String channel) {
    String jpql =
        "select t from Task t where t.workspace.sid = :ws and t.assignmentStatus in :statuses"
            + switch (scope) {
              case TASK_QUEUE -> " and t.taskQueue.sid = :scope";
              case WORKFLOW -> " and t.workflow.sid = :scope";
              default -> "";
            }
            + (channel == null ? "" : " and t.taskChannel.uniqueName = :channel");
    TypedQuery<Task> query = em.createQuery(jpql, Task.class).setParameter("ws", workspaceSid);
    if (scope == Scope.TASK_QUEUE || scope == Scope.WORKFLOW) {
      query.setParameter("scope", scopeSid);
    }
    if (channel != null) {
      query.setParameter("channel", channel);
    }
    return query;
  }

  /** The workspace's workers, or for a queue the workers its target_workers admits. */
  private List<Worker> workers(String workspaceSid, Scope scope, String scopeSid) {
    List<Worker> all =
        em.createQuery("select w from Worker w where w.workspace.sid = :ws", Worker.class)
            .setParameter("ws", workspaceSid)
            .getResultList();
    if (scope != Scope.TASK_QUEUE) {
      return all;
    }
    TaskQueue queue = em.find(TaskQueue.class, scopeSid);
    return all.stream().filter(w -> eligibility.inQueue(queue, w)).toList();
  }

  /** Whether the worker has a channel of this unique name with a capacity above zero. */
  private boolean hasCapacityOn(Worker worker, String channel) {
    return em.createQuery(
                "select count(wc) from WorkerChannel wc where wc.worker = :worker"
                    + " and wc.taskChannel.uniqueName = :channel and wc.configuredCapacity > 0",
                Long.class)
            .setParameter("worker", worker)
            .setParameter("channel", channel)
            .getSingleResult()
        > 0;
  }

  /**
   * FetchWorkerStatistics' filters: the workers of a queue (by sid or name) and/or of a friendly
   * name; null when neither is given.
   *
   * @throws NotFoundException if the named queue is not the workspace's
   */
  public Set<String> workersMatching(
      String accountSid,
      String workspaceSid,
      String taskQueueSid,
      String taskQueueName,
      String friendlyName) {
    requireScope(accountSid, workspaceSid, Scope.WORKSPACE, null);
    if (taskQueueSid == null && taskQueueName == null && friendlyName == null) {
      return null;
    }
    Set<String> matching = new HashSet<>();
    TaskQueue queue = null;
    if (taskQueueSid != null || taskQueueName != null) {
      List<TaskQueue> queues =
          em.createQuery(
                  "select q from TaskQueue q where q.workspace.sid = :ws"
                      + (taskQueueSid != null ? " and q.sid = :q" : " and q.friendlyName = :q"),
                  TaskQueue.class)
              .setParameter("ws", workspaceSid)
              .setParameter("q", taskQueueSid != null ? taskQueueSid : taskQueueName)
              .getResultList();
      if (queues.isEmpty()) {
        throw NotFoundException.of(
            "TaskQueue", taskQueueSid != null ? taskQueueSid : taskQueueName);
      }
      queue = queues.get(0);
    }
    for (Worker worker :
        workers(
            workspaceSid, queue == null ? Scope.WORKSPACE : Scope.TASK_QUEUE, queueSid(queue))) {
      if (friendlyName == null || friendlyName.equals(worker.getFriendlyName())) {
        matching.add(worker.getSid());
      }
    }
    return matching;
  }

  private static String queueSid(TaskQueue queue) {
    return queue == null ? null : queue.getSid();
  }

  /** A workers restriction that JPQL's {@code in} accepts even when it is empty. */
  private static Set<String> orNone(Set<String> workers) {
    return workers.isEmpty() ? Set.of("-") : workers;
  }

  private static <T> TypedQuery<T> restrict(TypedQuery<T> query, Set<String> workers) {
    return workers == null ? query : query.setParameter("workers", workers);
  }

  /** Which events a cumulative figure reads. */
  private record Window(
      String workspaceSid,
      Scope scope,
      String scopeSid,
      StatisticsWindow window,
      String channel,
      Set<String> workers) {}

  private List<Map<String, Object>> activityStatistics(String workspaceSid, List<Worker> workers) {
    List<Map<String, Object>> stats = new ArrayList<>();
    for (Activity activity : activities(workspaceSid)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("sid", activity.getSid());
      entry.put("friendly_name", activity.getFriendlyName());
      entry.put(
          "workers",
          workers.stream().filter(w -> w.getActivity().getSid().equals(activity.getSid())).count());
      stats.add(entry);
    }
    return stats;
  }

  private List<Map<String, Object>> activityDurations(
      String workspaceSid, Set<String> workerSids, StatisticsWindow window) {
    Set<String> only = workerSids == null ? null : orNone(workerSids);
    Map<String, List<Long>> stays = new HashMap<>();
    TypedQuery<String> updates =
        em.createQuery(
                "select e.eventData from RouterEvent e where e.workspaceSid = :ws"
                    + " and e.eventType = 'worker.activity.update'"
                    + " and e.dateCreated >= :start and e.dateCreated <= :end"
                    + (only == null ? "" : " and e.workerSid in :workers"),
                String.class)
            .setParameter("ws", workspaceSid)
            .setParameter("start", window.start())
            .setParameter("end", window.end());
    TypedQuery<Worker> current =
        em.createQuery(
                "select w from Worker w where w.workspace.sid = :ws"
                    + (only == null ? "" : " and w.sid in :workers"),
                Worker.class)
            .setParameter("ws", workspaceSid);
    if (only != null) {
      updates.setParameter("workers", only);
      current.setParameter("workers", only);
    }
    for (String data : updates.getResultList()) {
      try (JsonReader reader = Jsons.createReader(new StringReader(data))) {
        JsonObject json = reader.readObject();
        if (json.containsKey("worker_previous_activity_sid")
            && json.get("worker_time_in_previous_activity") instanceof JsonNumber seconds) {
          stays
              .computeIfAbsent(
                  json.getString("worker_previous_activity_sid"), k -> new ArrayList<>())
              .add(seconds.longValue());
        }
      }
    }
    for (Worker worker : current.getResultList()) {
      Instant from =
          worker.getDateStatusChanged().isAfter(window.start())
              ? worker.getDateStatusChanged()
              : window.start();
      if (from.isBefore(window.end())) {
        stays
            .computeIfAbsent(worker.getActivity().getSid(), k -> new ArrayList<>())
            .add(Duration.between(from, window.end()).getSeconds());
      }
    }
    List<Map<String, Object>> durations = new ArrayList<>();
    for (Activity activity : activities(workspaceSid)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("sid", activity.getSid());
      entry.put("friendly_name", activity.getFriendlyName());
      entry.putAll(durations(stays.getOrDefault(activity.getSid(), List.of())));
      durations.add(entry);
    }
    return durations;
  }

  private List<Activity> activities(String workspaceSid) {
    return em.createQuery(
            "select a from Activity a where a.workspace.sid = :ws order by a.dateCreated, a.sid",
            Activity.class)
        .setParameter("ws", workspaceSid)
        .getResultList();
  }

  private static Map<String, Object> durations(List<Long> values) {
    Map<String, Object> d = new LinkedHashMap<>();
    long total = values.stream().mapToLong(Long::longValue).sum();
    d.put("avg", values.isEmpty() ? 0 : Math.round((double) total / values.size()));
    d.put("min", values.stream().mapToLong(Long::longValue).min().orElse(0));
    d.put("max", values.stream().mapToLong(Long::longValue).max().orElse(0));
    d.put("total", total);
    return d;
  }

  private static Map<String, Object> splitCounts(
      List<Long> accepted, List<Long> canceled, int threshold, boolean above) {
    Map<String, Object> split = new LinkedHashMap<>();
    split.put(
        "reservations_accepted",
        accepted.stream().filter(a -> above ? a > threshold : a <= threshold).count());
    split.put(
        "tasks_canceled",
        canceled.stream().filter(a -> above ? a > threshold : a <= threshold).count());
    return split;
  }

  private static long count(Map<String, Long> counts, EventType type) {
    return counts.getOrDefault(type.wireName(), 0L);
  }

  private static String iso(Instant instant) {
    return java.time.format.DateTimeFormatter.ISO_INSTANT.format(
        instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }
}
