package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Database;
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
  void acceptsAnApiKeyOnTheTaskRouterApiButNotOnTheKeysApi() {
    // given a key made with the account's credentials
    String keys = "/2010-04-01/Accounts/" + Api.accountSid() + "/Keys";
    ApiResponse created = Api.asSuiteAccount().post(keys + ".json", "FriendlyName", "integrator");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String sid = created.json().getString("sid");
    String secret = created.json().getString("secret");

    // then the key and its secret work on /v1, as Twilio's helper libraries send them
    ApiResponse listed = Api.as(sid, secret).get("/v1/Workspaces");
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    ApiResponse made = Api.as(sid, secret).post("/v1/Workspaces", "FriendlyName", "by key");
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    assertThat(made.json().getString("account_sid")).isEqualTo(Api.accountSid());
    // but not with a wrong secret, and a key cannot make more keys
    assertUnauthorized(Api.as(sid, secret + "x").get("/v1/Workspaces"));
    assertThat(Api.as(sid, secret).post(keys + ".json", "FriendlyName", "more").status())
        .isEqualTo(401);

    // when the key is deleted, it no longer works
    assertThat(Api.asSuiteAccount().delete(keys + "/" + sid + ".json").status()).isEqualTo(204);
    assertUnauthorized(Api.as(sid, secret).get("/v1/Workspaces"));
  }

  @Test
  void refusesAnAddressThatKeepsFailingWith429WithoutSlowingOthers() {
    // given an account sid nobody has used, guessed from this address as often as allowed (10)
    String guessed = "AC" + UUID.randomUUID().toString().replace("-", "");
    for (int i = 0; i < 10; i++) {
      assertUnauthorized(Api.as(guessed, "guess" + i).get("/v1/Workspaces"));
    }

    // when it guesses once more
    ApiResponse refused = Api.as(guessed, "guess10").get("/v1/Workspaces");

    // then it is told to slow down, in Twilio's error shape
    assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
    assertThat(refused.json().getInt("code")).isEqualTo(20429);
    assertThat(refused.json().getString("message")).isEqualTo("Too Many Requests");
    assertThat(refused.json().getInt("status")).isEqualTo(429);
    assertThat(refused.json().getString("more_info"))
        .isEqualTo("https://www.twilio.com/docs/errors/20429");
    assertThat(refused.header("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 6));
    // also on the sign-in endpoint that takes the same credentials
    assertThat(
            Api.as(guessed, "guess11")
                .post("/realtime/workspace-tokens", "WorkspaceSid", "WS" + "0".repeat(32))
                .status())
        .isEqualTo(429);
    // while the account's own credentials, from the same address, work as before
    assertThat(Api.asSuiteAccount().get("/v1/Workspaces").status()).isEqualTo(200);
  }

  @Test
  void storesTheAuthTokenSealedNotInPlainText() {
    // given the suite's account, whose token authenticates
    String token = System.getProperty("switchboard.it.auth.token");
    assertThat(Api.asSuiteAccount().get("/v1/Workspaces").status()).isEqualTo(200);

    // then the database holds only its sealed form
    List<String> stored =
        Database.rows("select auth_token from account where sid = ?", Api.accountSid());
    assertThat(stored).singleElement().asString().startsWith("v2.").doesNotContain(token);
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
        .as("Twilio's 37 paths and Switchboard's 9 extension paths")
        .hasSize(46)
        .contains(
            "/v1/Workspaces",
            "/v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/Reservations/{Sid}",
            "/v1/Workspaces/{WorkspaceSid}/RuleSets",
            "/v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/Routing",
            "/v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/Transfers",
            "/v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/CustomerParticipant");
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
