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
import org.switchboard.application.ActivityService;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.web.api.ApiFormat;
import org.switchboard.web.api.PageEnvelope;
import org.switchboard.web.api.auth.CallerAccount;
import org.switchboard.web.api.dto.workspace.ActivityDto;

/** {@code /v1/Workspaces/{WorkspaceSid}/Activities}: the activities of a workspace. */
@RequestScoped
@Path("Workspaces/{WorkspaceSid}/Activities")
@Produces(MediaType.APPLICATION_JSON)
public class ActivitiesResource {

  @Inject private ActivityService activities;
  @Inject private CallerAccount caller;
  @Context private UriInfo uriInfo;

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown workspace
   */
  @GET
  public Map<String, Object> list(
      @PathParam("WorkspaceSid") String workspaceSid,
      @QueryParam("FriendlyName") String friendlyName,
      @QueryParam("Available") String available,
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    Page<Activity> result =
        activities.list(
            caller.sid(),
            workspaceSid,
            friendlyName,
            ApiFormat.filterFlag(available),
            PageRequest.parse(page, pageSize, pageToken));
    return PageEnvelope.of(
        "activities",
        result,
        result.map(a -> ActivityDto.from(a, caller.sid(), baseUrl())).items(),
        uriInfo);
  }

  /**
   * @throws org.switchboard.domain.shared.InvalidParameterException 400 without FriendlyName
   * @throws org.switchboard.domain.shared.ConflictException 409 for a taken name or a full
   *     workspace
   */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(
      @PathParam("WorkspaceSid") String workspaceSid,
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("Available") String available) {
    Activity created =
        activities.create(
            caller.sid(), workspaceSid, friendlyName, ApiFormat.bool("Available", available));
    return Response.status(Response.Status.CREATED)
        .entity(ActivityDto.from(created, caller.sid(), baseUrl()))
        .build();
  }

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown workspace or
   *     activity
   */
  @GET
  @Path("{Sid}")
  public ActivityDto fetch(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    return ActivityDto.from(
        activities.get(caller.sid(), workspaceSid, sid), caller.sid(), baseUrl());
  }

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown activity
   */
  @POST
  @Path("{Sid}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public ActivityDto update(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("Sid") String sid,
      @FormParam("FriendlyName") String friendlyName) {
    return ActivityDto.from(
        activities.rename(caller.sid(), workspaceSid, sid, friendlyName), caller.sid(), baseUrl());
  }

  /**
   * @throws org.switchboard.domain.shared.ConflictException 409 while the activity is in use
   */
  @DELETE
  @Path("{Sid}")
  public Response delete(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    activities.delete(caller.sid(), workspaceSid, sid);
    return Response.noContent().build();
  }

  private String baseUrl() {
    return uriInfo.getBaseUri().toString();
  }
}
