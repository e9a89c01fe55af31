package org.switchboard.web.api.event;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.switchboard.application.EventService;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.web.api.PageEnvelope;
import org.switchboard.web.api.auth.CallerAccount;
import org.switchboard.web.api.dto.event.EventDto;

/** {@code /v1/Workspaces/{WorkspaceSid}/Events}: the last 15 minutes unless a window is given. */
@RequestScoped
@Path("Workspaces/{WorkspaceSid}/Events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

  @Inject private EventService events;
  @Inject private CallerAccount caller;
  @Context private UriInfo uriInfo;

  @GET
  public Map<String, Object> list(
      @PathParam("WorkspaceSid") String workspaceSid,
      @QueryParam("EndDate") String endDate,
      @QueryParam("EventType") String eventType,
      @QueryParam("Minutes") String minutes,
      @QueryParam("ReservationSid") String reservationSid,
      @QueryParam("StartDate") String startDate,
      @QueryParam("TaskQueueSid") String taskQueueSid,
      @QueryParam("TaskSid") String taskSid,
      @QueryParam("WorkerSid") String workerSid,
      @QueryParam("WorkflowSid") String workflowSid,
      @QueryParam("TaskChannel") String taskChannel,
      @QueryParam("Sid") String sid,
      @QueryParam("ResourceSid") String resourceSid,
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    EventService.Filter filter =
        new EventService.Filter(
            minutes,
            startDate,
            endDate,
            eventType,
            reservationSid,
            resourceSid,
            taskQueueSid,
            taskSid,
            workerSid,
            workflowSid,
            taskChannel,
            sid);
    Page<RouterEvent> result =
        events.list(
            caller.sid(), workspaceSid, filter, PageRequest.parse(page, pageSize, pageToken));
    String base = uriInfo.getBaseUri().toString();
    return PageEnvelope.of(
        "events", result, result.map(e -> EventDto.from(e, base)).items(), uriInfo);
  }

  @GET
  @Path("{Sid}")
  public EventDto fetch(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    return EventDto.from(
        events.get(caller.sid(), workspaceSid, sid), uriInfo.getBaseUri().toString());
  }
}
