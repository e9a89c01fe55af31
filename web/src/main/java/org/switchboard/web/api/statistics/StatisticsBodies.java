package org.switchboard.web.api.statistics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shapes statistics into the bodies TaskRouter documents: each endpoint's schema lists its keys,
 * and only those are written, in that order, with the identifying sids and the URL.
 */
final class StatisticsBodies {

  static final List<String> RESERVATIONS =
      List.of(
          "reservations_created",
          "reservations_accepted",
          "reservations_rejected",
          "reservations_timed_out",
          "reservations_canceled",
          "reservations_rescinded");

  static final List<String> WORKSPACE_CUMULATIVE =
      concat(
          List.of("avg_task_acceptance_time", "start_time", "end_time"),
          RESERVATIONS,
          List.of(
              "split_by_wait_time",
              "wait_duration_until_accepted",
              "wait_duration_until_canceled",
              "tasks_canceled",
              "tasks_completed",
              "tasks_created",
              "tasks_deleted",
              "tasks_moved",
              "tasks_timed_out_in_workflow"));

  static final List<String> QUEUE_CUMULATIVE =
      concat(
          List.of("avg_task_acceptance_time", "start_time", "end_time"),
          RESERVATIONS,
          List.of(
              "split_by_wait_time",
              "wait_duration_until_accepted",
              "wait_duration_until_canceled",
              "wait_duration_in_queue_until_accepted",
              "tasks_canceled",
              "tasks_completed",
              "tasks_deleted",
              "tasks_entered",
              "tasks_moved"));

  static final List<String> WORKFLOW_CUMULATIVE =
      concat(
          List.of("avg_task_acceptance_time", "start_time", "end_time"),
          RESERVATIONS,
          List.of(
              "split_by_wait_time",
              "wait_duration_until_accepted",
              "wait_duration_until_canceled",
              "tasks_canceled",
              "tasks_completed",
              "tasks_entered",
              "tasks_deleted",
              "tasks_moved",
              "tasks_timed_out_in_workflow"));

  static final List<String> WORKERS_CUMULATIVE =
      concat(List.of("start_time", "end_time", "activity_durations"), RESERVATIONS, List.of());

  static final List<String> WORKSPACE_REALTIME =
      List.of(
          "activity_statistics",
          "longest_task_waiting_age",
          "longest_task_waiting_sid",
          "tasks_by_priority",
          "tasks_by_status",
          "total_tasks",
          "total_workers");

  static final List<String> QUEUE_REALTIME =
      List.of(
          "activity_statistics",
          "longest_task_waiting_age",
          "longest_task_waiting_sid",
          "longest_relative_task_age_in_queue",
          "longest_relative_task_sid_in_queue",
          "tasks_by_priority",
          "tasks_by_status",
          "total_available_workers",
          "total_eligible_workers",
          "total_tasks");

  static final List<String> WORKFLOW_REALTIME =
      List.of(
          "longest_task_waiting_age",
          "longest_task_waiting_sid",
          "tasks_by_priority",
          "tasks_by_status",
          "total_tasks");

  static final List<String> WORKERS_REALTIME = List.of("activity_statistics", "total_workers");

  private StatisticsBodies() {}

  /** The keys of {@code source} that {@code keys} names, in that order. */
  static Map<String, Object> pick(Map<String, Object> source, List<String> keys) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (String key : keys) {
      body.put(key, source.get(key));
    }
    return body;
  }

  /** A body: the identifying fields first, then the figures, then the URL (null to leave out). */
  static Map<String, Object> body(
      String accountSid,
      String workspaceSid,
      String scopeKey,
      String scopeSid,
      Map<String, Object> figures,
      String url) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("account_sid", accountSid);
    body.put("workspace_sid", workspaceSid);
    if (scopeKey != null) {
      body.put(scopeKey, scopeSid);
    }
    body.putAll(figures);
    if (url != null) {
      body.put("url", url);
    }
    return body;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
  }
}
