package org.switchboard.web.realtime;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.web.api.error.ApiExceptionMapper;
import org.switchboard.web.api.error.TwilioErrorDto;

/**
 * Twilio's error JSON for the event bridge, which is not a JAX-RS resource: the same mapping from
 * exception to status and code as the REST API ({@link ApiExceptionMapper}).
 */
final class TwilioErrors {

  private static final ApiExceptionMapper MAPPER = new ApiExceptionMapper();

  private TwilioErrors() {}

  /** The status and body the REST API would answer {@code thrown} with. */
  static JsonObject of(Throwable thrown) {
    if (thrown instanceof EventBridgeRequests.MethodNotAllowed) {
      return body(TwilioErrorDto.of(20004, "Method not allowed", 405));
    }
    Response response = MAPPER.toResponse(thrown);
    return body((TwilioErrorDto) response.getEntity());
  }

  static JsonObject of(int status, int code, String message) {
    return body(TwilioErrorDto.of(code, message, status));
  }

  private static JsonObject body(TwilioErrorDto error) {
    return Jsons.createObjectBuilder()
        .add("code", error.code())
        .add("message", error.message())
        .add("more_info", error.moreInfo())
        .add("status", error.status())
        .build();
  }
}
