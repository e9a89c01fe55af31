package org.switchboard.web.api.error;

/**
 * Twilio's error body, which Twilio's helper libraries turn into their usual exception: {@code
 * {"code": 20404, "message": "...", "more_info": "https://www.twilio.com/docs/errors/20404",
 * "status": 404}}.
 */
public record TwilioErrorDto(int code, String message, String moreInfo, int status) {

  public static TwilioErrorDto of(int code, String message, int status) {
    return new TwilioErrorDto(code, message, "https://www.twilio.com/docs/errors/" + code, status);
  }
}
