package org.switchboard.it.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Seed;

/**
 * Twilio's official {@code twilio-taskrouter} SDK, unchanged, in Node (with {@code ws}), pointed at
 * Switchboard with {@code new Worker(token, {ebServer, wsServer})}. Each test seeds a workspace
 * over REST, issues a sign-in code, runs one scenario of {@code src/test/node/sdk-flow.js} and
 * checks what the script saw and what the server then holds.
 */
@ExtendWith(ArquillianExtension.class)
class RealtimeSdkIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  /** A workspace with one support worker (alice), another worker (bob), a queue and a workflow. */
  record Setup(Seed seed, String alice, String bob, String workflow) {
    static Setup create(Api api) {
      Seed seed = Seed.workspace(api);
      String alice = seed.worker("alice", "{\"skills\":[\"support\"]}");
      String bob = seed.worker("bob", "{\"skills\":[\"sales\"]}");
      String workflow = seed.workflowTo(seed.queue("Support", "skills HAS 'support'"));
      return new Setup(seed, alice, bob, workflow);
    }
  }

  @Test
  void aWorkerGoesAvailableGetsAReservationAcceptsCompletesAndGoesOffline() {
    // given alice with a sign-in code
    Setup s = Setup.create(api);

    // when the SDK signs in with the code and runs the seed's flow
    Run run = node("flow", s, s.alice);

    // then every step happened, in order, as the SDK saw it
    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.steps())
        .containsSubsequence(
            "worker.ready",
            "worker.activity",
            "task.created",
            "reservation.created",
            "reservation.accepted",
            "reservation.completed",
            "worker.activity",
            "done");
    JsonObject created = run.step("reservation.created");
    assertThat(created.getString("status")).isEqualTo("pending");
    assertThat(created.getJsonObject("attributes").getString("from")).isEqualTo("sdk-flow");
    assertThat(run.step("reservation.accepted").getString("status")).isEqualTo("accepted");
    assertThat(run.step("reservation.completed").getString("status")).isEqualTo("completed");

    // and the server agrees: the task is completed and alice is offline
    String task = run.step("task.created").getString("sid");
    assertThat(s.seed.task(task).getString("assignment_status")).isEqualTo("completed");
    assertThat(worker(s, s.alice).getString("activity_name")).isEqualTo("Offline");
  }

  @Test
  void aWorkersTokenCannotReachAnotherWorkerAndAForgedTokenIsRefused() {
    // given alice's token and bob, offline
    Setup s = Setup.create(api);

    // when alice's token is used on bob, and a token re-signed for bob is tried
    Run run = node("refused", s, s.alice);

    // then alice reaches herself only; bob is untouched
    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.step("own.worker").getInt("status")).isEqualTo(200);
    assertThat(run.step("own.worker").getString("sid")).isEqualTo(s.alice);
    for (String step : List.of("other.worker.read", "other.worker.write")) {
      JsonObject refused = run.step(step);
      assertThat(refused.getInt("status")).as(step).isEqualTo(403);
      assertThat(refused.getJsonObject("body").getInt("code")).isEqualTo(20403);
      assertThat(refused.getJsonObject("body").getString("more_info"))
          .isEqualTo("https://www.twilio.com/docs/errors/20403");
    }
    JsonObject tampered = run.step("tampered.token");
    assertThat(tampered.getInt("status")).isEqualTo(401);
    assertThat(tampered.getJsonObject("body").getInt("code")).isEqualTo(20107);
    assertThat(run.step("tampered.socket").getString("outcome")).startsWith("disconnected");
    assertThat(worker(s, s.bob).getString("activity_name")).isEqualTo("Offline");
  }

  @Test
  void aDroppedSocketReconnectsAndStillReceivesTheNextReservation() {
    // given alice signed in and available
    Setup s = Setup.create(api);

    // when her socket is dropped and a task is created after the SDK reconnected
    Run run = node("reconnect", s, s.alice);

    // then the SDK re-initialised and got the reservation over the new socket
    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.steps())
        .containsSubsequence(
            "worker.ready",
            "socket.dropped",
            "worker.ready.again",
            "reservation.created",
            "reservation.completed",
            "done");
    assertThat(run.step("worker.ready.again").getString("activity")).isEqualTo("Available");
    String task = run.step("task.created").getString("sid");
    assertThat(s.seed.task(task).getString("assignment_status")).isEqualTo("completed");
  }

  @Test
  void aWorkerTransfersATaskWarmToAnotherWithTheSdksTaskTransfer() {
    // given alice and bob, both able to serve the queue
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{\"skills\":[\"support\"]}");
    String bob = seed.worker("bob", "{\"skills\":[\"support\"]}");
    Setup s =
        new Setup(seed, alice, bob, seed.workflowTo(seed.queue("Support", "skills HAS 'support'")));

    // when alice accepts a task and transfers it to bob with task.transfer(bob, {mode: 'WARM'}),
    // and bob accepts
    Run run = node("transfer", s, s.alice);

    // then the SDK saw the transfer as TaskRouter's: outgoing for alice, incoming on bob's offer
    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.steps())
        .containsSubsequence(
            "reservation.accepted",
            "transfer.initiated",
            "transfer.initiated.event",
            "transfer.offered",
            "transfer.completed",
            "tasks.completed",
            "done");
    JsonObject initiated = run.step("transfer.initiated");
    assertThat(initiated.getString("sid")).startsWith("TT");
    assertThat(initiated.getString("status")).isEqualTo("initiated");
    assertThat(initiated.getString("to")).isEqualTo(bob);
    assertThat(initiated.getString("mode")).isEqualTo("WARM");
    assertThat(initiated.getString("type")).isEqualTo("WORKER");
    assertThat(initiated.getString("worker_sid")).isEqualTo(alice);
    assertThat(initiated.getString("reservation_sid"))
        .isEqualTo(run.step("reservation.accepted").getString("sid"));
    JsonObject offered = run.step("transfer.offered");
    assertThat(offered.getString("transfer_sid")).isEqualTo(initiated.getString("sid"));
    assertThat(offered.getString("task_incoming_sid")).isEqualTo(initiated.getString("sid"));
    assertThat(offered.getString("worker_sid")).isEqualTo(alice);
    assertThat(offered.getString("task_sid"))
        .isNotEqualTo(run.step("reservation.accepted").getString("task_sid"));
    assertThat(offered.getJsonObject("attributes").getString("from")).isEqualTo("transfer-flow");
    assertThat(run.step("transfer.completed").getString("status")).isEqualTo("complete");

    // and the server agrees
    String original = run.step("tasks.completed").getString("original");
    String transferred = run.step("tasks.completed").getString("transferred");
    assertThat(s.seed.task(original).getString("assignment_status")).isEqualTo("completed");
    assertThat(s.seed.task(transferred).getString("assignment_status")).isEqualTo("completed");
    JsonObject transfer =
        api.get(s.seed.base + "/Tasks/" + original + "/Transfers")
            .json()
            .getJsonArray("transfers")
            .getJsonObject(0);
    assertThat(transfer.getString("transfer_status")).isEqualTo("complete");
    assertThat(transfer.getString("transfer_task_sid")).isEqualTo(transferred);
  }

  private JsonObject worker(Setup s, String sid) {
    ApiResponse response = api.get(s.seed.base + "/Workers/" + sid);
    Seed.expect(response, 200);
    return response.json();
  }

  private String signInCode(Setup s, String worker) {
    ApiResponse link =
        api.post("/realtime/sign-in-links", "WorkspaceSid", s.seed.workspace, "WorkerSid", worker);
    Seed.expect(link, 201);
    return link.json().getString("code");
  }

  /** What one run of the Node script printed. */
  record Run(int exit, String output) {
    List<String> steps() {
      return output
          .lines()
          .filter(l -> l.startsWith("STEP "))
          .map(l -> l.split(" ", 3)[1])
          .toList();
    }

    /** The data of the last line of a step. */
    JsonObject step(String name) {
      List<String> lines = output.lines().filter(l -> l.startsWith("STEP " + name + " ")).toList();
      assertThat(lines).as("step %s in:%n%s", name, output).isNotEmpty();
      String json = lines.get(lines.size() - 1).substring(("STEP " + name + " ").length());
      return Json.createReader(new StringReader(json)).readObject();
    }
  }

  private Run node(String scenario, Setup s, String worker) {
    Path dir = Path.of(System.getProperty("switchboard.it.node.dir", "src/test/node"));
    ProcessBuilder builder =
        new ProcessBuilder("node", "sdk-flow.js", scenario)
            .directory(dir.toFile())
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("SB_ROOT", Api.root());
    env.put("SB_ACCOUNT_SID", Api.accountSid());
    env.put("SB_AUTH_TOKEN", System.getProperty("switchboard.it.auth.token"));
    env.put("SB_WORKSPACE_SID", s.seed.workspace);
    env.put("SB_WORKFLOW_SID", s.workflow);
    env.put("SB_CODE", signInCode(s, worker));
    env.put("SB_OTHER_WORKER_SID", s.bob);
    env.put("SB_OTHER_CODE", signInCode(s, s.bob));
    env.put("SB_AVAILABLE_SID", s.seed.activity("Available"));
    try {
      Process process = builder.start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run node (is it on the PATH?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
