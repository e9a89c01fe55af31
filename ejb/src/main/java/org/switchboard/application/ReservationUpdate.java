package org.switchboard.application;

import java.util.Map;

/**
 * What a reservation update asks for, as TaskRouter's parameters give it.
 *
 * @param status {@code ReservationStatus}: accepted, rejected, wrapping or completed; or null
 * @param instruction {@code Instruction}: accept, reject, conference, dequeue, call, redirect,
 *     supervise; or null
 * @param workerActivitySid {@code WorkerActivitySid}: where the worker goes afterwards, or null
 * @param instructionParameters every other parameter of the request, by its TaskRouter name
 * @param ifMatch the request's {@code If-Match} header, or null
 */
public record ReservationUpdate(
    String status,
    String instruction,
    String workerActivitySid,
    Map<String, String> instructionParameters,
    String ifMatch) {

  public ReservationUpdate {
    instructionParameters = Map.copyOf(instructionParameters);
  }
}
