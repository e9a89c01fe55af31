package org.switchboard.telephony.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.asteriskjava.manager.action.ConfbridgeStartRecordAction;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.telephony.peer.FakeAmiServer;

/** Asterisk-Java's ManagerConnection, as the connector drives it, against the fake AMI server. */
class AmiConnectorTest {

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final List<LegSignal> signals = new CopyOnWriteArrayList<>();
  private final AtomicInteger connects = new AtomicInteger();
  private FakeAmiServer fake;
  private AmiConnector connector;

  @BeforeEach
  void start() throws Exception {
    fake = FakeAmiServer.start(0, "switchboard", "s3cret");
    connector = connector("s3cret");
  }

  @AfterEach
  void stop() {
    connector.stop();
    fake.close();
    scheduler.shutdownNow();
  }

  @Test
  void logsInWithTheMd5ChallengeAndReconnectsAfterADrop() {
    // when
    connector.start();

    // then
    await(() -> connects.get() == 1 && connector.isConnected());
    assertThat(fake.actions("Challenge").get(0).get("AuthType")).isEqualTo("MD5");
    assertThat(fake.actions("Login").get(0).get("Username")).isEqualTo("switchboard");
    assertThat(fake.actions("Login").get(0).get("Secret")).isNull();

    // when the PBX drops every connection
    fake.dropConnections();

    // then the connector logs in again, on a fresh connection
    await(() -> connects.get() == 2 && fake.loggedIn() == 1);
    assertThat(fake.logins()).isEqualTo(2);
  }

  @Test
  void aConnectionThatStopsAnsweringPingIsReplaced() {
    // given
    connector.start();
    await(() -> connects.get() == 1);

    // when the open connection goes silent
    fake.mute(true);

    // then the keep-alive notices and the connector logs in on a fresh connection
    await(() -> connects.get() == 2);
    assertThat(fake.actions("Ping")).isNotEmpty();
    assertThat(fake.logins()).isEqualTo(2);
  }

  @Test
  void aWrongSecretKeepsRetryingWithoutConnecting() {
    connector.stop();
    connector = connector("wrong");

    connector.start();

    await(() -> fake.actions("Login").size() >= 3);
    assertThat(connects.get()).isZero();
    assertThat(connector.isConnected()).isFalse();
  }

  @Test
  void originateReachesThePbxAndItsResponseBecomesASignal() {
    // given
    connector.start();
    await(connector::isConnected);
    fake.onOriginate(action -> FakeAmiServer.Outcome.BUSY);
    String reservation = "WR" + "a".repeat(32);
    OriginateAction originate = new VoiceActions.RingTimedOriginateAction();
    originate.setTimeout(5_000L);
    originate.setChannel("PJSIP/1001");
    originate.setApplication("ConfBridge");
    originate.setData("switchboard-WT1,switchboard_bridge,switchboard_agent");
    originate.setAsync(true);
    originate.setChannelId(reservation);
    originate.setVariables(Map.of("SWITCHBOARD_RESERVATION_SID", reservation));

    // when
    assertThat(connector.send(originate)).isTrue();

    // then (Asterisk hangs up the channel that was busy, then reports the failed Originate)
    await(() -> signals.size() >= 2);
    FakeAmiServer.Message sent = fake.actions("Originate").get(0);
    assertThat(sent.get("Channel")).isEqualTo("PJSIP/1001");
    assertThat(sent.get("Async")).isEqualTo("true");
    assertThat(sent.get("Timeout")).isEqualTo("5000");
    assertThat(sent.variables()).containsEntry("SWITCHBOARD_RESERVATION_SID", reservation);
    assertThat(signals)
        .containsExactly(
            new LegSignal.Ended(reservation, "User busy"),
            new LegSignal.Failed(reservation, "busy", "OriginateResponse Failure reason 5"));
  }

  @Test
  void hangupsAndConferenceJoinsBecomeSignalsAndChannelsAreListed() {
    connector.start();
    await(connector::isConnected);
    String reservation = "WR" + "b".repeat(32);
    fake.newChannel("PJSIP/trunk-00000001", "1732520000.42", "+33123456789");

    fake.confbridgeJoin("switchboard-WT1", reservation);
    fake.confbridgeJoin("switchboard-WT1", "1732520000.42");
    fake.hangup("1732520000.42", 16, "Normal Clearing");

    await(() -> signals.size() == 2);
    assertThat(signals)
        .containsExactly(
            new LegSignal.Answered(reservation),
            new LegSignal.Ended("1732520000.42", "Normal Clearing"));

    fake.newChannel("PJSIP/trunk-00000002", "1732520000.43", "100");
    List<ManagerEvent> listed = connector.list(new CoreShowChannelsAction()).orElseThrow();
    assertThat(listed)
        .filteredOn(CoreShowChannelEvent.class::isInstance)
        .extracting(e -> ((CoreShowChannelEvent) e).getUniqueid())
        .containsExactly("1732520000.43");
  }

  @Test
  void anActionTheUserMayNotSendIsReportedAsRefused() {
    // given the sample manager.conf's write permissions: ConfbridgeStartRecord is registered with
    // the system class (app_confbridge.c), which they do not hold; Setvar needs call, which they do
    fake.writePermissions("call", "originate", "reporting");
    connector.start();
    await(connector::isConnected);
    List<Boolean> answers = new CopyOnWriteArrayList<>();
    ConfbridgeStartRecordAction record = new ConfbridgeStartRecordAction("switchboard-WT1");
    record.setRecordFile("/var/spool/asterisk/monitor/switchboard-WT1.wav");

    // when both are sent
    assertThat(connector.send(record, answers::add)).isTrue();
    assertThat(connector.send(new SetVarAction("PJSIP/1-1", "A", "b"), answers::add)).isTrue();

    // then Asterisk's answers tell which one it carried out
    await(() -> answers.size() == 2);
    assertThat(answers).containsExactly(false, true);
    assertThat(fake.recordings()).isEmpty();
  }

  @Test
  void stoppingWhileReconnectingLeavesNoAttemptToRunOnTheStoppingScheduler() {
    // given a connector retrying with backoff (the PBX refuses its secret)
    connector.stop();
    connector = connector("wrong");
    connector.start();
    await(() -> fake.actions("Login").size() >= 2 && connector.attemptPending());

    // when the server stops
    connector.stop();

    // then the waiting attempt is canceled: nothing of the connector is left to run
    assertThat(connector.attemptPending()).isFalse();
    assertThat(((ScheduledThreadPoolExecutor) scheduler).getQueue())
        .allMatch(queued -> ((Future<?>) queued).isCancelled());
  }

  @Test
  void backoffDoublesUpToTheCap() {
    Duration cap = Duration.ofSeconds(2);
    assertThat(AmiConnector.backoffMillis(0, cap)).isZero();
    assertThat(AmiConnector.backoffMillis(1, cap)).isEqualTo(100);
    assertThat(AmiConnector.backoffMillis(2, cap)).isEqualTo(200);
    assertThat(AmiConnector.backoffMillis(5, cap)).isEqualTo(1600);
    assertThat(AmiConnector.backoffMillis(6, cap)).isEqualTo(2000);
    assertThat(AmiConnector.backoffMillis(60, cap)).isEqualTo(2000);
  }

  private AmiConnector connector(String secret) {
    return new AmiConnector(
        "127.0.0.1",
        fake.port(),
        "switchboard",
        secret,
        Duration.ofMillis(400),
        Duration.ofMillis(300),
        scheduler,
        new AmiConnector.Listener() {
          @Override
          public void connected() {
            connects.incrementAndGet();
          }

          @Override
          public void event(ManagerEvent event) {
            LegSignal.of(event).ifPresent(signals::add);
          }
        });
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
