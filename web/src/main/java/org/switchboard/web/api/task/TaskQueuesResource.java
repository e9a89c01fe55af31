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
import org.switchboard.application.TaskQueueService;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.taskqueue.TaskOrder;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.web.api.ApiFormat;
import org.switchboard.web.api.PageEnvelope;
import org.switchboard.web.api.auth.CallerAccount;
import org.switchboard.web.api.dto.task.TaskQueueDto;

/** {@code /v1/Workspaces/{WorkspaceSid}/TaskQueues}. */
@RequestScoped
@Path("Workspaces/{WorkspaceSid}/TaskQueues")
@Produces(MediaType.APPLICATION_JSON)
public class TaskQueuesResource {

  @Inject private TaskQueueService queues;
  @Inject private CallerAccount caller;
  @Context private UriInfo uriInfo;

  @GET
  public Map<String, Object> list(
      @PathParam("WorkspaceSid") String workspaceSid,
      @QueryParam("FriendlyName") String friendlyName,
      @QueryParam("EvaluateWorkerAttributes") String evaluateWorkerAttributes,
      @QueryParam("WorkerSid") String workerSid,
      @QueryParam("Ordering") String ordering,
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    Page<TaskQueue> result =
        queues.list(
            caller.sid(),
            workspaceSid,
            friendlyName,
            evaluateWorkerAttributes,
            workerSid,
            ordering,
            PageRequest.parse(page, pageSize, pageToken));
    return PageEnvelope.of(
        "task_queues", result, result.map(q -> TaskQueueDto.from(q, baseUrl())).items(), uriInfo);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(
      @PathParam("WorkspaceSid") String workspaceSid,
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("TargetWorkers") String targetWorkers,
      @FormParam("MaxReservedWorkers") String maxReservedWorkers,
      @FormParam("TaskOrder") String taskOrder,
      @FormParam("ReservationActivitySid") String reservationActivitySid,
      @FormParam("AssignmentActivitySid") String assignmentActivitySid) {
    TaskQueue created =
        queues.create(
            caller.sid(),
            workspaceSid,
            settings(
                friendlyName,
                targetWorkers,
                maxReservedWorkers,
                taskOrder,
                reservationActivitySid,
                assignmentActivitySid));
    return Response.status(Response.Status.CREATED)
        .entity(TaskQueueDto.from(created, baseUrl()))
        .build();
  }

  @GET
  @Path("{Sid}")
  public TaskQueueDto fetch(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    return TaskQueueDto.from(queues.get(caller.sid(), workspaceSid, sid), baseUrl());
  }

  @POST
  @Path("{Sid}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public TaskQueueDto update(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("Sid") String sid,
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("TargetWorkers") String targetWorkers,
      @FormParam("MaxReservedWorkers") String maxReservedWorkers,
      @FormParam("TaskOrder") String taskOrder,
      @FormParam("ReservationActivitySid") String reservationActivitySid,
      @FormParam("AssignmentActivitySid") String assignmentActivitySid) {
    return TaskQueueDto.from(
        queues.update(
            caller.sid(),
            workspaceSid,
            sid,
            settings(
                friendlyName,
                targetWorkers,
                maxReservedWorkers,
                taskOrder,
                reservationActivitySid,
                assignmentActivitySid)),
        baseUrl());
  }

  @DELETE
  @Path("{Sid}")
  public Response delete(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    queues.delete(caller.sid(), workspaceSid, sid);
    return Response.noContent().build();
  }

  private static TaskQueueService.Settings settings(
      String friendlyName,
      String targetWorkers,
      String maxReservedWorkers,
      String taskOrder,
      String reservationActivitySid,
      String assignmentActivitySid) {
    return new TaskQueueService.Settings(
        friendlyName,
        targetWorkers,
        ApiFormat.integer("MaxReservedWorkers", maxReservedWorkers),
        ApiFormat.enumValue("TaskOrder", taskOrder, TaskOrder.class),
        reservationActivitySid,
        assignmentActivitySid);
  }

  private String baseUrl() {
    return uriInfo.getBaseUri().toString();
  }
}
