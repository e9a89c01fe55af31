package org.switchboard.web.api.task;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.application.ETags;
import org.switchboard.application.ReservationService;
import org.switchboard.application.ReservationService.Owner;
import org.switchboard.application.ReservationUpdate;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.shared.ForbiddenException;
import org.switchboard.web.api.PageEnvelope;
import org.switchboard.web.api.auth.CallerAccount;
import org.switchboard.web.api.dto.task.ReservationDto;

/**
 * The reservations of one task ({@code Tasks/{TaskSid}/Reservations}) or one worker ({@code
 * Workers/{WorkerSid}/Reservations}): list, fetch and update, the same operations on both paths. A
 * sub-resource, reached through {@link TasksResource#reservations} and the workers' resource. Fetch
 * and update answer with an {@code ETag}; update honours {@code If-Match}.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class ReservationsResource {

  private final ReservationService reservations;
  private final CallerAccount caller;
  private final String workspaceSid;
  private final Owner owner;
  private final String ownerSid;
  private final UriInfo uriInfo;

  public ReservationsResource(
      ReservationService reservations,
      CallerAccount caller,
      String workspaceSid,
      Owner owner,
      String ownerSid,
      UriInfo uriInfo) {
    this.reservations = reservations;
    this.caller = caller;
    this.workspaceSid = workspaceSid;
    this.owner = owner;
    this.ownerSid = ownerSid;
    this.uriInfo = uriInfo;
  }

  /** {@code WorkerSid} filters a task's reservations; a worker's are all its own. */
  @GET
  public Map<String, Object> list(
      @QueryParam("ReservationStatus") String status,
      @QueryParam("WorkerSid") String workerSid,
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    Page<Reservation> result =
        reservations.list(
            caller.sid(),
            workspaceSid,
            owner,
            ownerSid,
            status,
            owner == Owner.TASK ? workerSid : null,
            PageRequest.parse(page, pageSize, pageToken));
    return PageEnvelope.of(
        "reservations",
        result,
        result.map(r -> ReservationDto.from(r, caller.sid(), baseUrl(), underWorker())).items(),
        uriInfo);
  }

  @GET
  @Path("{Sid}")
  public Response fetch(@PathParam("Sid") String sid) {
    return ok(reservations.get(caller.sid(), workspaceSid, owner, ownerSid, sid));
  }

  @POST
  @Path("{Sid}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response update(
      @PathParam("Sid") String sid,
      @HeaderParam("If-Match") String ifMatch,
      MultivaluedMap<String, String> form) {
    if (caller.isSupervisor() && !onlySupervises(form)) {
      throw new ForbiddenException(
          "A supervisor's token may only supervise a call (Instruction=supervise)");
    }
    return ok(
        reservations.update(caller.sid(), workspaceSid, owner, ownerSid, sid, from(form, ifMatch)));
  }

  /**
   * The update a form asks for: {@code ReservationStatus}, {@code Instruction}, {@code
   * WorkerActivitySid}, and every other parameter as the instruction's, by its REST name.
   */
  static ReservationUpdate from(MultivaluedMap<String, String> form, String ifMatch) {
    Map<String, String> parameters = new LinkedHashMap<>();
    form.forEach(
        (name, values) -> {
          if (!values.isEmpty()
              && !"ReservationStatus".equals(name)
              && !"Instruction".equals(name)
              && !"WorkerActivitySid".equals(name)) {
            parameters.put(name, String.join(",", values));
          }
        });
    return new ReservationUpdate(
        form.getFirst("ReservationStatus"),
        form.getFirst("Instruction"),
        form.getFirst("WorkerActivitySid"),
        parameters,
        ifMatch);
  }

  /**
   * Whether the form only asks for {@code Instruction=supervise}, all a supervisor's token may do.
   */
  static boolean onlySupervises(MultivaluedMap<String, String> form) {
    return "supervise".equalsIgnoreCase(form.getFirst("Instruction"))
        && form.getFirst("ReservationStatus") == null
        && form.getFirst("WorkerActivitySid") == null;
  }

  /** 200 with the reservation and its {@code ETag}, for {@code If-Match} on a later update. */
  private Response ok(Reservation reservation) {
    return Response.ok(ReservationDto.from(reservation, caller.sid(), baseUrl(), underWorker()))
        .header("ETag", ETags.of(reservation.getVersion()))
        .build();
  }

  private boolean underWorker() {
    return owner == Owner.WORKER;
  }

  private String baseUrl() {
    return uriInfo.getBaseUri().toString();
  }
}
