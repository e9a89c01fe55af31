package org.switchboard.it.operations;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.realtime.Realtime;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Pbx;
import org.switchboard.it.support.Seed;
import org.switchboard.telephony.peer.FakeAmiServer;

/**
 * The management interface as Prometheus and a load balancer read it, without credentials: {@code
 * /metrics} shows Switchboard's meters with the figures an operator expects, and {@code
 * /health/ready} says whether the server can do its work, check by check.
 */
@ExtendWith(ArquillianExtension.class)
class OperationsIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void metricsShowTheTasksWaitingTheRoutingPassesTheCallbacksTheSocketsAndAsterisk()
      throws IOException {
    try (FakeAmiServer ami = Pbx.startAmi()) {
      Pbx.awaitLogin(ami);
      // given a workspace whose event callbacks go to a receiver that is down, and a queue whose
      // only worker is offline
      Seed seed = Seed.workspace(api);
      Seed.expect(
          api.post(
              seed.base,
              "EventCallbackUrl",
              "http://127.0.0.1:9/down",
              "EventsFilter",
              "task.created"),
          200);
      String alice = seed.worker("alice", "{}");
      String queue = seed.queue("Nobody there", "1==1");
      String workflow = seed.workflowTo(queue);
      Map<String, String> ofQueue = Map.of("workspace", seed.workspace, "queue", queue);
      Map<String, String> newPassesDone = Map.of("kind", "new", "outcome", "done");
      double passesBefore =
          scrape().find("switchboard_routing_pass_seconds_count", newPassesDone).orElse(0);

      // when three tasks are created
      for (int i = 0; i < 3; i++) {
        seed.task(workflow, "{\"type\":\"support\"}");
      }

      // then, within a refresh of the gauges, the queue has three tasks waiting and the
      // workspace three event callbacks pending
      Scrape metrics =
          Eventually.until(
              OperationsIT::scrape,
              m ->
                  m.find("switchboard_tasks_waiting", ofQueue).orElse(-1) == 3
                      && m.find(
                                  "switchboard_callbacks_pending",
                                  Map.of("workspace", seed.workspace, "kind", "event"))
                              .orElse(-1)
                          == 3,
              "three tasks waiting and three callbacks pending in /metrics");
      // each creation placed its task in one routing pass, timed
      assertThat(metrics.value("switchboard_routing_pass_seconds_count", newPassesDone))
          .isEqualTo(passesBefore + 3);
      assertThat(metrics.value("switchboard_routing_pass_seconds_sum", newPassesDone)).isPositive();
      // the server is logged in to Asterisk
      assertThat(metrics.value("switchboard_ami_connected", Map.of())).isEqualTo(1);

      // and while alice's agent page is connected, one more worker socket is open
      Map<String, String> workerSockets = Map.of("role", "worker");
      double socketsBefore = metrics.value("switchboard_realtime_sockets", workerSockets);
      String token = Realtime.agentSession(api, seed.workspace, alice).getString("token");
      Realtime.Socket socket =
          Realtime.Socket.open("token=" + token + "&setWorkerOfflineIfDisconnected=false");
      Eventually.until(() -> socket, s -> s.has("init"), "the socket initialised");
      assertThat(scrape().value("switchboard_realtime_sockets", workerSockets))
          .isEqualTo(socketsBefore + 1);
      socket.close();
      Eventually.until(
          () -> scrape().value("switchboard_realtime_sockets", workerSockets),
          open -> open == socketsBefore,
          "the closed socket no longer counted");
    }
  }

  @Test
  void readinessIsUpWithTheDatabaseAsteriskAndCallbacksAndDownWhileAsteriskIsAway()
      throws IOException {
    FakeAmiServer ami = Pbx.startAmi();
    try {
      // given the server logged in to Asterisk
      Pbx.awaitLogin(ami);

      // when a load balancer asks whether it is ready
      ApiResponse ready = management("/health/ready");

      // then it is, and says why
      assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
      assertThat(ready.json().getString("status")).isEqualTo("UP");
      assertThat(check(ready, "database").getString("status")).isEqualTo("UP");
      JsonObject asterisk = check(ready, "ami");
      assertThat(asterisk.getString("status")).isEqualTo("UP");
      assertThat(asterisk.getJsonObject("data").getBoolean("configured")).isTrue();
      JsonObject callbacks = check(ready, "callback-backlog");
      assertThat(callbacks.getString("status")).isEqualTo("UP");
      assertThat(callbacks.getJsonObject("data").getJsonNumber("max-due").longValue())
          .isEqualTo(1000);
      assertThat(callbacks.getJsonObject("data").getJsonNumber("due").longValue())
          .isBetween(0L, 1000L);
    } finally {
      // when Asterisk goes away
      ami.close();
    }

    // then the server is not ready (503), because of Asterisk alone, and says so in /metrics too
    ApiResponse notReady =
        Eventually.until(
            () -> management("/health/ready"),
            r -> r.status() == 503,
            "/health/ready answering 503 without Asterisk");
    assertThat(notReady.json().getString("status")).isEqualTo("DOWN");
    assertThat(check(notReady, "ami").getString("status")).isEqualTo("DOWN");
    assertThat(check(notReady, "database").getString("status")).isEqualTo("UP");
    assertThat(check(notReady, "callback-backlog").getString("status")).isEqualTo("UP");
    assertThat(scrape().value("switchboard_ami_connected", Map.of())).isZero();
    // and it is still alive: nothing to restart
    ApiResponse live = management("/health/live");
    assertThat(live.status()).as(live.toString()).isEqualTo(200);
  }

  /** GETs a path of the management interface, without credentials. */
  private static ApiResponse management(String path) {
    return Api.anonymous()
        .get("http://127.0.0.1:" + Integer.getInteger("switchboard.it.management.port") + path);
  }

  /** One check of a health answer, by name. */
  private static JsonObject check(ApiResponse health, String name) {
    return health.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(c -> name.equals(c.getString("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + health.body()));
  }

  private static Scrape scrape() {
    ApiResponse metrics = management("/metrics");
    assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
    return Scrape.parse(metrics.body());
  }

  /** One series of the Prometheus text format: name, labels, value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** A {@code /metrics} answer, parsed. */
  record Scrape(List<Sample> samples) {

    private static final Pattern LINE = Pattern.compile("^(\\w+)(?:\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Scrape parse(String text) {
      return new Scrape(
          text.lines()
              .map(LINE::matcher)
              .filter(Matcher::matches)
              .map(
                  m -> {
                    Map<String, String> labels = new HashMap<>();
                    Matcher label = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
                    while (label.find()) {
                      labels.put(label.group(1), label.group(2));
                    }
                    return new Sample(m.group(1), labels, Double.parseDouble(m.group(3)));
                  })
              .toList());
    }

    /** The value of the one series of that name having these labels (among others). */
    double value(String name, Map<String, String> labels) {
      return find(name, labels)
          .orElseThrow(() -> new AssertionError("no series " + name + labels + " in " + this));
    }

    /** The value of the series, if there is exactly one. */
    OptionalDouble find(String name, Map<String, String> labels) {
      List<Sample> matching =
          samples.stream()
              .filter(
                  s ->
                      s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
              .toList();
      return matching.size() == 1
          ? OptionalDouble.of(matching.get(0).value())
          : OptionalDouble.empty();
    }

    @Override
    public String toString() {
      return samples.stream().filter(s -> s.name().startsWith("switchboard_")).toList().toString();
    }
  }
}
