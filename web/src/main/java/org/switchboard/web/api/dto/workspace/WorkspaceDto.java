package org.switchboard.web.api.dto.workspace;

import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.web.api.ApiFormat;

/** A workspace as TaskRouter's {@code taskrouter.v1.workspace} schema shows it. */
public record WorkspaceDto(
    String accountSid,
    String dateCreated,
    String dateUpdated,
    String defaultActivityName,
    String defaultActivitySid,
    String eventCallbackUrl,
    String eventsFilter,
    String friendlyName,
    Boolean multiTaskEnabled,
    String sid,
    String timeoutActivityName,
    String timeoutActivitySid,
    String prioritizeQueueOrder,
    String url,
    Map<String, String> links) {

  private static final String[][] LINKS = {
    {"activities", "Activities"},
    {"statistics", "Statistics"},
    {"real_time_statistics", "RealTimeStatistics"},
    {"cumulative_statistics", "CumulativeStatistics"},
    {"task_queues", "TaskQueues"},
    {"tasks", "Tasks"},
    {"workers", "Workers"},
    {"workflows", "Workflows"},
    {"task_channels", "TaskChannels"},
    {"events", "Events"}
  };

  /**
   * @param baseUrl the API's base URL as the client reached it, ending in {@code /v1/}
   */
  public static WorkspaceDto from(Workspace w, String baseUrl) {
    String url = baseUrl + "Workspaces/" + w.getSid();
    Map<String, String> links = new LinkedHashMap<>();
    for (String[] link : LINKS) {
      links.put(link[0], url + "/" + link[1]);
    }
    Activity defaultActivity = w.getDefaultActivity();
    Activity timeoutActivity = w.getTimeoutActivity();
    return new WorkspaceDto(
        w.getAccountSid(),
        ApiFormat.iso(w.getDateCreated()),
        ApiFormat.iso(w.getDateUpdated()),
        defaultActivity == null ? null : defaultActivity.getFriendlyName(),
        defaultActivity == null ? null : defaultActivity.getSid(),
        w.getEventCallbackUrl(),
        w.getEventsFilter(),
        w.getFriendlyName(),
        w.isMultiTaskEnabled(),
        w.getSid(),
        timeoutActivity == null ? null : timeoutActivity.getFriendlyName(),
        timeoutActivity == null ? null : timeoutActivity.getSid(),
        w.getPrioritizeQueueOrder().name(),
        url,
        links);
  }
}
