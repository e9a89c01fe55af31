package org.switchboard.web.api.dto.task;

import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.web.api.ApiFormat;

/** A workflow as TaskRouter's {@code taskrouter.v1.workspace.workflow} schema shows it. */
public record WorkflowDto(
    String accountSid,
    String assignmentCallbackUrl,
    String configuration,
    String dateCreated,
    String dateUpdated,
    String documentContentType,
    String fallbackAssignmentCallbackUrl,
    String friendlyName,
    String sid,
    Integer taskReservationTimeout,
    String url,
    String workspaceSid,
    Map<String, String> links) {

  public static WorkflowDto from(Workflow w, String baseUrl) {
    String url = baseUrl + "Workspaces/" + w.getWorkspace().getSid() + "/Workflows/" + w.getSid();
    Map<String, String> links = new LinkedHashMap<>();
    links.put("statistics", url + "/Statistics");
    links.put("real_time_statistics", url + "/RealTimeStatistics");
    links.put("cumulative_statistics", url + "/CumulativeStatistics");
    return new WorkflowDto(
        w.getWorkspace().getAccountSid(),
        w.getAssignmentCallbackUrl(),
        w.getConfiguration(),
        ApiFormat.iso(w.getDateCreated()),
        ApiFormat.iso(w.getDateUpdated()),
        w.getDocumentContentType(),
        w.getFallbackAssignmentCallbackUrl(),
        w.getFriendlyName(),
        w.getSid(),
        w.getTaskReservationTimeout(),
        url,
        w.getWorkspace().getSid(),
        links);
  }
}
