package org.switchboard.telephony.ami;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.asteriskjava.manager.action.ConfbridgeStartRecordAction;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.switchboard.application.CallService;
import org.switchboard.domain.call.CallNames;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.routing.InstructionIssued;
import org.switchboard.telephony.internal.AmiConnector;
import org.switchboard.telephony.internal.LegSignal;
import org.switchboard.telephony.internal.PerCallExecutor;
import org.switchboard.telephony.internal.TelephonySettings;
import org.switchboard.telephony.internal.VoiceActions;

/**
 * The AMI side of the adapter: keeps Switchboard logged in to Asterisk's manager interface, carries
 * out the voice instructions given to reservations (dialling the worker into the caller's
 * conference, see {@link VoiceActions}) and keeps calls and tasks tied: a worker leg answering
 * accepts its reservation, failing rejects it, and a hang-up ends the task ({@link CallService}).
 * On every (re)connect it asks Asterisk which channels are up and ends the tasks whose call is
 * gone.
 *
 * <p>Started with the deployment; connects in the background on the container's managed scheduler,
 * so neither deployment nor routing ever waits for Asterisk. Instructions and AMI events are
 * handled on managed threads, per call leg ({@link PerCallExecutor}): the work about one leg (its
 * instruction, then Asterisk's reports on it) in arrival order, different legs in parallel, each
 * event's database work in one short transaction of {@link CallService}. Off (logged once) when
 * {@code switchboard.ami.user} is not set.
 *
 * <p>When AMI is configured, the gauge {@code switchboard.ami.connected} is 1 while this server is
 * logged in to Asterisk and 0 otherwise; the readiness check {@code ami} judges it.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AmiBridge {

  private static final Logger LOG = Logger.getLogger(AmiBridge.class.getName());

  /** How often the connection is checked with a Ping. */
  private static final Duration PING_INTERVAL = Duration.ofSeconds(20);

  /** The key reconciliations run under: one at a time, apart from the calls' own work. */
  private static final String RECONCILIATION = "reconciliation";

  private static final Set<EventType> LEG_ENDING_EVENTS =
      EnumSet.of(
          EventType.RESERVATION_TIMEOUT,
          EventType.RESERVATION_CANCELED,
          EventType.RESERVATION_RESCINDED,
          EventType.RESERVATION_REJECTED);

  @Resource private ManagedScheduledExecutorService scheduler;

  @Resource(lookup = "java:jboss/ee/concurrency/executor/switchboard-telephony")
  private ManagedExecutorService telephony;

  @EJB private CallService calls;
  @Inject private AmiObservers observers;
  @Inject private MeterRegistry registry;

  private TelephonySettings settings;
  private AmiConnector connector;
  private PerCallExecutor perCall;

  /**
   * The legs whose answer was handled, until they end: a leg's events are handled one at a time
   * ({@link PerCallExecutor}), so a second report of the same answer needs no transaction.
   */
  private final Set<String> answeredLegs = ConcurrentHashMap.newKeySet();

  @PostConstruct
  void start() {
    settings = TelephonySettings.load();
    perCall = new PerCallExecutor(telephony);
    observers.attach(this);
    if (!settings.amiEnabled()) {
      LOG.info(
          "AMI is off: switchboard.ami.user is not set, so accepted workers are not dialled"
              + " into callers' conferences");
      return;
    }
    // 0 until logged in (and for good without a secret); by name and tags, as WildFly 39 exports
    registry.gauge(
        "switchboard.ami.connected",
        Tags.empty(),
        this,
        bridge -> bridge.connector != null && bridge.connector.isConnected() ? 1 : 0);
    if (settings.amiSecret().isEmpty()) {
      LOG.warning("AMI is off: switchboard.ami.user is set but switchboard.ami.secret is not");
      return;
    }
    connector =
        new AmiConnector(
            settings.amiHost(),
            settings.amiPort(),
            settings.amiUser().orElseThrow(),
            settings.amiSecret().orElseThrow(),
            settings.amiReconnectMax(),
            PING_INTERVAL,
            scheduler,
            new AmiConnector.Listener() {
              @Override
              public void connected() {
                answeredLegs.clear();
                perCall.execute(RECONCILIATION, AmiBridge.this::reconcile);
              }

              @Override
              public void event(ManagerEvent event) {
                LegSignal.of(event)
                    .ifPresent(signal -> perCall.execute(signal.uniqueId(), () -> handle(signal)));
              }
            });
    connector.start();
  }

  @PreDestroy
  void stop() {
    registry.find("switchboard.ami.connected").gauges().forEach(registry::remove);
    observers.detach();
    if (connector != null) {
      connector.stop();
    }
  }

  /**
   * A reservation got a voice instruction (after its transaction committed): dial the worker, or
   * redirect the call, as {@link VoiceActions} plans it. Called by {@link AmiObservers} on the
   * committing thread; only queues the work, under the worker leg's uniqueid (the reservation sid)
   * so that Asterisk's reports on the leg are handled after the leg is recorded.
   */
  void instructed(InstructionIssued issued) {
    perCall.execute(issued.reservationSid(), () -> carryOut(issued));
  }

  /** A reservation that had a ringing worker leg ended: hang the leg up. */
  void recorded(RouterEvent event) {
    if (connector != null
        && event.getReservationSid() != null
        && LEG_ENDING_EVENTS.contains(event.type())) {
      String reservation = event.getReservationSid();
      perCall.execute(
          reservation,
          () -> {
            if (calls.hasWorkerLeg(reservation)) {
              hangUp(reservation);
            }
          });
    }
  }

  private void carryOut(InstructionIssued issued) {
    if (isBridging(issued)) {
      bridge(issued);
      return;
    }
    CallService.CallRef call = calls.callOf(issued.taskSid());
    if ("supervise".equals(issued.instruction()) && !calls.hasWorkerLeg(issued.reservationSid())) {
      LOG.warning(
          () ->
              "Cannot supervise reservation "
                  + issued.reservationSid()
                  + ": its worker was not dialled by Switchboard, so there is no call to join");
      return;
    }
    VoiceActions.Plan plan = plan(issued, call);
    if (plan.problem() != null || connector == null || !connector.isConnected()) {
      cannotCarryOut(issued, plan.problem() != null ? plan.problem() : "AMI is not connected");
      if (plan.dialsWorkerLeg()) {
        calls.cannotDial(issued.reservationSid());
      }
      return;
    }
    String channel = channelOf(plan.actions().get(0));
    if (plan.leg() == VoiceActions.Leg.WORKER) {
      CallService.Dialling dialling =
          calls.dialing(issued.reservationSid(), issued.reservationSid(), channel);
      if (!dialling.dial()) {
        return;
      }
      bringInWaitingCaller(dialling);
    }
    send(issued, plan);
  }

  /**
   * A {@code conference} or {@code dequeue}: the worker is dialled into the call's conference. The
   * worker's dial string does not depend on the call, so the leg is planned first and the call
   * looked up and the leg recorded in one transaction ({@link CallService#bridging}).
   */
  private void bridge(InstructionIssued issued) {
    VoiceActions.Plan draft = plan(issued, null);
    String problem =
        draft.problem() != null
            ? draft.problem()
            : connector == null || !connector.isConnected() ? "AMI is not connected" : null;
    CallService.Bridging bridging =
        calls.bridging(
            issued.taskSid(),
            issued.reservationSid(),
            problem == null ? channelOf(draft.actions().get(0)) : null);
    if (bridging.call() == null) {
      LOG.fine(() -> "Task " + issued.taskSid() + " has no call to bridge a worker into");
      return;
    }
    if (problem != null) {
      cannotCarryOut(issued, problem);
      return;
    }
    if (!bridging.dial()) {
      return;
    }
    bringInWaitingCaller(bridging.dialling());
    send(issued, plan(issued, bridging.call()));
  }

  private VoiceActions.Plan plan(InstructionIssued issued, CallService.CallRef call) {
    return VoiceActions.plan(
        issued,
        call == null ? CallNames.conferenceOf(issued.taskSid()) : call.conference(),
        call == null ? null : call.callerUniqueId(),
        settings.originateTimeout(),
        settings.recordingDir());
  }

  private void cannotCarryOut(InstructionIssued issued, String why) {
    LOG.warning(
        () ->
            "Cannot carry out "
                + issued.instruction()
                + " for reservation "
                + issued.reservationSid()
                + ": "
                + why);
  }

  private void bringInWaitingCaller(CallService.Dialling dialling) {
    if (dialling.waitingCaller() != null) {
      // a caller in the waiting loop joins its conference before the worker is dialled into it
      connector.send(VoiceActions.toConference(dialling.waitingCaller()));
    }
  }

  private void send(InstructionIssued issued, VoiceActions.Plan plan) {
    if (plan.leg() == VoiceActions.Leg.CALL) {
      calls.calling(
          issued.reservationSid(), issued.reservationSid(), channelOf(plan.actions().get(0)));
    }
    boolean sent = true;
    boolean confbridgeRecords = false;
    for (ManagerAction action : plan.actions()) {
      boolean out;
      if (action instanceof ConfbridgeStartRecordAction) {
        confbridgeRecords = true;
        out = connector.send(action, started -> recordingAnswered(issued, plan, started));
      } else {
        out = connector.send(action);
      }
      if (!out && plan.leg() != VoiceActions.Leg.NONE) {
        sent = false;
        calls.failed(issued.reservationSid(), "failed").forEach(this::hangUp);
      }
    }
    if (sent && plan.recording() != null && !confbridgeRecords) {
      // the call instruction's recording: the dialplan's MixMonitor, no AMI action to answer
      calls.recording(issued.taskSid(), "file://" + plan.recording());
    }
  }

  /**
   * Asterisk answered {@code ConfbridgeStartRecord}: only a recording it started is listed on the
   * task. It refuses the action ({@code Permission denied}) to an AMI user without the {@code
   * system} write permission, the class app_confbridge registers it with.
   */
  private void recordingAnswered(
      InstructionIssued issued, VoiceActions.Plan plan, boolean started) {
    if (started) {
      perCall.execute(
          issued.reservationSid(),
          () -> calls.recording(issued.taskSid(), "file://" + plan.recording()));
    } else {
      LOG.warning(
          () ->
              "Task "
                  + issued.taskSid()
                  + " is not recorded: Asterisk refused ConfbridgeStartRecord (the AMI user needs"
                  + " write = system for it; see the telephony adapter's README, Recording)");
    }
  }

  private void handle(LegSignal signal) {
    if (signal instanceof LegSignal.Answered answered) {
      if (!answeredLegs.add(answered.uniqueId())) {
        // Asterisk reports a worker leg answering twice (OriginateResponse, ConfbridgeJoin): the
        // first report accepted the reservation or hung the leg up; the second changes nothing
        return;
      }
      CallService.Answer answer = calls.answer(answered.uniqueId());
      if (!answer.keep()) {
        hangUp(answered.uniqueId());
      } else if (answer.customer() != null) {
        dialCustomer(answer.customer());
      }
    } else if (signal instanceof LegSignal.Failed failed) {
      LOG.fine(() -> "Leg " + failed.uniqueId() + " failed: " + failed.reason());
      answeredLegs.remove(failed.uniqueId());
      calls.failed(failed.uniqueId(), failed.callStatus()).forEach(this::hangUp);
    } else if (signal instanceof LegSignal.Ended ended) {
      answeredLegs.remove(ended.uniqueId());
      List<String> others =
          calls.ended(
              ended.uniqueId(),
              ended.cause(),
              settings.completeAfterCall()
                  ? CallService.AfterCall.COMPLETED
                  : CallService.AfterCall.WRAPPING,
              settings.recordingDir());
      others.forEach(this::hangUp);
    }
  }

  /**
   * A worker answered for a callback task: Switchboard now calls the customer into the worker's
   * conference ({@link CallService#answer}).
   */
  private void dialCustomer(CallService.CustomerDial customer) {
    VoiceActions.Plan plan =
        VoiceActions.customer(
            customer.uniqueId(),
            customer.taskSid(),
            customer.number(),
            customer.callerId(),
            CallNames.conferenceOf(customer.taskSid()),
            settings.callbackChannel(),
            settings.originateTimeout());
    if (plan.problem() != null || connector == null || !connector.send(plan.actions().get(0))) {
      LOG.warning(
          () ->
              "Cannot call back the customer of task "
                  + customer.taskSid()
                  + ": "
                  + (plan.problem() != null ? plan.problem() : "AMI is not connected"));
      calls.failed(customer.uniqueId(), "failed").forEach(this::hangUp);
    }
  }

  /**
   * After a (re)connect: every call a waiting or assigned task belongs to must still be up on
   * Asterisk; a task whose call is gone (it hung up while Switchboard was not listening) ends as if
   * the caller had hung up.
   */
  private void reconcile() {
    Instant asked = Instant.now();
    List<ManagerEvent> listed = connector.list(new CoreShowChannelsAction()).orElse(null);
    if (listed == null) {
      return;
    }
    Set<String> live = new HashSet<>();
    for (ManagerEvent event : listed) {
      if (event instanceof CoreShowChannelEvent channel && channel.getUniqueid() != null) {
        live.add(channel.getUniqueid());
      }
    }
    int ended = 0;
    for (String callSid : calls.liveCallerLegs(asked)) {
      if (!live.contains(callSid)) {
        try {
          handle(new LegSignal.Ended(callSid, "call gone when AMI reconnected"));
          ended++;
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Reconciling call " + callSid + " failed", e);
        }
      }
    }
    int count = ended;
    LOG.info(
        () ->
            "AMI reconciliation: "
                + live.size()
                + " channels up, "
                + count
                + " tasks whose call was gone ended");
  }

  private void hangUp(String uniqueId) {
    if (connector != null) {
      connector.send(new HangupAction(uniqueId));
    }
  }

  private static boolean isBridging(InstructionIssued issued) {
    return "conference".equals(issued.instruction()) || "dequeue".equals(issued.instruction());
  }

  private static String channelOf(ManagerAction action) {
    return action instanceof OriginateAction originate ? originate.getChannel() : null;
  }
}
