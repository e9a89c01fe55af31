package org.switchboard.web.api.error;

/** Twilio's error body with its optional {@code details}. */
public record TwilioErrorWithDetailsDto(
    int code, String message, String moreInfo, int status, Object details) {

  public static TwilioErrorWithDetailsDto of(int code, String message, int status, Object details) {
    return new TwilioErrorWithDetailsDto(
        code, message, "https://www.twilio.com/docs/errors/" + code, status, details);
  }
}
