package org.switchboard.telephony.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.util.ServerSocketFacade;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The peer against Asterisk-Java's FastAGI server: the two agree on the wire format. */
class FastAgiCallerTest {

  private final CountDownLatch listening = new CountDownLatch(1);
  private final ExecutorService runner = Executors.newSingleThreadExecutor();
  private DefaultAgiServer server;
  private int port;

  @BeforeEach
  void startServer() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    AgiScript script =
        (request, channel) ->
            channel.setVariable(
                "SWITCHBOARD_SCRIPT", request.getScript() + ":" + request.getParameter("workflow"));
    server =
        new DefaultAgiServer(script) {
          @Override
          protected ServerSocketFacade createServerSocket() throws IOException {
            ServerSocketFacade socket = super.createServerSocket();
            listening.countDown();
            return socket;
          }
        };
    server.setPort(port);
    runner.submit(
        () -> {
          server.startup();
          return null;
        });
    assertThat(listening.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @AfterEach
  void stopServer() {
    server.shutdown();
    runner.shutdownNow();
  }

  @Test
  void scriptSeesTheRequestAndSetsAVariable() throws IOException {
    FastAgiCaller caller =
        FastAgiCaller.forRequest(
            "127.0.0.1", port, "enqueue?workflow=WW1", "PJSIP/alice-0001", "1700000000.1", "100");

    caller.run("127.0.0.1", port, Duration.ofSeconds(10));

    assertThat(caller.variables()).containsEntry("SWITCHBOARD_SCRIPT", "enqueue:WW1");
    assertThat(caller.commands()).first().asString().startsWith("SET VARIABLE");
  }
}
