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
import org.switchboard.application.TaskChannelService;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.web.api.ApiFormat;
import org.switchboard.web.api.PageEnvelope;
import org.switchboard.web.api.auth.CallerAccount;
import org.switchboard.web.api.dto.workspace.TaskChannelDto;

/**
 * {@code /v1/Workspaces/{WorkspaceSid}/TaskChannels}; a channel is addressed by sid or unique name.
 */
@RequestScoped
@Path("Workspaces/{WorkspaceSid}/TaskChannels")
@Produces(MediaType.APPLICATION_JSON)
public class TaskChannelsResource {

  @Inject private TaskChannelService channels;
  @Inject private CallerAccount caller;
  @Context private UriInfo uriInfo;

  @GET
  public Map<String, Object> list(
      @PathParam("WorkspaceSid") String workspaceSid,
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    Page<TaskChannel> result =
        channels.list(caller.sid(), workspaceSid, PageRequest.parse(page, pageSize, pageToken));
    return PageEnvelope.of(
        "channels", result, result.map(c -> TaskChannelDto.from(c, baseUrl())).items(), uriInfo);
  }

  /**
   * @throws org.switchboard.domain.shared.InvalidParameterException 400 without a name
   * @throws org.switchboard.domain.shared.ConflictException 409 for a taken unique name or 15
   *     channels
   */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(
      @PathParam("WorkspaceSid") String workspaceSid,
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("UniqueName") String uniqueName,
      @FormParam("ChannelOptimizedRouting") String optimized) {
    TaskChannel created =
        channels.create(
            caller.sid(),
            workspaceSid,
            friendlyName,
            uniqueName,
            ApiFormat.bool("ChannelOptimizedRouting", optimized));
    return Response.status(Response.Status.CREATED)
        .entity(TaskChannelDto.from(created, baseUrl()))
        .build();
  }

  @GET
  @Path("{Sid}")
  public TaskChannelDto fetch(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    return TaskChannelDto.from(channels.get(caller.sid(), workspaceSid, sid), baseUrl());
  }

  @POST
  @Path("{Sid}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public TaskChannelDto update(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("Sid") String sid,
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("ChannelOptimizedRouting") String optimized) {
    return TaskChannelDto.from(
        channels.update(
            caller.sid(),
            workspaceSid,
            sid,
            friendlyName,
            ApiFormat.bool("ChannelOptimizedRouting", optimized)),
        baseUrl());
  }

  /**
   * @throws org.switchboard.domain.shared.ConflictException 409 while tasks use the channel
   */
  @DELETE
  @Path("{Sid}")
  public Response delete(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    channels.delete(caller.sid(), workspaceSid, sid);
    return Response.noContent().build();
  }

  private String baseUrl() {
    return uriInfo.getBaseUri().toString();
  }
}
