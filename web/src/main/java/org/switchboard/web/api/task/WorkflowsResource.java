package org.switchboard.web.api.task;

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
import org.switchboard.application.WorkflowService;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.web.api.ApiFormat;
import org.switchboard.web.api.PageEnvelope;
import org.switchboard.web.api.auth.CallerAccount;
import org.switchboard.web.api.dto.task.WorkflowDto;

/** {@code /v1/Workspaces/{WorkspaceSid}/Workflows}. */
@RequestScoped
@Path("Workspaces/{WorkspaceSid}/Workflows")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowsResource {

  @Inject private WorkflowService workflows;
  @Inject private CallerAccount caller;
  @Context private UriInfo uriInfo;

  @GET
  public Map<String, Object> list(
      @PathParam("WorkspaceSid") String workspaceSid,
      @QueryParam("FriendlyName") String friendlyName,
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    Page<Workflow> result =
        workflows.list(
            caller.sid(), workspaceSid, friendlyName, PageRequest.parse(page, pageSize, pageToken));
    return PageEnvelope.of(
        "workflows", result, result.map(w -> WorkflowDto.from(w, baseUrl())).items(), uriInfo);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(
      @PathParam("WorkspaceSid") String workspaceSid,
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("Configuration") String configuration,
      @FormParam("AssignmentCallbackUrl") String assignmentCallbackUrl,
      @FormParam("FallbackAssignmentCallbackUrl") String fallbackAssignmentCallbackUrl,
      @FormParam("TaskReservationTimeout") String taskReservationTimeout) {
    if (configuration == null) {
      throw InvalidParameterException.required("Configuration");
    }
    Workflow created =
        workflows.create(
            caller.sid(),
            workspaceSid,
            new WorkflowService.Settings(
                friendlyName,
                configuration,
                assignmentCallbackUrl,
                fallbackAssignmentCallbackUrl,
                ApiFormat.integer("TaskReservationTimeout", taskReservationTimeout),
                false));
    return Response.status(Response.Status.CREATED)
        .entity(WorkflowDto.from(created, baseUrl()))
        .build();
  }

  @GET
  @Path("{Sid}")
  public WorkflowDto fetch(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    return WorkflowDto.from(workflows.get(caller.sid(), workspaceSid, sid), baseUrl());
  }

  @POST
  @Path("{Sid}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public WorkflowDto update(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("Sid") String sid,
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("Configuration") String configuration,
      @FormParam("AssignmentCallbackUrl") String assignmentCallbackUrl,
      @FormParam("FallbackAssignmentCallbackUrl") String fallbackAssignmentCallbackUrl,
      @FormParam("TaskReservationTimeout") String taskReservationTimeout,
      @FormParam("ReEvaluateTasks") String reEvaluateTasks) {
    return WorkflowDto.from(
        workflows.update(
            caller.sid(),
            workspaceSid,
            sid,
            new WorkflowService.Settings(
                friendlyName,
                configuration,
                assignmentCallbackUrl,
                fallbackAssignmentCallbackUrl,
                ApiFormat.integer("TaskReservationTimeout", taskReservationTimeout),
                Boolean.TRUE.equals(ApiFormat.bool("ReEvaluateTasks", reEvaluateTasks)))),
        baseUrl());
  }

  @DELETE
  @Path("{Sid}")
  public Response delete(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    workflows.delete(caller.sid(), workspaceSid, sid);
    return Response.noContent().build();
  }

  private String baseUrl() {
    return uriInfo.getBaseUri().toString();
  }
}
