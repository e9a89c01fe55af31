package org.switchboard.web.api.dto.task;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.web.api.ApiFormat;

/** A task as TaskRouter's {@code taskrouter.v1.workspace.task} schema shows it. */
public record TaskDto(
    String accountSid,
    Long age,
    String assignmentStatus,
    String attributes,
    String addons,
    String dateCreated,
    String dateUpdated,
    String taskQueueEnteredDate,
    Integer priority,
    String reason,
    String sid,
    String taskQueueSid,
    String taskQueueFriendlyName,
    String taskChannelSid,
    String taskChannelUniqueName,
    Integer timeout,
    String workflowSid,
    String workflowFriendlyName,
    String workspaceSid,
    String url,
    Map<String, String> links,
    String virtualStartTime,
    Boolean ignoreCapacity,
    String routingTarget) {

  public static TaskDto from(Task t, String baseUrl, Instant now) {
    String workspaceUrl = baseUrl + "Workspaces/" + t.getWorkspace().getSid();
    String url = workspaceUrl + "/Tasks/" + t.getSid();
    TaskQueue queue = t.getTaskQueue();
    Map<String, String> links = new LinkedHashMap<>();
    if (queue != null) {
      links.put("task_queue", workspaceUrl + "/TaskQueues/" + queue.getSid());
    }
    links.put("workflow", workspaceUrl + "/Workflows/" + t.getWorkflow().getSid());
    links.put("workspace", workspaceUrl);
    links.put("reservations", url + "/Reservations");
    return new TaskDto(
        t.getWorkspace().getAccountSid(),
        t.ageSeconds(now),
        t.getAssignmentStatus().wireName(),
        t.getAttributes(),
        t.getAddons(),
        ApiFormat.iso(t.getDateCreated()),
        ApiFormat.iso(t.getDateUpdated()),
        ApiFormat.iso(t.getTaskQueueEnteredDate()),
        t.getPriority(),
        t.getReason(),
        t.getSid(),
        queue == null ? null : queue.getSid(),
        queue == null ? null : queue.getFriendlyName(),
        t.getTaskChannel().getSid(),
        t.getTaskChannel().getUniqueName(),
        t.getTimeout(),
        t.getWorkflow().getSid(),
        t.getWorkflow().getFriendlyName(),
        t.getWorkspace().getSid(),
        url,
        links,
        ApiFormat.iso(t.getVirtualStartTime()),
        t.isIgnoreCapacity(),
        t.getRoutingTarget());
  }
}
