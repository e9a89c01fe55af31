package org.switchboard.web.api.task;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.application.ETags;
import org.switchboard.application.ReservationUpdate;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.web.api.dto.task.ReservationDto;

/**
 * Turns a reservation update's form into a {@link ReservationUpdate}, and a reservation into a
 * response with its {@code ETag}.
 */
public final class ReservationUpdates {

  private ReservationUpdates() {}

  public static ReservationUpdate from(MultivaluedMap<String, String> form, String ifMatch) {
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

  /** Whether the update only dials a supervisor into the call, changing nothing else. */
  public static boolean onlySupervises(MultivaluedMap<String, String> form) {
    return "supervise".equalsIgnoreCase(form.getFirst("Instruction"))
        && form.getFirst("ReservationStatus") == null
        && form.getFirst("WorkerActivitySid") == null;
  }

  /** 200 with the reservation and its {@code ETag}, for {@code If-Match} on a later update. */
  public static Response ok(
      Reservation reservation, String accountSid, String baseUrl, boolean underWorker) {
    return Response.ok(ReservationDto.from(reservation, accountSid, baseUrl, underWorker))
        .header("ETag", ETags.of(reservation.getVersion()))
        .build();
  }
}
