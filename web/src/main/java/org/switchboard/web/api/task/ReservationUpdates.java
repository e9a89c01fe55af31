package org.switchboard.web.api.task;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.application.ReservationUpdate;

/** Turns a reservation update's form into a {@link ReservationUpdate}. */
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
}
