package org.switchboard.web.api.dto.event;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.web.api.ApiFormat;

/** An event as TaskRouter's {@code taskrouter.v1.workspace.event} schema shows it. */
public record EventDto(
    String accountSid,
    String actorSid,
    String actorType,
    String actorUrl,
    String description,
    JsonObject eventData,
    String eventDate,
    Long eventDateMs,
    String eventType,
    String resourceSid,
    String resourceType,
    String resourceUrl,
    String sid,
    String source,
    String sourceIpAddress,
    String workspaceSid,
    String url) {

  public static EventDto from(RouterEvent e, String baseUrl) {
    String workspaceUrl = baseUrl + "Workspaces/" + e.getWorkspaceSid();
    JsonObject data;
    try (JsonReader reader = Jsons.createReader(new StringReader(e.getEventData()))) {
      data = reader.readObject();
    }
    return new EventDto(
        e.getAccountSid(),
        e.getActorSid(),
        e.getActorType(),
        e.getActorSid() == null
            ? null
            : resourceUrl(workspaceUrl, e.getActorType(), e.getActorSid()),
        e.getDescription(),
        data,
        ApiFormat.iso(e.getDateCreated()),
        e.getDateCreated().toEpochMilli(),
        e.getEventType(),
        e.getResourceSid(),
        e.getResourceType(),
        resourceUrl(workspaceUrl, e.getResourceType(), e.getResourceSid()),
        e.getSid(),
        e.getSource(),
        e.getSourceIpAddress(),
        e.getWorkspaceSid(),
        workspaceUrl + "/Events/" + e.getSid());
  }

  private static String resourceUrl(String workspaceUrl, String type, String sid) {
    String collection =
        switch (type == null ? "" : type) {
          case "task" -> "Tasks";
          case "worker" -> "Workers";
          case "task_queue" -> "TaskQueues";
          case "workflow" -> "Workflows";
          case "activity" -> "Activities";
          case "task_channel" -> "TaskChannels";
          default -> null;
        };
    return collection == null ? workspaceUrl : workspaceUrl + "/" + collection + "/" + sid;
  }
}
