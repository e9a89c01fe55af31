package org.switchboard.web.api.dto.task;

import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.web.api.ApiFormat;

/** A task queue as TaskRouter's {@code taskrouter.v1.workspace.task_queue} schema shows it. */
public record TaskQueueDto(
    String accountSid,
    String assignmentActivitySid,
    String assignmentActivityName,
    String dateCreated,
    String dateUpdated,
    String friendlyName,
    Integer maxReservedWorkers,
    String reservationActivitySid,
    String reservationActivityName,
    String sid,
    String targetWorkers,
    String taskOrder,
    String url,
    String workspaceSid,
    Map<String, String> links) {

  public static TaskQueueDto from(TaskQueue q, String baseUrl) {
    String workspaceUrl = baseUrl + "Workspaces/" + q.getWorkspace().getSid();
    String url = workspaceUrl + "/TaskQueues/" + q.getSid();
    Activity assignment = q.getAssignmentActivity();
    Activity reservation = q.getReservationActivity();
    Map<String, String> links = new LinkedHashMap<>();
    links.put(
        "assignment_activity",
        assignment == null ? null : workspaceUrl + "/Activities/" + assignment.getSid());
    links.put(
        "reservation_activity",
        reservation == null ? null : workspaceUrl + "/Activities/" + reservation.getSid());
    links.put("workspace", workspaceUrl);
    links.put("statistics", url + "/Statistics");
    links.put("real_time_statistics", url + "/RealTimeStatistics");
    links.put("cumulative_statistics", url + "/CumulativeStatistics");
    links.values().removeIf(v -> v == null);
    return new TaskQueueDto(
        q.getWorkspace().getAccountSid(),
        assignment == null ? null : assignment.getSid(),
        assignment == null ? null : assignment.getFriendlyName(),
        ApiFormat.iso(q.getDateCreated()),
        ApiFormat.iso(q.getDateUpdated()),
        q.getFriendlyName(),
        q.getMaxReservedWorkers(),
        reservation == null ? null : reservation.getSid(),
        reservation == null ? null : reservation.getFriendlyName(),
        q.getSid(),
        q.getTargetWorkers(),
        q.getTaskOrder().name(),
        url,
        q.getWorkspace().getSid(),
        links);
  }
}
