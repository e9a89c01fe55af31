package org.switchboard.it.support;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.switchboard.telephony.peer.FakeAmiServer;
import org.switchboard.telephony.peer.FastAgiCaller;

/**
 * The telephone system the deployed server talks to in the ITs, played by the wire-protocol peers:
 * the fake AMI server listening where the test server's {@code switchboard.ami.*} settings point,
 * and callers handed to its FastAGI server as Asterisk's dialplan would.
 */
public final class Pbx {

  private Pbx() {}

  /** A call handed over by the fake PBX: its channel is up on the fake AMI, its task created. */
  public record Call(String uniqueId, String task, String channel, String callerId) {}

  /** Starts the fake AMI server on the port and with the user the test server logs in with. */
  public static FakeAmiServer startAmi() throws IOException {
    return FakeAmiServer.start(
        Integer.getInteger("switchboard.it.ami.port"),
        "switchboard-it",
        System.getProperty("switchboard.it.ami.secret"));
  }

  /** Waits until the server is logged in to {@code ami} and has reconciled its calls. */
  public static void awaitLogin(FakeAmiServer ami) {
    Eventually.until(
        () -> ami.loggedIn() >= 1 && ami.actions("CoreShowChannels").size() >= ami.logins(),
        ready -> ready,
        "the server logged in to the fake AMI and reconciled");
  }

  /**
   * A caller dials in: the channel comes up on the fake AMI, the dialplan's {@code enqueue} AGI
   * runs against the server's FastAGI port, and the caller joins the conference it was given.
   */
  public static Call call(FakeAmiServer ami, String workflow, String callerId) throws IOException {
    String uniqueId = "1732520000." + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000);
    String channel = "PJSIP/trunk-" + uniqueId.substring(11);
    ami.newChannel(channel, uniqueId, callerId);
    FastAgiCaller caller =
        FastAgiCaller.forRequest(
            "127.0.0.1",
            fastAgiPort(),
            "enqueue?workflow=" + workflow,
            channel,
            uniqueId,
            callerId);
    caller.run("127.0.0.1", fastAgiPort(), Duration.ofSeconds(20));
    if (!"ok".equals(caller.variables().get("SWITCHBOARD_STATUS"))) {
      throw new AssertionError("the call was not enqueued: " + caller.variables());
    }
    // the dialplan then runs ConfBridge(${SWITCHBOARD_CONFERENCE},…): the caller waits in it
    ami.confbridgeJoin(caller.variables().get("SWITCHBOARD_CONFERENCE"), uniqueId);
    return new Call(uniqueId, caller.variables().get("SWITCHBOARD_TASK_SID"), channel, callerId);
  }

  /**
   * The call's channel runs one of the waiting loop's AGI scripts ({@code waiting}, {@code
   * callback}, {@code voicemail}), as the sample dialplan does; returns the variables it set.
   */
  public static Map<String, String> agi(Call call, String script) throws IOException {
    FastAgiCaller caller =
        FastAgiCaller.forRequest(
            "127.0.0.1", fastAgiPort(), script, call.channel(), call.uniqueId(), call.callerId());
    caller.run("127.0.0.1", fastAgiPort(), Duration.ofSeconds(20));
    return caller.variables();
  }

  /** The {@code Originate} the server sent for {@code channel}, once it arrived. */
  public static FakeAmiServer.Message originateTo(FakeAmiServer ami, String channel) {
    return Eventually.until(
            () -> ami.actions("Originate"),
            all -> all.stream().anyMatch(a -> channel.equals(a.get("Channel"))),
            "Asterisk is asked to originate " + channel)
        .stream()
        .filter(a -> channel.equals(a.get("Channel")))
        .findFirst()
        .orElseThrow();
  }

  /** The test server's FastAGI port (4573 shifted by its port offset). */
  public static int fastAgiPort() {
    return 4573 + Integer.getInteger("switchboard.it.port.offset", 10000);
  }
}
