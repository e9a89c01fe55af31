package org.switchboard.routing;

import java.util.Map;

/**
 * A CDI event: a reservation got a voice instruction ({@code conference}, {@code dequeue}, {@code
 * call} or {@code redirect}) that the telephony side must carry out. For {@code conference} and
 * {@code dequeue} on a task that came from a phone call the reservation is still pending: the
 * telephony adapter accepts it when the worker's phone answers. Otherwise it was accepted. Fired
 * inside the instructing transaction; observe it with {@code during =
 * TransactionPhase.AFTER_SUCCESS}.
 *
 * @param parameters the instruction's parameters as the request gave them ({@code To}, {@code
 *     From}, {@code ConferenceStatusCallback}, {@code DequeueTo}, ...)
 */
public record InstructionIssued(
    String accountSid,
    String workspaceSid,
    String taskSid,
    String reservationSid,
    String workerSid,
    String instruction,
    Map<String, String> parameters,
    String taskAttributes,
    String workerAttributes) {

  public InstructionIssued {
    parameters = Map.copyOf(parameters);
  }
}
