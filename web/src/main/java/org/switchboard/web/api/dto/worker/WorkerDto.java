package org.switchboard.web.api.dto.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.domain.worker.Worker;
import org.switchboard.web.api.ApiFormat;

/** A worker as TaskRouter's {@code taskrouter.v1.workspace.worker} schema shows it. */
public record WorkerDto(
    String accountSid,
    String activityName,
    String activitySid,
    String attributes,
    Boolean available,
    String dateCreated,
    String dateStatusChanged,
    String dateUpdated,
    String friendlyName,
    String sid,
    String workspaceSid,
    String url,
    Map<String, String> links) {

  public static WorkerDto from(Worker w, String baseUrl) {
    String workspaceUrl = baseUrl + "Workspaces/" + w.getWorkspace().getSid();
    String url = workspaceUrl + "/Workers/" + w.getSid();
    Map<String, String> links = new LinkedHashMap<>();
    links.put("channels", url + "/Channels");
    links.put("activity", workspaceUrl + "/Activities/" + w.getActivity().getSid());
    links.put("workspace", workspaceUrl);
    links.put("reservations", url + "/Reservations");
    links.put("worker_statistics", url + "/Statistics");
    links.put("statistics", workspaceUrl + "/Workers/Statistics");
    links.put("real_time_statistics", workspaceUrl + "/Workers/RealTimeStatistics");
    links.put("cumulative_statistics", workspaceUrl + "/Workers/CumulativeStatistics");
    return new WorkerDto(
        w.getWorkspace().getAccountSid(),
        w.getActivity().getFriendlyName(),
        w.getActivity().getSid(),
        w.getAttributes(),
        w.isAvailable(),
        ApiFormat.iso(w.getDateCreated()),
        ApiFormat.iso(w.getDateStatusChanged()),
        ApiFormat.iso(w.getDateUpdated()),
        w.getFriendlyName(),
        w.getSid(),
        w.getWorkspace().getSid(),
        url,
        links);
  }
}
