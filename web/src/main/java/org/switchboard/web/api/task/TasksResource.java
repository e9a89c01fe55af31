package org.switchboard.web.api.task;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.switchboard.application.CallService;
import org.switchboard.application.ETags;
import org.switchboard.application.ReservationService;
import org.switchboard.application.RoutingExplanationService;
import org.switchboard.application.TaskService;
import org.switchboard.application.TransferService;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskTransfer;
import org.switchboard.web.api.ApiFormat;
import org.switchboard.web.api.PageEnvelope;
import org.switchboard.web.api.auth.CallerAccount;
import org.switchboard.web.api.dto.ruleset.RoutingExplanationDto;
import org.switchboard.web.api.dto.task.TaskDto;
import org.switchboard.web.api.dto.task.TransferDto;

/**
 * {@code /v1/Workspaces/{WorkspaceSid}/Tasks} and their {@code Reservations}, and Switchboard's
 * extensions on a task: its {@code Routing} explanation, its {@code Transfers} and its caller's
 * hold ({@code CustomerParticipant}). Fetch and update answer with an {@code ETag}; update and
 * delete honour {@code If-Match}.
 */
@RequestScoped
@Path("Workspaces/{WorkspaceSid}/Tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

  @Inject private RoutingExplanationService explanations;
  @Inject private TaskService tasks;
  @Inject private ReservationService reservations;
  @Inject private TransferService transfers;
  @Inject private CallService calls;
  @Inject private CallerAccount caller;
  @Inject private Clock clock;
  @Context private UriInfo uriInfo;

  @GET
  public Map<String, Object> list(
      @PathParam("WorkspaceSid") String workspaceSid,
      @QueryParam("Priority") String priority,
      @QueryParam("AssignmentStatus") List<String> assignmentStatus,
      @QueryParam("WorkflowSid") String workflowSid,
      @QueryParam("WorkflowName") String workflowName,
      @QueryParam("TaskQueueSid") String taskQueueSid,
      @QueryParam("TaskQueueName") String taskQueueName,
      @QueryParam("EvaluateTaskAttributes") String evaluateTaskAttributes,
      @QueryParam("RoutingTarget") String routingTarget,
      @QueryParam("Ordering") String ordering,
      @QueryParam("HasAddons") String hasAddons,
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    TaskService.Filter filter =
        new TaskService.Filter(
            ApiFormat.integer("Priority", priority),
            assignmentStatus,
            workflowSid,
            workflowName,
            taskQueueSid,
            taskQueueName,
            evaluateTaskAttributes,
            routingTarget,
            ordering,
            ApiFormat.bool("HasAddons", hasAddons));
    Page<Task> result =
        tasks.list(
            caller.sid(), workspaceSid, filter, PageRequest.parse(page, pageSize, pageToken));
    var now = clock.instant();
    return PageEnvelope.of(
        "tasks", result, result.map(t -> TaskDto.from(t, baseUrl(), now)).items(), uriInfo);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(
      @PathParam("WorkspaceSid") String workspaceSid,
      @FormParam("Timeout") String timeout,
      @FormParam("Priority") String priority,
      @FormParam("TaskChannel") String taskChannel,
      @FormParam("WorkflowSid") String workflowSid,
      @FormParam("Attributes") String attributes,
      @FormParam("VirtualStartTime") String virtualStartTime,
      @FormParam("RoutingTarget") String routingTarget,
      @FormParam("IgnoreCapacity") String ignoreCapacity,
      @FormParam("TaskQueueSid") String taskQueueSid) {
    if (taskQueueSid != null && !Sid.TASK_QUEUE.matches(taskQueueSid)) {
      // not used (the workflow places the task), but a malformed one is still refused
      throw new InvalidParameterException(
          "TaskQueueSid", "TaskQueueSid must be a TaskQueue's sid (WQ followed by 32 hex digits)");
    }
    Task created =
        tasks.create(
            caller.sid(),
            workspaceSid,
            new TaskService.Settings(
                workflowSid,
                attributes,
                ApiFormat.integer("Priority", priority),
                ApiFormat.integer("Timeout", timeout),
                taskChannel,
                routingTarget,
                ApiFormat.bool("IgnoreCapacity", ignoreCapacity),
                ApiFormat.instant("VirtualStartTime", virtualStartTime),
                null,
                null));
    return Response.status(Response.Status.CREATED)
        .entity(TaskDto.from(created, baseUrl(), clock.instant()))
        .header("ETag", ETags.of(created.getVersion()))
        .build();
  }

  /**
   * Switchboard's extension: why the task stands where it does (the last routing decision and the
   * rules that fired; for a waiting task, why no worker has it).
   */
  @GET
  @Path("{TaskSid}/Routing")
  public RoutingExplanationDto routing(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("TaskSid") String taskSid) {
    return RoutingExplanationDto.from(
        explanations.explain(caller.sid(), workspaceSid, taskSid), baseUrl(), workspaceSid);
  }

  @GET
  @Path("{Sid}")
  public Response fetch(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    Task task = tasks.get(caller.sid(), workspaceSid, sid);
    return Response.ok(TaskDto.from(task, baseUrl(), clock.instant()))
        .header("ETag", ETags.of(task.getVersion()))
        .build();
  }

  @POST
  @Path("{Sid}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response update(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("Sid") String sid,
      @HeaderParam("If-Match") String ifMatch,
      @FormParam("Attributes") String attributes,
      @FormParam("AssignmentStatus") String assignmentStatus,
      @FormParam("Reason") String reason,
      @FormParam("Priority") String priority,
      @FormParam("TaskChannel") String taskChannel,
      @FormParam("VirtualStartTime") String virtualStartTime) {
    Task task =
        tasks.update(
            caller.sid(),
            workspaceSid,
            sid,
            new TaskService.Settings(
                null,
                attributes,
                ApiFormat.integer("Priority", priority),
                null,
                taskChannel,
                null,
                null,
                ApiFormat.instant("VirtualStartTime", virtualStartTime),
                assignmentStatus,
                reason),
            ifMatch);
    return Response.ok(TaskDto.from(task, baseUrl(), clock.instant()))
        .header("ETag", ETags.of(task.getVersion()))
        .build();
  }

  @DELETE
  @Path("{Sid}")
  public Response delete(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("Sid") String sid,
      @HeaderParam("If-Match") String ifMatch) {
    tasks.delete(caller.sid(), workspaceSid, sid, ifMatch);
    return Response.noContent().build();
  }

  /** The task's reservations: list, fetch and update ({@link ReservationsResource}). */
  @Path("{TaskSid}/Reservations")
  public ReservationsResource reservations(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("TaskSid") String taskSid) {
    return new ReservationsResource(
        reservations, caller, workspaceSid, ReservationService.Owner.TASK, taskSid, uriInfo);
  }

  /** Switchboard's extension: the task's transfers, oldest first (not paged: a task has few). */
  @GET
  @Path("{TaskSid}/Transfers")
  public Map<String, Object> transfers(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("TaskSid") String taskSid) {
    List<TransferDto> found =
        transfers.list(caller.sid(), workspaceSid, taskSid).stream()
            .map(t -> TransferDto.from(t, baseUrl()))
            .toList();
    return Map.of("transfers", found);
  }

  /**
   * Switchboard's extension: transfers the assigned task to a worker or a queue ({@code To}),
   * {@code Mode} {@code WARM} (the default) or {@code COLD}, as the TaskRouter SDK's {@code
   * task.transfer(to, {mode, attributes, priority})} does; 201 with the transfer.
   */
  @POST
  @Path("{TaskSid}/Transfers")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response transfer(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("TaskSid") String taskSid,
      @FormParam("To") String to,
      @FormParam("Mode") String mode,
      @FormParam("ReservationSid") String reservationSid,
      @FormParam("Attributes") String attributes,
      @FormParam("Priority") String priority) {
    TaskTransfer transfer =
        transfers.initiate(
            caller.sid(),
            workspaceSid,
            new TransferService.Initiation(
                taskSid,
                reservationSid,
                null,
                to,
                mode,
                attributes,
                ApiFormat.integer("Priority", priority)));
    return Response.status(Response.Status.CREATED)
        .entity(TransferDto.from(transfer, baseUrl()))
        .build();
  }

  @GET
  @Path("{TaskSid}/Transfers/{Sid}")
  public TransferDto transferOf(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("TaskSid") String taskSid,
      @PathParam("Sid") String sid) {
    return TransferDto.from(transfers.get(caller.sid(), workspaceSid, taskSid, sid), baseUrl());
  }

  /** Switchboard's extension: {@code TransferStatus=canceled} withdraws a warm transfer. */
  @POST
  @Path("{TaskSid}/Transfers/{Sid}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public TransferDto updateTransfer(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("TaskSid") String taskSid,
      @PathParam("Sid") String sid,
      @FormParam("TransferStatus") String status) {
    return TransferDto.from(
        transfers.update(caller.sid(), workspaceSid, taskSid, sid, status, null), baseUrl());
  }

  /**
   * Switchboard's extension: puts the caller of an assigned voice task on hold ({@code Hold=true}:
   * out of the conference, hearing music on hold) or back ({@code false}), as the TaskRouter SDK's
   * {@code task.updateParticipant({hold})} does for its worker; answers with the task, whose
   * attribute {@code caller_on_hold} says which.
   */
  @POST
  @Path("{TaskSid}/CustomerParticipant")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response customerParticipant(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("TaskSid") String taskSid,
      @FormParam("Hold") String hold) {
    if (hold == null || hold.isBlank()) {
      throw InvalidParameterException.required("Hold");
    }
    Task task = calls.hold(caller.sid(), workspaceSid, taskSid, ApiFormat.bool("Hold", hold));
    return Response.ok(TaskDto.from(task, baseUrl(), clock.instant()))
        .header("ETag", ETags.of(task.getVersion()))
        .build();
  }

  private String baseUrl() {
    return uriInfo.getBaseUri().toString();
  }
}
