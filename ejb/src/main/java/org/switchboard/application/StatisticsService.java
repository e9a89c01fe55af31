package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
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
import org.switchboard.domain.event.StatisticsRepository.Figures;
import org.switchboard.domain.event.StatisticsRepository.Summary;
import org.switchboard.domain.shared.NotFoundException;
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
    Instant rolledUntil = statistics.rolledUntil();
    Figures figures = statistics.figures(where, rolledUntil);
    Map<String, Long> counts = figures.counts();
    Summary accepted = figures.accepted();

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
    stats.put("avg_task_acceptance_time", average(accepted));
    stats.put("wait_duration_until_accepted", durations(accepted));
    stats.put("wait_duration_until_canceled", durations(figures.canceled()));
    stats.put("wait_duration_in_queue_until_accepted", durations(figures.acceptedInQueue()));
    Map<String, Object> splits = new LinkedHashMap<>();
    List<Long> acceptedAges =
        window.splitByWaitTime().isEmpty()
            ? List.of()
            : statistics.taskAges(where, EventType.RESERVATION_ACCEPTED);
    List<Long> canceledAges =
        window.splitByWaitTime().isEmpty()
            ? List.of()
            : statistics.taskAges(where, EventType.TASK_CANCELED);
    for (int threshold : window.splitByWaitTime()) {
      Map<String, Object> split = new LinkedHashMap<>();
      split.put("above", splitCounts(acceptedAges, canceledAges, threshold, true));
      split.put("below", splitCounts(acceptedAges, canceledAges, threshold, false));
      splits.put(Integer.toString(threshold), split);
    }
    stats.put("split_by_wait_time", splits.isEmpty() ? null : splits);
    if (scope == Scope.WORKER || scope == Scope.WORKSPACE) {
      stats.put(
          "activity_durations",
          activityDurations(
              workspaceSid,
              scope == Scope.WORKER ? Set.of(scopeSid) : workers,
              window,
              rolledUntil));
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
    String queueSid = scope == Scope.TASK_QUEUE ? scopeSid : null;
    String workflowSid = scope == Scope.WORKFLOW ? scopeSid : null;
    Instant now = clock.instant();
    Map<TaskStatus, Long> byStatusCounts = new EnumMap<>(TaskStatus.class);
    Map<String, Object> byPriority = new TreeMap<>();
    long total = 0;
    for (Object[] row : tasks.liveCounts(workspaceSid, queueSid, workflowSid, channel)) {
      TaskStatus status = (TaskStatus) row[0];
      long count = (Long) row[2];
      byStatusCounts.merge(status, count, Long::sum);
      total += count;
      if (status == TaskStatus.PENDING || status == TaskStatus.RESERVED) {
        byPriority.merge(Integer.toString((Integer) row[1]), count, (a, b) -> (Long) a + (Long) b);
      }
    }
    Map<String, Object> byStatus = new LinkedHashMap<>();
    for (TaskStatus status :
        List.of(
            TaskStatus.PENDING, TaskStatus.RESERVED, TaskStatus.ASSIGNED, TaskStatus.WRAPPING)) {
      byStatus.put(status.wireName(), byStatusCounts.getOrDefault(status, 0L));
    }
    // with no task waiting, there is no longest: not asked, since PostgreSQL's plan for it walks
    // the workspace's waiting tasks in age order, all of them when none is in scope (50 ms for a
    // queue of none beside 100,000 waiting elsewhere)
    boolean waiting =
        byStatusCounts.getOrDefault(TaskStatus.PENDING, 0L)
                + byStatusCounts.getOrDefault(TaskStatus.RESERVED, 0L)
            > 0;
    Object[] longest =
        waiting ? tasks.longestWaiting(workspaceSid, queueSid, workflowSid, channel, false) : null;
    Object[] longestInQueue =
        waiting ? tasks.longestWaiting(workspaceSid, queueSid, workflowSid, channel, true) : null;
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("tasks_by_status", byStatus);
    stats.put("tasks_by_priority", byPriority);
    stats.put("total_tasks", total);
    stats.put("longest_task_waiting_age", longest == null ? 0 : secondsSince(longest[1], now));
    stats.put("longest_task_waiting_sid", longest == null ? null : longest[0]);
    stats.put(
        "longest_relative_task_age_in_queue",
        longestInQueue == null ? 0 : secondsSince(longestInQueue[1], now));
    stats.put(
        "longest_relative_task_sid_in_queue", longestInQueue == null ? null : longestInQueue[0]);
    // every worker in scope by activity; eligible: could take the scope's tasks whatever their
    // activity, i.e. (with a TaskChannel) have capacity on that channel; available: eligible and in
    // an available activity
    Set<String> only = onlyWorkers == null ? null : orNone(onlyWorkers);
    List<Object[]> inScope = workerRepository.countsByActivity(workspaceSid, queueSid, only, null);
    Map<String, Long> byActivity = new HashMap<>();
    long workers = 0;
    for (Object[] row : inScope) {
      byActivity.merge((String) row[0], (Long) row[2], Long::sum);
      workers += (Long) row[2];
    }
    long eligible = 0;
    long available = 0;
    for (Object[] row :
        channel == null
            ? inScope
            : workerRepository.countsByActivity(workspaceSid, queueSid, only, channel)) {
      eligible += (Long) row[2];
      available += Boolean.TRUE.equals(row[1]) ? (Long) row[2] : 0;
    }
    stats.put("activity_statistics", activityStatistics(workspaceSid, byActivity));
    stats.put("total_workers", workers);
    stats.put("total_eligible_workers", eligible);
    stats.put("total_available_workers", available);
    return stats;
  }

  /** Whole seconds from {@code since} (an instant a query read) to {@code now}, at least 0. */
  private static long secondsSince(Object since, Instant now) {
    return Math.max(0, Duration.between((Instant) since, now).getSeconds());
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
    matching.addAll(workerRepository.sidsIn(workspaceSid, queueSid(queue), friendlyName));
    return matching;
  }

  private static String queueSid(TaskQueue queue) {
    return queue == null ? null : queue.getSid();
  }

  /** A workers restriction that JPQL's {@code in} accepts even when it is empty. */
  private static Set<String> orNone(Set<String> workers) {
    return workers.isEmpty() ? Set.of("-") : workers;
  }

  /** Each of the workspace's activities with how many workers in scope are in it. */
  private List<Map<String, Object>> activityStatistics(
      String workspaceSid, Map<String, Long> workersByActivity) {
    List<Map<String, Object>> stats = new ArrayList<>();
    for (Activity activity : activities(workspaceSid)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("sid", activity.getSid());
      entry.put("friendly_name", activity.getFriendlyName());
      entry.put("workers", workersByActivity.getOrDefault(activity.getSid(), 0L));
      stats.add(entry);
    }
    return stats;
  }

  private List<Map<String, Object>> activityDurations(
      String workspaceSid, Set<String> workerSids, StatisticsWindow window, Instant rolledUntil) {
    Set<String> only = workerSids == null ? null : orNone(workerSids);
    Map<String, List<Long>> stays = new HashMap<>();
    for (Object[] stay : workerRepository.currentStays(workspaceSid, only)) {
      Instant changed = (Instant) stay[1];
      Instant from = changed.isAfter(window.start()) ? changed : window.start();
      if (from.isBefore(window.end())) {
        stays
            .computeIfAbsent((String) stay[0], k -> new ArrayList<>())
            .add(Duration.between(from, window.end()).getSeconds());
      }
    }
    Map<String, Summary> ended =
        statistics.activityStays(workspaceSid, window.start(), window.end(), only, rolledUntil);
    List<Map<String, Object>> durations = new ArrayList<>();
    for (Activity activity : activities(workspaceSid)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("sid", activity.getSid());
      entry.put("friendly_name", activity.getFriendlyName());
      entry.putAll(
          durations(
              ended
                  .getOrDefault(activity.getSid(), Summary.NONE)
                  .plus(Summary.of(stays.getOrDefault(activity.getSid(), List.of())))));
      durations.add(entry);
    }
    return durations;
  }

  private List<Activity> activities(String workspaceSid) {
    return activities.inCreationOrder(workspaceSid);
  }

  private static Map<String, Object> durations(Summary values) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("avg", average(values));
    d.put("min", values.min());
    d.put("max", values.max());
    d.put("total", values.sum());
    return d;
  }

  private static long average(Summary values) {
    return values.count() == 0 ? 0 : Math.round((double) values.sum() / values.count());
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
