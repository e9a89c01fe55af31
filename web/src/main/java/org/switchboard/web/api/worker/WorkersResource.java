package org.switchboard.web.api.worker;

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
import java.util.Map;
import org.switchboard.application.ETags;
import org.switchboard.application.ReservationService;
import org.switchboard.application.WorkerService;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.worker.WorkerChannel;
import org.switchboard.web.api.ApiFormat;
import org.switchboard.web.api.PageEnvelope;
import org.switchboard.web.api.auth.CallerAccount;
import org.switchboard.web.api.dto.worker.WorkerChannelDto;
import org.switchboard.web.api.dto.worker.WorkerDto;
import org.switchboard.web.api.task.ReservationsResource;

/**
 * {@code /v1/Workspaces/{WorkspaceSid}/Workers}, their {@code Channels} and {@code Reservations}.
 * Fetch and update answer with an {@code ETag}; update and delete honour {@code If-Match}.
 */
@RequestScoped
@Path("Workspaces/{WorkspaceSid}/Workers")
@Produces(MediaType.APPLICATION_JSON)
public class WorkersResource {

  @Inject private WorkerService workers;
  @Inject private ReservationService reservations;
  @Inject private CallerAccount caller;
  @Context private UriInfo uriInfo;

  @GET
  public Map<String, Object> list(
      @PathParam("WorkspaceSid") String workspaceSid,
      @QueryParam("ActivityName") String activityName,
      @QueryParam("ActivitySid") String activitySid,
      @QueryParam("Available") String available,
      @QueryParam("FriendlyName") String friendlyName,
      @QueryParam("TargetWorkersExpression") String targetWorkersExpression,
      @QueryParam("TaskQueueName") String taskQueueName,
      @QueryParam("TaskQueueSid") String taskQueueSid,
      @QueryParam("Ordering") String ordering,
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    WorkerService.Filter filter =
        new WorkerService.Filter(
            activityName,
            activitySid,
            ApiFormat.filterFlag(available),
            friendlyName,
            targetWorkersExpression,
            taskQueueName,
            taskQueueSid,
            ordering);
    Page<Worker> result =
        workers.list(
            caller.sid(), workspaceSid, filter, PageRequest.parse(page, pageSize, pageToken));
    return PageEnvelope.of(
        "workers", result, result.map(w -> WorkerDto.from(w, baseUrl())).items(), uriInfo);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(
      @PathParam("WorkspaceSid") String workspaceSid,
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("ActivitySid") String activitySid,
      @FormParam("Attributes") String attributes) {
    Worker created =
        workers.create(caller.sid(), workspaceSid, friendlyName, attributes, activitySid);
    return Response.status(Response.Status.CREATED)
        .entity(WorkerDto.from(created, baseUrl()))
        .build();
  }

  @GET
  @Path("{Sid}")
  public Response fetch(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    Worker worker = workers.get(caller.sid(), workspaceSid, sid);
    return Response.ok(WorkerDto.from(worker, baseUrl()))
        .header("ETag", ETags.of(worker.getVersion()))
        .build();
  }

  @POST
  @Path("{Sid}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response update(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("Sid") String sid,
      @HeaderParam("If-Match") String ifMatch,
      @FormParam("ActivitySid") String activitySid,
      @FormParam("Attributes") String attributes,
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("RejectPendingReservations") String rejectPending) {
    Worker worker =
        workers.update(
            caller.sid(),
            workspaceSid,
            sid,
            activitySid,
            attributes,
            friendlyName,
            Boolean.TRUE.equals(ApiFormat.bool("RejectPendingReservations", rejectPending)),
            ifMatch);
    return Response.ok(WorkerDto.from(worker, baseUrl()))
        .header("ETag", ETags.of(worker.getVersion()))
        .build();
  }

  @DELETE
  @Path("{Sid}")
  public Response delete(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("Sid") String sid,
      @HeaderParam("If-Match") String ifMatch) {
    workers.delete(caller.sid(), workspaceSid, sid, ifMatch);
    return Response.noContent().build();
  }

  @GET
  @Path("{WorkerSid}/Channels")
  public Map<String, Object> channels(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("WorkerSid") String workerSid,
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    Page<WorkerChannel> result =
        Page.ofList(
            workers.channels(caller.sid(), workspaceSid, workerSid),
            PageRequest.parse(page, pageSize, pageToken));
    return PageEnvelope.of(
        "channels",
        result,
        result.map(c -> WorkerChannelDto.from(c, caller.sid(), baseUrl())).items(),
        uriInfo);
  }

  @GET
  @Path("{WorkerSid}/Channels/{Sid}")
  public WorkerChannelDto channel(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("WorkerSid") String workerSid,
      @PathParam("Sid") String sid) {
    return WorkerChannelDto.from(
        workers.channel(caller.sid(), workspaceSid, workerSid, sid), caller.sid(), baseUrl());
  }

  @POST
  @Path("{WorkerSid}/Channels/{Sid}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public WorkerChannelDto configureChannel(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("WorkerSid") String workerSid,
      @PathParam("Sid") String sid,
      @FormParam("Capacity") String capacity,
      @FormParam("Available") String available) {
    return WorkerChannelDto.from(
        workers.configureChannel(
            caller.sid(),
            workspaceSid,
            workerSid,
            sid,
            ApiFormat.integer("Capacity", capacity),
            ApiFormat.bool("Available", available)),
        caller.sid(),
        baseUrl());
  }

  /** The worker's reservations: list, fetch and update ({@link ReservationsResource}). */
  @Path("{WorkerSid}/Reservations")
  public ReservationsResource reservations(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("WorkerSid") String workerSid) {
    return new ReservationsResource(
        reservations, caller, workspaceSid, ReservationService.Owner.WORKER, workerSid, uriInfo);
  }

  private String baseUrl() {
    return uriInfo.getBaseUri().toString();
  }
}
