package org.switchboard.web.api.dto.workspace;

import java.util.Map;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.web.api.ApiFormat;

/** A task channel as TaskRouter's {@code taskrouter.v1.workspace.task_channel} schema shows it. */
public record TaskChannelDto(
    String accountSid,
    String dateCreated,
    String dateUpdated,
    String friendlyName,
    String sid,
    String uniqueName,
    String workspaceSid,
    Boolean channelOptimizedRouting,
    String url,
    Map<String, String> links) {

  public static TaskChannelDto from(TaskChannel c, String baseUrl) {
    String workspaceUrl = baseUrl + "Workspaces/" + c.getWorkspace().getSid();
    return new TaskChannelDto(
        c.getWorkspace().getAccountSid(),
        ApiFormat.iso(c.getDateCreated()),
        ApiFormat.iso(c.getDateUpdated()),
        c.getFriendlyName(),
        c.getSid(),
        c.getUniqueName(),
        c.getWorkspace().getSid(),
        c.getChannelOptimizedRouting() == null ? Boolean.FALSE : c.getChannelOptimizedRouting(),
        workspaceUrl + "/TaskChannels/" + c.getSid(),
        Map.of("workspace", workspaceUrl));
  }
}
