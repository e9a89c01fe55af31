package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;
import static org.switchboard.it.support.Problems.assertNotFound;

import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Pages;
import org.switchboard.it.support.Seed;

/**
 * Values the database cannot store (the NUL character) and malformed sids, wherever they come in:
 * Twilio's error JSON, never a 500, and nothing stored.
 */
@ExtendWith(ArquillianExtension.class)
class HostileInputIT {

  private static final String NUL = "\u0000";

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void refusesTheNulCharacterInFormsQueriesPathsAndCredentials() {
    // given
    Seed seed = Seed.workspace(api);
    String name = "nul-" + UUID.randomUUID();

    // then
    assertInvalid(api.post("/v1/Workspaces", "FriendlyName", name + NUL), "FriendlyName");
    assertInvalid(
        api.post(
            seed.base + "/Workers", "FriendlyName", "w", "Attributes", "{\"a\":\"" + NUL + "\"}"),
        "Attributes");
    assertInvalid(api.get("/v1/Workspaces?FriendlyName=" + Api.encode(NUL)), "FriendlyName");
    assertNotFound(api.get(seed.base + "/Workers/WK" + Api.encode(NUL)));
    ApiResponse credentials = Api.as("AC" + NUL, "token").get("/v1/Workspaces");
    assertThat(credentials.status()).as(credentials.toString()).isEqualTo(401);

    // and nothing was stored
    assertThat(Pages.sids(api.get("/v1/Workspaces?FriendlyName=" + Api.encode(name)), "workspaces"))
        .isEmpty();
    assertThat(Pages.sids(api.get(seed.base + "/Workers"), "workers")).isEmpty();

    // while an escaped NUL inside JSON is just text
    ApiResponse escaped =
        api.post(seed.base + "/Workers", "FriendlyName", "w", "Attributes", "{\"a\":\"\\u0000\"}");
    assertThat(escaped.status()).as(escaped.toString()).isEqualTo(201);
    assertThat(escaped.json().getString("attributes")).isEqualTo("{\"a\":\"\\u0000\"}");
  }

  @Test
  void refusesMalformedQueueSidsInTheBulkStatisticsBody() {
    Seed seed = Seed.workspace(api);
    String bulk = seed.base + "/TaskQueues/RealTimeStatistics";

    assertInvalid(api.postJson(bulk, "{\"QueueSids\":[\"\\u0000\"]}"), "QueueSids");
    assertInvalid(api.postJson(bulk, "{\"QueueSids\":[\"WQ-not-a-sid\"]}"), "QueueSids");
    assertInvalid(api.postJson(bulk, "{\"QueueSids\":[42]}"), "QueueSids");
  }
}
