package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;

/** HTTP Basic authentication and the error bodies of requests that reach no resource. */
@ExtendWith(ArquillianExtension.class)
class AuthenticationIT {

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void refusesMissingCredentialsWithTwilioError() {
    ApiResponse response = Api.anonymous().get("/v1/Workspaces");

    assertUnauthorized(response);
  }

  @Test
  void refusesAWrongTokenAndAnUnknownAccount() {
    assertUnauthorized(Api.as(Api.accountSid(), "0".repeat(32)).get("/v1/Workspaces"));
    assertUnauthorized(Api.as("AC" + "0".repeat(32), "0".repeat(32)).get("/v1/Workspaces"));
    assertUnauthorized(Api.as(Api.accountSid(), "").post("/v1/Workspaces", "FriendlyName", "x"));
  }

  @Test
  void acceptsTheAccountsCredentials() {
    ApiResponse response = Api.asSuiteAccount().get("/v1/Workspaces");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getJsonObject("meta").getString("key")).isEqualTo("workspaces");
  }

  @Test
  void answersUnknownPathsWithTwilio404() {
    ApiResponse inApi = Api.asSuiteAccount().get("/v1/NoSuchThing");
    ApiResponse outside = Api.anonymous().get("/no/such/page");

    for (ApiResponse response : new ApiResponse[] {inApi, outside}) {
      assertThat(response.status()).as(response.toString()).isEqualTo(404);
      assertThat(response.json().getInt("code")).isEqualTo(20404);
      assertThat(response.json().getInt("status")).isEqualTo(404);
    }
  }

  @Test
  void servesItsOpenApiDescriptionWithoutCredentials() {
    ApiResponse response = Api.anonymous().get("/v1/openapi.json");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getJsonArray("servers").getJsonObject(0).getString("url"))
        .isEqualTo(Api.root());
    assertThat(response.json().getJsonObject("paths").keySet())
        .hasSize(37)
        .contains(
            "/v1/Workspaces", "/v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/Reservations/{Sid}");
  }

  private static void assertUnauthorized(ApiResponse response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(response.json().getInt("code")).isEqualTo(20003);
    assertThat(response.json().getInt("status")).isEqualTo(401);
    assertThat(response.json().getString("more_info"))
        .isEqualTo("https://www.twilio.com/docs/errors/20003");
  }
}
