package org.switchboard.web.api.dto.task;

import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.web.api.ApiFormat;

/**
 * A reservation as TaskRouter's {@code task_reservation} and {@code worker_reservation} schemas
 * show it; its URL is under the task or the worker, as it was addressed.
 */
public record ReservationDto(
    String accountSid,
    String dateCreated,
    String dateUpdated,
    String reservationStatus,
    String sid,
    String taskSid,
    String workerName,
    String workerSid,
    String workspaceSid,
    String url,
    Map<String, String> links) {

  public static ReservationDto from(
      Reservation r, String accountSid, String baseUrl, boolean underWorker) {
    String workspaceUrl = baseUrl + "Workspaces/" + r.getWorkspaceSid();
    String taskUrl = workspaceUrl + "/Tasks/" + r.getTask().getSid();
    String workerUrl = workspaceUrl + "/Workers/" + r.getWorker().getSid();
    Map<String, String> links = new LinkedHashMap<>();
    links.put("task", taskUrl);
    links.put("worker", workerUrl);
    links.put("workspace", workspaceUrl);
    return new ReservationDto(
        accountSid,
        ApiFormat.iso(r.getDateCreated()),
        ApiFormat.iso(r.getDateUpdated()),
        r.getStatus().wireName(),
        r.getSid(),
        r.getTask().getSid(),
        r.getWorker().getFriendlyName(),
        r.getWorker().getSid(),
        r.getWorkspaceSid(),
        (underWorker ? workerUrl : taskUrl) + "/Reservations/" + r.getSid(),
        links);
  }
}
