package org.switchboard.telephony.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.asteriskjava.fastagi.AgiScript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.telephony.agi.CallEnqueuer;
import org.switchboard.telephony.agi.EnqueueRequest;
import org.switchboard.telephony.agi.EnqueueResult;
import org.switchboard.telephony.peer.FastAgiCaller;

/** The enqueue script behind Asterisk-Java's FastAGI server, driven by the FastAGI caller peer. */
class EnqueueOverFastAgiTest {

  private final ExecutorService runner = Executors.newSingleThreadExecutor();
  private FastAgiServerRunner server;
  private int port;
  private final AtomicReference<CallEnqueuer> enqueuer = new AtomicReference<>();
  private final AtomicReference<EnqueueRequest> seen = new AtomicReference<>();

  @BeforeEach
  void startServer() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    AgiScript enqueue = new EnqueueAgiScript(() -> Optional.ofNullable(enqueuer.get()));
    server =
        new FastAgiServerRunner(
            new ScriptMappingStrategy(Map.of("enqueue", enqueue)),
            InetAddress.getLoopbackAddress(),
            port,
            2,
            Executors.defaultThreadFactory());
    server.start(runner);
    assertThat(server.awaitListening(10, TimeUnit.SECONDS)).isTrue();
  }

  @AfterEach
  void stopServer() {
    server.stop();
    runner.shutdownNow();
  }

  @Test
  void enqueueSetsTaskAndConference() throws IOException {
    // given
    enqueuer.set(
        request -> {
          seen.set(request);
          return new EnqueueResult("WT1", "switchboard-WT1");
        });

    // when
    FastAgiCaller caller = call("enqueue?workflow=WW1&priority=5&attributes=%7B%22a%22%3A1%7D");

    // then
    assertThat(caller.variables())
        .containsEntry("SWITCHBOARD_TASK_SID", "WT1")
        .containsEntry("SWITCHBOARD_CONFERENCE", "switchboard-WT1")
        .containsEntry("SWITCHBOARD_STATUS", "ok");
    assertThat(seen.get())
        .isEqualTo(
            new EnqueueRequest(
                "WW1",
                "{\"a\":1}",
                5,
                86_400,
                "PJSIP/alice-0001",
                "1700000000.1",
                "100",
                null,
                "en",
                null));
  }

  @Test
  void aWorkflowByFriendlyNameNeedsItsWorkspace() throws IOException {
    enqueuer.set(
        request -> {
          seen.set(request);
          return new EnqueueResult("WT2", "switchboard-WT2");
        });

    FastAgiCaller withoutWorkspace = call("enqueue?workflow=Support%20line");
    FastAgiCaller withWorkspace = call("enqueue?workflow=Support%20line&workspace=WS1");

    assertThat(withoutWorkspace.variables().get("SWITCHBOARD_ERROR")).contains("workspace=WS");
    assertThat(withWorkspace.variables()).containsEntry("SWITCHBOARD_STATUS", "ok");
    assertThat(seen.get().workflow()).isEqualTo("Support line");
    assertThat(seen.get().workspaceSid()).isEqualTo("WS1");
  }

  @Test
  void noEnqueuerDeployedAnswersError() throws IOException {
    FastAgiCaller caller = call("enqueue?workflow=WW1");

    assertThat(caller.variables())
        .containsEntry("SWITCHBOARD_STATUS", "error")
        .containsEntry("SWITCHBOARD_ERROR", "no CallEnqueuer deployed");
  }

  @Test
  void badArgumentsAnswerErrorWithoutCallingTheEnqueuer() throws IOException {
    enqueuer.set(
        request -> {
          seen.set(request);
          return new EnqueueResult("WT1", "c");
        });

    FastAgiCaller caller = call("enqueue?workflow=WW1&priority=high");

    assertThat(caller.variables()).containsEntry("SWITCHBOARD_STATUS", "error");
    assertThat(caller.variables().get("SWITCHBOARD_ERROR")).contains("priority");
    assertThat(seen.get()).isNull();
  }

  @Test
  void unknownScriptAnswersErrorAndServerSurvivesGarbage() throws IOException {
    List<String> answer =
        FastAgiCaller.sendRaw("127.0.0.1", port, "this is not agi\n\n", Duration.ofSeconds(10));
    assertThat(answer).anyMatch(line -> line.contains("SWITCHBOARD_ERROR"));

    FastAgiCaller caller = call("nosuchscript?workflow=WW1");

    assertThat(caller.variables())
        .containsEntry("SWITCHBOARD_STATUS", "error")
        .containsEntry("SWITCHBOARD_ERROR", "unknown script: nosuchscript");
  }

  private FastAgiCaller call(String request) throws IOException {
    FastAgiCaller caller =
        FastAgiCaller.forRequest(
            "127.0.0.1", port, request, "PJSIP/alice-0001", "1700000000.1", "100");
    caller.run("127.0.0.1", port, Duration.ofSeconds(10));
    return caller;
  }
}
