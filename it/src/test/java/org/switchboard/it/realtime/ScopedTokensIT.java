package org.switchboard.it.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Seed;

/**
 * What a browser's Access Token may do: a worker's only acts as that worker; a supervisor's (got
 * from a one-time link, without the account's AuthToken) only reads its workspace and supervises.
 */
@ExtendWith(ArquillianExtension.class)
class ScopedTokensIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  /** A workspace where bob holds a pending reservation of a task; alice is signed in. */
  private record Offered(Seed seed, String alice, String bob, String task, String reservation) {}

  private Offered bobOffered() {
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{\"team\":\"a\"}");
    String bob = seed.worker("bob", "{\"team\":\"b\"}");
    String workflow = seed.workflowTo(seed.queue("Bobs", "team == 'b'"));
    seed.moveWorker(bob, "Available");
    String task = seed.task(workflow, "{\"type\":\"any\"}");
    List<JsonObject> offered =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "bob's offer");
    return new Offered(seed, alice, bob, task, offered.get(0).getString("sid"));
  }

  @Test
  void aWorkersTokenCannotActAsAnotherWorker() {
    // given bob's pending reservation, and alice's token
    Offered o = bobOffered();
    String alicesToken = Realtime.agentSession(api, o.seed.workspace, o.alice).getString("token");
    String ws = "Workspaces/" + o.seed.workspace;
    JsonObject accept = Json.createObjectBuilder().add("ReservationStatus", "accepted").build();
    JsonObject offline =
        Json.createObjectBuilder().add("ActivitySid", o.seed.activity("Offline")).build();

    // when alice's token tries to accept bob's reservation (both URLs) and to move bob
    List<ApiResponse> attempts =
        List.of(
            Realtime.eb(
                alicesToken,
                "POST",
                ws + "/Workers/" + o.bob + "/Reservations/" + o.reservation,
                accept),
            Realtime.eb(
                alicesToken,
                "POST",
                ws + "/Tasks/" + o.task + "/Reservations/" + o.reservation,
                accept),
            Realtime.eb(alicesToken, "POST", ws + "/Workers/" + o.bob, offline),
            Api.bearer(alicesToken)
                .post(
                    o.seed.base + "/Workers/" + o.bob, "ActivitySid", o.seed.activity("Offline")));

    // then each is refused, and bob's reservation and activity are as they were
    for (ApiResponse attempt : attempts) {
      assertThat(attempt.status()).as(attempt.toString()).isEqualTo(403);
      assertThat(attempt.json().getInt("code")).isEqualTo(20403);
    }
    assertThat(o.seed.reservationsOfTask(o.task).get(0).getString("reservation_status"))
        .isEqualTo("pending");
    assertThat(api.get(o.seed.base + "/Workers/" + o.bob).json().getString("activity_name"))
        .isEqualTo("Available");
  }

  @Test
  void theSupervisorSignsInWithALinkAndItsTokenOnlyReadsItsWorkspace() {
    // given a one-time supervisor link made with the account's credentials
    Offered o = bobOffered();
    ApiResponse link =
        api.post("/realtime/supervisor-sign-in-links", "WorkspaceSid", o.seed.workspace);
    Seed.expect(link, 201);
    String code = link.json().getString("code");
    assertThat(link.json().getString("url")).isEqualTo(Api.root() + "/supervisor/#code=" + code);

    // when the page redeems it, without any credentials
    ApiResponse session = Api.anonymous().post("/realtime/supervisor-tokens", "Code", code);

    // then it gets a workspace token, once
    Seed.expect(session, 200);
    assertThat(session.json().getString("workspace_sid")).isEqualTo(o.seed.workspace);
    assertThat(session.json().getInt("expires_in")).isEqualTo(3600);
    assertThat(session.json().getString("token")).doesNotContain(authToken());
    assertThat(Api.anonymous().post("/realtime/supervisor-tokens", "Code", code).status())
        .isEqualTo(401);
    String token = session.json().getString("token");
    Api supervisor = Api.bearer(token);

    // and the token reads its workspace over /v1
    assertThat(supervisor.get(o.seed.base).status()).isEqualTo(200);
    assertThat(supervisor.get(o.seed.base + "/TaskQueues/Statistics").status()).isEqualTo(200);
    assertThat(supervisor.get(o.seed.base + "/Tasks/" + o.task + "/Reservations").status())
        .isEqualTo(200);

    // but nothing else: not another workspace, not the list, no change
    Seed other = Seed.workspace(api);
    for (ApiResponse refused :
        List.of(
            supervisor.get(other.base),
            supervisor.get("/v1/Workspaces"),
            supervisor.post(
                o.seed.base + "/Workers/" + o.bob, "ActivitySid", o.seed.activity("Offline")),
            supervisor.post(
                o.seed.base + "/Tasks/" + o.task + "/Reservations/" + o.reservation,
                "ReservationStatus",
                "accepted"),
            supervisor.post(o.seed.base + "/Tasks", "Attributes", "{}"),
            supervisor.delete(o.seed.base + "/Workers/" + o.alice))) {
      assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
      assertThat(refused.json().getInt("code")).isEqualTo(20403);
    }
    assertThat(o.seed.reservationsOfTask(o.task).get(0).getString("reservation_status"))
        .isEqualTo("pending");
    assertThat(api.get(o.seed.base + "/Workers/" + o.bob).json().getString("activity_name"))
        .isEqualTo("Available");
    assertThat(api.get(o.seed.base + "/Workers/" + o.alice).status()).isEqualTo(200);

    // and it renews itself with a still valid token, which a worker's token cannot
    ApiResponse renewed = Api.anonymous().post("/realtime/supervisor-tokens", "Token", token);
    Seed.expect(renewed, 200);
    String workersToken = Realtime.agentSession(api, o.seed.workspace, o.alice).getString("token");
    assertThat(Api.anonymous().post("/realtime/supervisor-tokens", "Token", workersToken).status())
        .isEqualTo(401);
    // nor is a supervisor's code an agent's, or the other way round
    String another =
        api.post("/realtime/supervisor-sign-in-links", "WorkspaceSid", o.seed.workspace)
            .json()
            .getString("code");
    assertThat(Api.anonymous().post("/realtime/agent-tokens", "Code", another).status())
        .isEqualTo(401);
    assertThat(Api.anonymous().post("/realtime/supervisor-tokens", "Code", another).status())
        .as("the refused attempt did not use the code up")
        .isEqualTo(200);
  }

  private static String authToken() {
    return System.getProperty("switchboard.it.auth.token");
  }
}
