package org.switchboard.it.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The contract check the integration tests rely on really rejects bodies that break it. */
class OpenApiContractTest {

  private static final String ACTIVITY =
      """
      {"account_sid":"AC00000000000000000000000000000000","available":true,
       "date_created":"2026-01-01T00:00:00Z","date_updated":"2026-01-01T00:00:00Z",
       "friendly_name":"Available","sid":"WA00000000000000000000000000000000",
       "workspace_sid":"WS00000000000000000000000000000000",
       "url":"http://localhost/v1/Workspaces/WS00000000000000000000000000000000/Activities/WA00000000000000000000000000000000",
       "links":{"workspace":"http://localhost/v1/Workspaces/WS00000000000000000000000000000000"}}
      """;

  private static final String PATH =
      "/v1/Workspaces/WS00000000000000000000000000000000/Activities/WA00000000000000000000000000000000";

  @Test
  void acceptsABodyWithEveryPropertyOfTheSchema() {
    assertThatCode(() -> OpenApiContract.check("GET", PATH, 200, "application/json", ACTIVITY))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsABodyMissingAProperty() {
    String missing = ACTIVITY.replace("\"friendly_name\":\"Available\",", "");

    assertThatThrownBy(() -> OpenApiContract.check("GET", PATH, 200, "application/json", missing))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("friendly_name");
  }

  @Test
  void rejectsAPropertyOfTheWrongType() {
    String mistyped = ACTIVITY.replace("\"available\":true", "\"available\":\"yes\"");

    assertThatThrownBy(() -> OpenApiContract.check("GET", PATH, 200, "application/json", mistyped))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("available");
  }
}
