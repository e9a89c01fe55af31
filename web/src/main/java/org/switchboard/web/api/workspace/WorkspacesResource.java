package org.switchboard.web.api.workspace;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.switchboard.application.WorkspaceService;
import org.switchboard.application.WorkspaceSettings;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.workspace.QueueOrder;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.web.api.ApiFormat;
import org.switchboard.web.api.PageEnvelope;
import org.switchboard.web.api.auth.CallerAccount;
import org.switchboard.web.api.dto.workspace.WorkspaceDto;

/**
 * {@code /v1/Workspaces}: create, list, fetch, update and delete the caller's workspaces. Parses
 * Twilio's form parameters and hands them to {@link WorkspaceService}.
 */
@RequestScoped
@Path("Workspaces")
@Produces(MediaType.APPLICATION_JSON)
public class WorkspacesResource {

  @Inject private WorkspaceService workspaces;
  @Inject private CallerAccount caller;
  @Context private UriInfo uriInfo;

  /**
   * @throws org.switchboard.domain.shared.InvalidParameterException 400 on a bad paging parameter
   */
  @GET
  public Map<String, Object> list(
      @QueryParam("FriendlyName") String friendlyName,
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    Page<Workspace> result =
        workspaces.list(caller.sid(), friendlyName, PageRequest.parse(page, pageSize, pageToken));
    return PageEnvelope.of(
        "workspaces", result, result.map(w -> WorkspaceDto.from(w, baseUrl())).items(), uriInfo);
  }

  /**
   * @throws org.switchboard.domain.shared.InvalidParameterException 400 without FriendlyName or on
   *     a malformed value
   */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("EventCallbackUrl") String eventCallbackUrl,
      @FormParam("EventsFilter") String eventsFilter,
      @FormParam("MultiTaskEnabled") String multiTaskEnabled,
      @FormParam("PrioritizeQueueOrder") String prioritizeQueueOrder,
      @FormParam("Template") String template) {
    WorkspaceSettings settings =
        new WorkspaceSettings(
            friendlyName,
            eventCallbackUrl,
            eventsFilter,
            ApiFormat.bool("MultiTaskEnabled", multiTaskEnabled),
            ApiFormat.enumValue("PrioritizeQueueOrder", prioritizeQueueOrder, QueueOrder.class),
            null,
            null);
    Workspace created = workspaces.create(caller.sid(), settings, template);
    return Response.status(Response.Status.CREATED)
        .entity(WorkspaceDto.from(created, baseUrl()))
        .build();
  }

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown workspace
   */
  @GET
  @Path("{Sid}")
  public WorkspaceDto fetch(@PathParam("Sid") String sid) {
    return WorkspaceDto.from(workspaces.get(caller.sid(), sid), baseUrl());
  }

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown workspace
   * @throws org.switchboard.domain.shared.InvalidParameterException 400 on a malformed value
   */
  @POST
  @Path("{Sid}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public WorkspaceDto update(
      @PathParam("Sid") String sid,
      @FormParam("DefaultActivitySid") String defaultActivitySid,
      @FormParam("EventCallbackUrl") String eventCallbackUrl,
      @FormParam("EventsFilter") String eventsFilter,
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("MultiTaskEnabled") String multiTaskEnabled,
      @FormParam("TimeoutActivitySid") String timeoutActivitySid,
      @FormParam("PrioritizeQueueOrder") String prioritizeQueueOrder) {
    WorkspaceSettings settings =
        new WorkspaceSettings(
            friendlyName,
            eventCallbackUrl,
            eventsFilter,
            ApiFormat.bool("MultiTaskEnabled", multiTaskEnabled),
            ApiFormat.enumValue("PrioritizeQueueOrder", prioritizeQueueOrder, QueueOrder.class),
            defaultActivitySid,
            timeoutActivitySid);
    return WorkspaceDto.from(workspaces.update(caller.sid(), sid, settings), baseUrl());
  }

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown workspace
   */
  @DELETE
  @Path("{Sid}")
  public Response delete(@PathParam("Sid") String sid) {
    workspaces.delete(caller.sid(), sid);
    return Response.noContent().build();
  }

  private String baseUrl() {
    return uriInfo.getBaseUri().toString();
  }
}
