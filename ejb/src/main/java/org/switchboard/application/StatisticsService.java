package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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
import org.switchboard.domain.event.StatisticsRepository;
import org.switchboard.domain.event.StatisticsRepository.EventWindow;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskRepository;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.taskchannel.TaskChannelRepository;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.taskqueue.TaskQueueRepository;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.worker.WorkerRepository;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.ActivityRepository;
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

  @Inject private StatisticsRepository statistics;
  @Inject private TaskRepository tasks;
  @Inject private WorkerRepository workerRepository;
  @Inject private TaskQueueRepository taskQueues;
  @Inject private TaskChannelRepository taskChannels;
  @Inject private ActivityRepository activities;
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
    EventWindow where =
        new EventWindow(
            workspaceSid,
            window.start(),
            window.end(),
            scope == Scope.TASK_QUEUE ? scopeSid : null,
            scope == Scope.WORKFLOW ? scopeSid : null,
            scope == Scope.WORKER ? scopeSid : null,
            channel,
            workers);
    for (Object[] row : statistics.countsByType(where)) {
      counts.put((String) row[0], (Long) row[1]);
    }
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
        tasks.liveIn(
            workspaceSid,
            scope == Scope.TASK_QUEUE ? scopeSid : null,
            scope == Scope.WORKFLOW ? scopeSid : null,
            channel);
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
            : workers.stream().filter(w -> workerRepository.hasCapacityOn(w, channel)).toList();
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
    if (!statistics.exists(type, workspaceSid, scopeSid)) {
      throw NotFoundException.of(type.getSimpleName(), scopeSid);
    }
  }

  /** A TaskChannel parameter (sid or unique name) as the unique name events carry. */
  private String channelName(String workspaceSid, String taskChannel) {
    if (taskChannel == null || taskChannel.isBlank()) {
      return null;
    }
    List<String> names = taskChannels.uniqueNamesOf(workspaceSid, taskChannel);
    if (names.isEmpty()) {
      throw NotFoundException.of(TaskChannel.class.getSimpleName(), taskChannel);
    }
    return names.get(0);
  }

  /** The {@code field} (a task's age, or its age in its queue) of the window's events of a type. */
  private List<Long> ages(EventType type, String field, EventWindow w) {
    List<Long> ages = new ArrayList<>();
    for (String data : statistics.dataOf(w, type.wireName())) {
      try (JsonReader reader = Jsons.createReader(new StringReader(data))) {
        JsonObject json = reader.readObject();
        if (json.get(field) instanceof JsonNumber age) {
          ages.add(age.longValue());
        }
      }
    }
    return ages;
  }

  /** The workspace's workers, or for a queue the workers its target_workers admits. */
  private List<Worker> workers(String workspaceSid, Scope scope, String scopeSid) {
    List<Worker> all = workerRepository.allIn(workspaceSid, null);
    if (scope != Scope.TASK_QUEUE) {
      return all;
    }
    TaskQueue queue = em.find(TaskQueue.class, scopeSid);
    return all.stream().filter(w -> eligibility.inQueue(queue, w)).toList();
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
          taskQueues.withSidElseName(workspaceSid, taskQueueSid, taskQueueName);
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
    for (String data :
        statistics.activityUpdates(workspaceSid, window.start(), window.end(), only)) {
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
    for (Worker worker : workerRepository.allIn(workspaceSid, only)) {
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
    return activities.inCreationOrder(workspaceSid);
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
