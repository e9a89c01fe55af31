package org.switchboard.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;

/**
 * Checks Twilio's error JSON: the status, the code, {@code more_info} pointing at the code's page,
 * and a message that names what was wrong.
 */
public final class Problems {

  private Problems() {}

  /** A 400 with code 20001 whose message names {@code parameter}. */
  public static void assertInvalid(ApiResponse response, String parameter) {
    assertProblem(response, 400, 20001, parameter);
  }

  public static void assertNotFound(ApiResponse response) {
    assertProblem(response, 404, 20404, null);
  }

  /**
   * @param mentions a text the message must contain, or null
   */
  public static void assertProblem(ApiResponse response, int status, int code, String mentions) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    JsonObject error = response.json();
    assertThat(error.getInt("code")).as(response.toString()).isEqualTo(code);
    assertThat(error.getInt("status")).isEqualTo(status);
    assertThat(error.getString("more_info"))
        .isEqualTo("https://www.twilio.com/docs/errors/" + code);
    assertThat(error.getString("message")).isNotBlank();
    if (mentions != null) {
      assertThat(error.getString("message")).as(response.toString()).contains(mentions);
    }
  }
}
