package org.switchboard.telephony.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  private final ExecutorService runner = Executors.newCachedThreadPool();
  private FastAgiServerRunner server;
  private int port;
  private final AtomicReference<CallEnqueuer> enqueuer = new AtomicReference<>();
  private final AtomicReference<EnqueueRequest> seen = new AtomicReference<>();

  @BeforeEach
  void startServer() throws Exception {
    startServer(2);
  }

  private void startServer(int poolSize) throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    AgiScript enqueue = new EnqueueAgiScript(() -> Optional.ofNullable(enqueuer.get()));
    server =
        new FastAgiServerRunner(
            new ScriptMappingStrategy(Map.of("enqueue", enqueue)),
            InetAddress.getLoopbackAddress(),
            port,
            poolSize,
            Executors.defaultThreadFactory());
    server.start(runner);
    assertThat(server.awaitListening(10, TimeUnit.SECONDS)).isTrue();
  }

  @AfterEach
  void stopServer() {
    server.stop();
  }

  @AfterEach
  void stopRunner() {
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

  @Test
  void theDialledNumberIsTheDnidElseTheExtension() throws IOException {
    // given
    List<String> to = new CopyOnWriteArrayList<>();
    enqueuer.set(
        request -> {
          to.add(String.valueOf(request.dnid()));
          return new EnqueueResult("WT3", "switchboard-WT3");
        });
    FastAgiCaller trunk = caller("enqueue?workflow=WW1").withEnvironment("agi_dnid", "+3312345");
    FastAgiCaller local =
        caller("enqueue?workflow=WW1")
            .withEnvironment("agi_dnid", "unknown")
            .withEnvironment("agi_extension", "3000");
    FastAgiCaller startExtension = caller("enqueue?workflow=WW1");

    // when calls with and without a DNID are enqueued
    trunk.run("127.0.0.1", port, Duration.ofSeconds(10));
    local.run("127.0.0.1", port, Duration.ofSeconds(10));
    startExtension.run("127.0.0.1", port, Duration.ofSeconds(10));

    // then the DNID wins, the dialled extension stands in for a missing one, and s names nothing
    assertThat(to).containsExactly("+3312345", "3000", "null");
  }

  @Test
  void aBurstOfCallsIsEnqueuedInParallelWithTheDefaultPool() throws Exception {
    // given a server with the default pool, and an enqueuer that holds every call until 100 calls
    // are being enqueued at the same time (as a database under a burst would)
    stopServer();
    startServer(TelephonySettings.DEFAULT_FASTAGI_POOL_SIZE);
    int calls = 100;
    CountDownLatch inside = new CountDownLatch(calls);
    enqueuer.set(
        request -> {
          inside.countDown();
          try {
            if (!inside.await(20, TimeUnit.SECONDS)) {
              throw new IllegalStateException("only " + (calls - inside.getCount()) + " at once");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new EnqueueResult("WT" + request.uniqueId(), "switchboard-WT");
        });
    ExecutorService phones = Executors.newFixedThreadPool(calls);

    // when 100 calls arrive at once
    List<Future<FastAgiCaller>> answered = new ArrayList<>();
    try {
      for (int i = 0; i < calls; i++) {
        FastAgiCaller caller =
            FastAgiCaller.forRequest(
                "127.0.0.1", port, "enqueue?workflow=WW1", "PJSIP/t-" + i, "1700000000." + i, "1");
        answered.add(
            phones.submit(
                () -> {
                  caller.run("127.0.0.1", port, Duration.ofSeconds(30));
                  return caller;
                }));
      }

      // then all of them are enqueued together
      for (Future<FastAgiCaller> call : answered) {
        assertThat(call.get(30, TimeUnit.SECONDS).variables())
            .containsEntry("SWITCHBOARD_STATUS", "ok");
      }
    } finally {
      phones.shutdownNow();
    }
  }

  private FastAgiCaller caller(String request) {
    return FastAgiCaller.forRequest(
        "127.0.0.1", port, request, "PJSIP/alice-0001", "1700000000.1", "100");
  }

  private FastAgiCaller call(String request) throws IOException {
    FastAgiCaller caller =
        FastAgiCaller.forRequest(
            "127.0.0.1", port, request, "PJSIP/alice-0001", "1700000000.1", "100");
    caller.run("127.0.0.1", port, Duration.ofSeconds(10));
    return caller;
  }
}
