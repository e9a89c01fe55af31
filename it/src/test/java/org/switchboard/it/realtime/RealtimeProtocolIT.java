package org.switchboard.it.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.twilio.jwt.accesstoken.AccessToken;
import com.twilio.jwt.accesstoken.TaskRouterGrant;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
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
 * The realtime endpoints with plain clients (the JDK's HttpClient and WebSocket): Twilio's Keys
 * resource, Access Tokens minted by twilio-java, the sign-in endpoints, and what the event bridge
 * answers to bad tokens, malformed bodies, unknown URLs and wrong methods (Twilio's errors, and
 * nothing changes).
 */
@ExtendWith(ArquillianExtension.class)
class RealtimeProtocolIT {

  private final Api api = Api.asSuiteAccount();
  private final String keys = "/2010-04-01/Accounts/" + Api.accountSid() + "/Keys";

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void apiKeysAreCreatedListedRenamedAndDeletedAsTwilioDoes() {
    // when a key is created
    ApiResponse created = api.post(keys + ".json", "FriendlyName", "backend");

    // then the answer carries the sid, the name, RFC 2822 dates and, this once, the secret
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject key = created.json();
    String sid = key.getString("sid");
    assertThat(sid).matches("SK[0-9a-f]{32}");
    assertThat(key.getString("friendly_name")).isEqualTo("backend");
    assertThat(key.getString("date_created"))
        .matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
    assertThat(key.getString("secret")).hasSizeGreaterThanOrEqualTo(32);

    // and the list and fetch show it without the secret
    JsonObject list = api.get(keys + ".json?PageSize=1000").json();
    assertThat(list.getString("first_page_uri")).startsWith(keys + ".json?PageSize=1000");
    JsonObject listed =
        list.getJsonArray("keys").getValuesAs(JsonObject.class).stream()
            .filter(k -> k.getString("sid").equals(sid))
            .findFirst()
            .orElseThrow();
    assertThat(listed.containsKey("secret")).isFalse();
    assertThat(api.get(keys + "/" + sid + ".json").json().containsKey("secret")).isFalse();

    // when it is renamed and deleted
    ApiResponse renamed = api.post(keys + "/" + sid + ".json", "FriendlyName", "renamed");
    assertThat(renamed.json().getString("friendly_name")).isEqualTo("renamed");
    assertThat(api.delete(keys + "/" + sid + ".json").status()).isEqualTo(204);

    // then it is gone, and another account's path or no credentials get Twilio's errors
    ApiResponse gone = api.get(keys + "/" + sid + ".json");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().getInt("code")).isEqualTo(20404);
    String otherAccount = "/2010-04-01/Accounts/AC" + "0".repeat(32) + "/Keys.json";
    assertThat(api.get(otherAccount).status()).isEqualTo(404);
    ApiResponse anonymous = Api.anonymous().get(keys + ".json");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.json().getInt("code")).isEqualTo(20003);
    ApiResponse tooLong = api.post(keys + ".json", "FriendlyName", "x".repeat(65));
    assertThat(tooLong.status()).isEqualTo(400);
  }

  @Test
  void aTokenMintedByTwilioJavaWorksUntilItsKeyIsDeleted() {
    // given a key and alice
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{}");
    JsonObject key = api.post(keys + ".json", "FriendlyName", "integrator").json();
    TaskRouterGrant grant = new TaskRouterGrant();
    grant.setWorkspaceSid(seed.workspace);
    grant.setWorkerSid(alice);
    grant.setRole("worker");
    String token =
        new AccessToken.Builder(
                Api.accountSid(),
                key.getString("sid"),
                key.getString("secret").getBytes(StandardCharsets.UTF_8))
            .identity("alice")
            .grant(grant)
            .ttl(3600)
            .build()
            .toJwt();

    // when the SDK's first request (fetch the worker) is made with it
    ApiResponse fetched =
        Realtime.eb(token, "GET", "Workspaces/" + seed.workspace + "/Workers/" + alice, null);

    // then it is answered with the worker as the SDK's descriptor reads it
    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
    JsonObject worker = fetched.json().getJsonObject("payload");
    assertThat(worker.getString("sid")).isEqualTo(alice);
    assertThat(worker.getString("activity_name")).isEqualTo("Offline");
    assertThat(worker.getString("attributes")).isEqualTo("{}");
    assertThat(worker.getJsonNumber("date_created").longValue())
        .isBetween(
            Instant.now().minusSeconds(600).getEpochSecond(), Instant.now().getEpochSecond() + 5);
    for (String k :
        new String[] {
          "account_sid",
          "available",
          "date_status_changed",
          "date_updated",
          "friendly_name",
          "workspace_sid",
          "version"
        }) {
      assertThat(worker.containsKey(k)).as(k).isTrue();
    }

    // when the key is deleted, the same token is refused
    Seed.expect(api.delete(keys + "/" + key.getString("sid") + ".json"), 204);
    ApiResponse revoked =
        Realtime.eb(token, "GET", "Workspaces/" + seed.workspace + "/Workers/" + alice, null);
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.json().getInt("code")).isEqualTo(20103);
  }

  @Test
  void expiredForeignTamperedAndMissingTokensGetTwilioErrors() throws Exception {
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{}");
    JsonObject key = api.post(keys + ".json", "FriendlyName", "bad tokens").json();
    String url = "Workspaces/" + seed.workspace + "/Workers/" + alice;
    Instant now = Instant.now();

    String expired = sign(key, Api.accountSid(), seed.workspace, alice, now.minusSeconds(60));
    String foreign = sign(key, "AC" + "1".repeat(32), seed.workspace, alice, now.plusSeconds(600));
    String good = sign(key, Api.accountSid(), seed.workspace, alice, now.plusSeconds(600));
    String tampered =
        good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");

    assertError(Realtime.eb(good, "GET", url, null), 200, null);
    assertError(Realtime.eb(expired, "GET", url, null), 401, 20104);
    assertError(Realtime.eb(foreign, "GET", url, null), 401, 20103);
    assertError(Realtime.eb(tampered, "GET", url, null), 401, 20107);
    assertError(Realtime.eb("not.a.jwt", "GET", url, null), 401, 20101);
    assertError(Realtime.eb(null, "GET", url, null), 401, 20101);

    // and the socket refuses an expired token: an error frame, then close 1008
    Realtime.Socket socket =
        Realtime.Socket.open(
            "token=" + expired + "&closeExistingSessions=false&clientVersion=2.1.1");
    assertThat(socket.closed.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1008);
    assertThat(socket.first("error").getJsonObject("payload").getInt("code")).isEqualTo(20104);
  }

  @Test
  void malformedBodiesUnknownUrlsAndWrongMethodsGetTwilioErrorsAndChangeNothing() {
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{}");
    String token = Realtime.agentSession(api, seed.workspace, alice).getString("token");
    String ws = "Workspaces/" + seed.workspace;

    assertError(Realtime.ebRaw("this is not json"), 400, 20001);
    assertError(Realtime.ebRaw("[1,2]"), 400, 20001);
    ApiResponse noUrl =
        Realtime.ebRaw(
            Json.createObjectBuilder().add("method", "GET").add("token", token).build().toString());
    assertError(noUrl, 400, 20001);
    assertThat(noUrl.json().getString("message")).contains("url");
    assertError(Realtime.eb(token, "GET", ws + "/Nothing", null), 404, 20404);
    assertError(Realtime.eb(token, "GET", "Accounts/" + Api.accountSid(), null), 404, 20404);
    assertError(Realtime.eb(token, "DELETE", ws + "/Workers/" + alice, null), 405, 20004);
    assertError(Realtime.eb(token, "POST", ws + "/Activities", null), 405, 20004);
    assertError(
        Realtime.eb(token, "GET", "Workspaces/WS" + "2".repeat(32) + "/Activities", null),
        403,
        20403);
    ApiResponse get = api.get("/realtime/eb");
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.json().getInt("code")).isEqualTo(20004);

    // a bad activity is refused, and alice is still offline
    JsonObject badActivity =
        Json.createObjectBuilder().add("ActivitySid", "WA" + "3".repeat(32)).build();
    assertError(Realtime.eb(token, "POST", ws + "/Workers/" + alice, badActivity), 400, 20001);
    assertThat(api.get(seed.base + "/Workers/" + alice).json().getString("activity_name"))
        .isEqualTo("Offline");
  }

  @Test
  void theSocketSendsInitThenEachCommittedEventOfItsWorker() {
    // given alice's socket
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{}");
    String token = Realtime.agentSession(api, seed.workspace, alice).getString("token");
    Realtime.Socket socket =
        Realtime.Socket.open(
            "token="
                + token
                + "&closeExistingSessions=false&clientVersion=2.1.1&setWorkerOfflineIfDisconnected=false");
    JsonObject init =
        Eventually.until(() -> socket, s -> s.has("init"), "initialised")
            .first("init")
            .getJsonObject("payload");
    assertThat(init.getString("channel_id")).isEqualTo(alice);
    assertThat(init.getString("account_sid")).isEqualTo(Api.accountSid());
    assertThat(init.getString("workspace_sid")).isEqualTo(seed.workspace);
    assertThat(init.getJsonNumber("token_lifetime").longValue()).isBetween(3_500_000L, 3_600_000L);

    // when alice is moved to Available over REST
    seed.moveWorker(alice, "Available");

    // then her socket gets worker.activity.update with the worker as the SDK reads it
    JsonObject update =
        Eventually.until(() -> socket, s -> s.has("worker.activity.update"), "activity event")
            .first("worker.activity.update");
    assertThat(update.getJsonObject("payload").getString("activity_name")).isEqualTo("Available");
    assertThat(update.getJsonObject("payload").getBoolean("available")).isTrue();

    // when the client sends a frame, it is told the socket only delivers events
    socket.webSocket.sendText("{\"hello\":1}", true).join();
    JsonObject error =
        Eventually.until(() -> socket, s -> s.has("error"), "error frame").first("error");
    assertThat(error.getJsonObject("payload").getInt("code")).isEqualTo(20001);
    socket.close();
  }

  @Test
  void aSupervisorSocketSeesEveryEventOfItsWorkspaceButCannotChangeAnything() {
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{}");
    String workflow = seed.workflowTo(seed.queue("All", "1==1"));
    ApiResponse session = api.post("/realtime/workspace-tokens", "WorkspaceSid", seed.workspace);
    Seed.expect(session, 200);
    String token = session.json().getString("token");
    assertThat(session.json().getString("ws_server")).endsWith("/realtime/ws");
    Realtime.Socket socket = Realtime.Socket.open("token=" + token);
    Eventually.until(() -> socket, s -> s.has("init"), "initialised");

    String task = seed.task(workflow, "{\"type\":\"any\"}");

    JsonObject created =
        Eventually.until(() -> socket, s -> s.has("task.created"), "task.created")
            .first("task.created");
    assertThat(created.getJsonObject("payload").getString("sid")).isEqualTo(task);
    assertThat(created.getString("event_sid")).startsWith("EV");
    JsonObject attempt =
        Json.createObjectBuilder().add("ActivitySid", seed.activity("Available")).build();
    assertError(
        Realtime.eb(token, "POST", "Workspaces/" + seed.workspace + "/Workers/" + alice, attempt),
        403,
        20403);
    assertThat(api.get(seed.base + "/Workers/" + alice).json().getString("activity_name"))
        .isEqualTo("Offline");
    socket.close();
  }

  @Test
  void signInCodesAreSingleUseAndCheckedAndTokensRefresh() {
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{}");

    ApiResponse missing = api.post("/realtime/sign-in-links", "WorkspaceSid", seed.workspace);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getString("message")).contains("WorkerSid");
    ApiResponse unknown =
        api.post(
            "/realtime/sign-in-links",
            "WorkspaceSid",
            seed.workspace,
            "WorkerSid",
            "WK" + "4".repeat(32));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(
            Api.anonymous()
                .post("/realtime/sign-in-links", "WorkspaceSid", seed.workspace, "WorkerSid", alice)
                .status())
        .isEqualTo(401);

    ApiResponse link =
        api.post(
            "/realtime/sign-in-links",
            "WorkspaceSid",
            seed.workspace,
            "WorkerSid",
            alice,
            "Ttl",
            "60");
    assertThat(link.status()).isEqualTo(201);
    String code = link.json().getString("code");
    assertThat(link.json().getString("url")).endsWith("/agent/#code=" + code);
    assertThat(link.json().getString("worker_sid")).isEqualTo(alice);

    ApiResponse first = Api.anonymous().post("/realtime/agent-tokens", "Code", code);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getInt("expires_in")).isEqualTo(3600);
    assertThat(first.json().getString("eb_server")).endsWith("/realtime/eb");
    ApiResponse again = Api.anonymous().post("/realtime/agent-tokens", "Code", code);
    assertThat(again.status()).isEqualTo(401);
    assertThat(again.json().getInt("code")).isEqualTo(20003);
    assertThat(Api.anonymous().post("/realtime/agent-tokens", "Code", "made-up").status())
        .isEqualTo(401);

    ApiResponse refreshed =
        Api.anonymous().post("/realtime/agent-tokens", "Token", first.json().getString("token"));
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(refreshed.json().getString("worker_sid")).isEqualTo(alice);
    assertThat(
            api.post("/realtime/workspace-tokens", "WorkspaceSid", "WS" + "5".repeat(32)).status())
        .isEqualTo(404);
  }

  @Test
  void aWorkerWhoseLastSocketClosesGoesOfflineAfterTheGracePeriod() {
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{}");
    String token = Realtime.agentSession(api, seed.workspace, alice).getString("token");
    Realtime.Socket socket =
        Realtime.Socket.open("token=" + token + "&closeExistingSessions=false");
    Eventually.until(() -> socket, s -> s.has("init"), "initialised");
    seed.moveWorker(alice, "Available");
    Eventually.until(() -> socket, s -> s.has("worker.activity.update"), "available");

    socket.close();

    Eventually.until(
        () -> api.get(seed.base + "/Workers/" + alice).json(),
        w -> "Offline".equals(w.getString("activity_name")),
        "moved offline");
  }

  @Test
  void closeExistingSessionsClosesTheWorkersOlderSocket() throws Exception {
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{}");
    String token = Realtime.agentSession(api, seed.workspace, alice).getString("token");
    Realtime.Socket older =
        Realtime.Socket.open(
            "token=" + token + "&closeExistingSessions=false&setWorkerOfflineIfDisconnected=false");
    Eventually.until(() -> older, s -> s.has("init"), "older initialised");

    Realtime.Socket newer =
        Realtime.Socket.open(
            "token=" + token + "&closeExistingSessions=true&setWorkerOfflineIfDisconnected=false");

    assertThat(older.closed.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1000);
    Eventually.until(() -> newer, s -> s.has("init"), "newer initialised");
    assertThat(newer.closed).isNotDone();
    newer.close();
  }

  private static String sign(
      JsonObject key, String account, String workspace, String worker, Instant exp)
      throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .jwtID(key.getString("sid") + "-" + exp.getEpochSecond())
            .issuer(key.getString("sid"))
            .subject(account)
            .expirationTime(Date.from(exp))
            .claim(
                "grants",
                Map.of(
                    "identity",
                    "alice",
                    "task_router",
                    Map.of("workspace_sid", workspace, "worker_sid", worker, "role", "worker")))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(JOSEObjectType.JWT)
                .contentType("twilio-fpa;v=1")
                .build(),
            claims);
    jwt.sign(new MACSigner(key.getString("secret").getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  private static void assertError(ApiResponse response, int status, Integer code) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    if (code != null) {
      JsonObject body = response.json();
      assertThat(body.getInt("code")).as(response.toString()).isEqualTo(code);
      assertThat(body.getInt("status")).isEqualTo(status);
      assertThat(body.getString("more_info"))
          .isEqualTo("https://www.twilio.com/docs/errors/" + code);
      assertThat(body.getString("message")).isNotBlank();
    }
  }
}
