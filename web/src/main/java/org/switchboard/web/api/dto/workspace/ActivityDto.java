package org.switchboard.web.api.dto.workspace;

import java.util.Map;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.web.api.ApiFormat;

/** An activity as TaskRouter's {@code taskrouter.v1.workspace.activity} schema shows it. */
public record ActivityDto(
    String accountSid,
    Boolean available,
    String dateCreated,
    String dateUpdated,
    String friendlyName,
    String sid,
    String workspaceSid,
    String url,
    Map<String, String> links) {

  public static ActivityDto from(Activity a, String accountSid, String baseUrl) {
    String workspaceUrl = baseUrl + "Workspaces/" + a.getWorkspace().getSid();
    return new ActivityDto(
        accountSid,
        a.isAvailable(),
        ApiFormat.iso(a.getDateCreated()),
        ApiFormat.iso(a.getDateUpdated()),
        a.getFriendlyName(),
        a.getSid(),
        a.getWorkspace().getSid(),
        workspaceUrl + "/Activities/" + a.getSid(),
        Map.of("workspace", workspaceUrl));
  }
}
