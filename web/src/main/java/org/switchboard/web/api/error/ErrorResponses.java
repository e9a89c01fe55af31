package org.switchboard.web.api.error;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** Builds the error responses of the API, all with Twilio's error body. */
public final class ErrorResponses {

  /** Twilio's code for an error it has no more specific code for. */
  public static final int GENERIC_CODE = 20500;

  private ErrorResponses() {}

  public static Response of(int status, int code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(TwilioErrorDto.of(code, message, status))
        .build();
  }

  /**
   * Twilio's error body with a {@code details} object, as Twilio gives for some errors; Twilio's
   * helper libraries read {@code code} and {@code message} and keep {@code details}.
   */
  public static Response withDetails(int status, int code, String message, Object details) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(TwilioErrorWithDetailsDto.of(code, message, status, details))
        .build();
  }

  public static Response unauthorized() {
    return Response.fromResponse(of(401, 20003, "Authenticate"))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Switchboard\"")
        .build();
  }

  /**
   * 429 with Twilio's error 20429, as Twilio answers a client over its limits, and a {@code
   * Retry-After} header in whole seconds (at least 1).
   */
  public static Response tooManyRequests(Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return Response.fromResponse(of(429, 20429, "Too Many Requests"))
        .header("Retry-After", seconds)
        .build();
  }
}
