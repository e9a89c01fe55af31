package org.switchboard.telephony.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.asteriskjava.manager.action.ConfbridgeStartRecordAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.junit.jupiter.api.Test;
import org.switchboard.routing.InstructionIssued;

class VoiceActionsTest {

  private static final String RESERVATION = "WR" + "1".repeat(32);
  private static final Duration RING = Duration.ofSeconds(30);

  @Test
  void conferenceOriginatesTheWorkersContactIntoTheCallersConfBridge() {
    // when
    VoiceActions.Plan plan =
        VoiceActions.plan(
            issued("conference", Map.of(), "{\"contact_uri\":\"PJSIP/1001\"}"),
            "switchboard-WT1",
            "1732.1",
            RING);

    // then
    assertThat(plan.problem()).isNull();
    assertThat(plan.dialsWorkerLeg()).isTrue();
    OriginateAction originate = (OriginateAction) plan.actions().get(0);
    assertThat(originate.getChannel()).isEqualTo("PJSIP/1001");
    assertThat(originate.getApplication()).isEqualTo("ConfBridge");
    assertThat(originate.getData())
        .isEqualTo("switchboard-WT1,switchboard_bridge,switchboard_agent");
    assertThat(originate.getAsync()).isTrue();
    assertThat(originate.getTimeout()).isEqualTo(30_000L);
    assertThat(originate.getChannelId()).isEqualTo(RESERVATION);
    assertThat(originate.getCallerId()).isEqualTo("+331");
    assertThat(originate.getVariables())
        .containsEntry("SWITCHBOARD_TASK_SID", "WT1")
        .containsEntry("SWITCHBOARD_RESERVATION_SID", RESERVATION)
        .containsEntry("SWITCHBOARD_WORKER_SID", "WK1")
        .containsEntry("SWITCHBOARD_CONFERENCE", "switchboard-WT1");
  }

  @Test
  void toAndDequeueToOverrideTheContactUri() {
    OriginateAction conference =
        (OriginateAction)
            VoiceActions.plan(
                    issued(
                        "conference",
                        Map.of("To", "Local/1001@agents/n", "From", "100"),
                        "{\"contact_uri\":\"PJSIP/1001\"}"),
                    "c",
                    null,
                    RING)
                .actions()
                .get(0);
    OriginateAction dequeue =
        (OriginateAction)
            VoiceActions.plan(
                    issued("dequeue", Map.of("DequeueTo", "PJSIP/7"), "{}"), "c", null, RING)
                .actions()
                .get(0);

    assertThat(conference.getChannel()).isEqualTo("Local/1001@agents/n");
    assertThat(conference.getCallerId()).isEqualTo("100");
    assertThat(dequeue.getChannel()).isEqualTo("PJSIP/7");
    assertThat(dequeue.getApplication()).isEqualTo("ConfBridge");
  }

  @Test
  void aWorkerWithoutAContactUriCannotBeDialled() {
    VoiceActions.Plan plan =
        VoiceActions.plan(issued("conference", Map.of(), "{\"skills\":[]}"), "c", "1.1", RING);

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.problem()).contains("contact_uri");
    assertThat(VoiceActions.isDialString("1001")).isFalse();
    assertThat(VoiceActions.isDialString("PJSIP/")).isFalse();
    assertThat(VoiceActions.isDialString("PJSIP/1001")).isTrue();
  }

  @Test
  void callOriginatesIntoTheCallContextWithTheUrl() {
    VoiceActions.Plan plan =
        VoiceActions.plan(
            issued(
                "call",
                Map.of("CallTo", "PJSIP/1001", "CallFrom", "200", "CallUrl", "https://x/y"),
                "{}"),
            "c",
            "1.1",
            RING);

    OriginateAction originate = (OriginateAction) plan.actions().get(0);
    assertThat(plan.dialsWorkerLeg()).isFalse();
    assertThat(originate.getContext()).isEqualTo("switchboard-call");
    assertThat(originate.getExten()).isEqualTo("s");
    assertThat(originate.getPriority()).isEqualTo(1);
    assertThat(originate.getChannel()).isEqualTo("PJSIP/1001");
    assertThat(originate.getCallerId()).isEqualTo("200");
    assertThat(originate.getVariables()).containsEntry("SWITCHBOARD_CALL_URL", "https://x/y");
  }

  @Test
  void redirectMovesTheCallersChannelToTheRedirectContext() {
    VoiceActions.Plan plan =
        VoiceActions.plan(
            issued("redirect", Map.of("RedirectUrl", "https://x/z"), "{}"), "c", "1732.1", RING);

    assertThat(plan.actions()).hasSize(2);
    SetVarAction setVar = (SetVarAction) plan.actions().get(0);
    RedirectAction redirect = (RedirectAction) plan.actions().get(1);
    assertThat(setVar.getChannel()).isEqualTo("1732.1");
    assertThat(setVar.getVariable()).isEqualTo("SWITCHBOARD_REDIRECT_URL");
    assertThat(setVar.getValue()).isEqualTo("https://x/z");
    assertThat(redirect.getChannel()).isEqualTo("1732.1");
    assertThat(redirect.getContext()).isEqualTo("switchboard-redirect");
    assertThat(redirect.getExten()).isEqualTo("s");
    assertThat(redirect.getPriority()).isEqualTo(1);
    assertThat(VoiceActions.plan(issued("redirect", Map.of(), "{}"), "c", null, RING).problem())
        .contains("no call");
  }

  @Test
  void superviseDialsTheSupervisorIntoChanSpyOnTheWorkersLegInTheChosenMode() {
    // given a supervising worker with a phone
    String supervisor = "{\"contact_uri\":\"PJSIP/9001\"}";

    // when the reservation is supervised in each mode
    Map<String, String> data = new LinkedHashMap<>();
    for (String mode : List.of("monitor", "whisper", "barge")) {
      VoiceActions.Plan plan =
          VoiceActions.plan(
              issued(
                  "supervise",
                  Map.of(
                      "Supervisor", "WK9",
                      "SupervisorMode", mode,
                      "SupervisorAttributes", supervisor),
                  "{\"contact_uri\":\"PJSIP/1001\"}"),
              "switchboard-WT1",
              "1732.1",
              RING);
      OriginateAction originate = (OriginateAction) plan.actions().get(0);
      assertThat(plan.dialsWorkerLeg()).isFalse();
      assertThat(originate.getChannel()).isEqualTo("PJSIP/9001");
      assertThat(originate.getApplication()).isEqualTo("ChanSpy");
      assertThat(originate.getVariables()).containsEntry("SWITCHBOARD_SUPERVISOR", "WK9");
      data.put(mode, originate.getData());
    }

    // then ChanSpy listens to the worker's leg by its uniqueid, quietly, and whispers or barges
    assertThat(data)
        .containsEntry("monitor", RESERVATION + ",qEu")
        .containsEntry("whisper", RESERVATION + ",qEuw")
        .containsEntry("barge", RESERVATION + ",qEuB");
  }

  @Test
  void aConferenceAskingForARecordingAlsoRecordsTheConference() {
    // when the conference instruction asks for a recording, and when it does not
    VoiceActions.Plan recorded =
        VoiceActions.plan(
            issued(
                "conference",
                Map.of("ConferenceRecord", "record-from-start"),
                "{\"contact_uri\":\"PJSIP/1001\"}"),
            "switchboard-WT1",
            "1732.1",
            RING,
            "/recordings");
    VoiceActions.Plan plain =
        VoiceActions.plan(
            issued(
                "conference", Map.of("ConferenceRecord", "false"), "{\"contact_uri\":\"PJSIP/1\"}"),
            "switchboard-WT1",
            "1732.1",
            RING,
            "/recordings");

    // then the worker is dialled and ConfBridge records the conference into the recording dir
    assertThat(recorded.actions()).hasSize(2);
    assertThat(recorded.actions().get(0)).isInstanceOf(OriginateAction.class);
    ConfbridgeStartRecordAction record = (ConfbridgeStartRecordAction) recorded.actions().get(1);
    assertThat(record.getConference()).isEqualTo("switchboard-WT1");
    assertThat(record.getRecordFile()).isEqualTo("/recordings/switchboard-WT1.wav");
    assertThat(recorded.recording()).isEqualTo("/recordings/switchboard-WT1.wav");
    assertThat(plain.actions()).hasSize(1);
    assertThat(plain.recording()).isNull();
  }

  @Test
  void holdRedirectsTheCallerToMusicOnHoldAndBackIntoTheConference() {
    // when the caller is put on hold, then taken off
    RedirectAction hold =
        (RedirectAction)
            VoiceActions.plan(issued("hold", Map.of("Hold", "true"), "{}"), "c", "1732.1", RING)
                .actions()
                .get(0);
    RedirectAction resume =
        (RedirectAction)
            VoiceActions.plan(issued("hold", Map.of("Hold", "false"), "{}"), "c", "1732.1", RING)
                .actions()
                .get(0);

    // then the caller's channel goes to the hold context, and back through the unhold context
    assertThat(hold.getChannel()).isEqualTo("1732.1");
    assertThat(hold.getContext()).isEqualTo("switchboard-hold");
    assertThat(resume.getChannel()).isEqualTo("1732.1");
    assertThat(resume.getContext()).isEqualTo("switchboard-unhold");
    assertThat(resume.getExten()).isEqualTo("s");
    assertThat(resume.getPriority()).isEqualTo(1);
  }

  @Test
  void superviseWithoutAnAddressToDialIsAProblem() {
    VoiceActions.Plan plan =
        VoiceActions.plan(
            issued("supervise", Map.of("Supervisor", "WK9", "SupervisorAttributes", "{}"), "{}"),
            "c",
            "1732.1",
            RING);

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.problem()).contains("WK9");
  }

  @Test
  void theInstructionsTimeoutIsTheRingTime() {
    // when each bridging or calling instruction names its own ring time
    Map<String, Long> rings = new LinkedHashMap<>();
    rings.put("conference", ring(issued("conference", Map.of("Timeout", "12"), PHONE)));
    rings.put("dequeue", ring(issued("dequeue", Map.of("DequeueTimeout", "7"), PHONE)));
    rings.put("call", ring(issued("call", Map.of("CallTimeout", "9"), PHONE)));
    rings.put("none", ring(issued("conference", Map.of(), PHONE)));

    // then Originate's Timeout (ms) is that, and the configured ring time otherwise
    assertThat(rings)
        .containsEntry("conference", 12_000L)
        .containsEntry("dequeue", 7_000L)
        .containsEntry("call", 9_000L)
        .containsEntry("none", 30_000L);
    assertThat(
            VoiceActions.plan(
                    issued("conference", Map.of("Timeout", "soon"), PHONE), "c", "1", RING)
                .problem())
        .contains("Timeout");
  }

  @Test
  void theConferencesParticipantParametersBecomeTheWorkersConfBridgeProfile() {
    // when the conference instruction asks for a beep, a muted start and a jitter buffer
    OriginateAction originate =
        (OriginateAction)
            VoiceActions.plan(
                    issued(
                        "conference",
                        Map.of("Beep", "onEnter", "Muted", "true", "JitterBufferSize", "small"),
                        PHONE),
                    "switchboard-WT1",
                    "1732.1",
                    RING)
                .actions()
                .get(0);

    // then the worker's channel gets a dynamic ConfBridge user profile based on switchboard_agent,
    // the template first (the CONFBRIDGE function starts a profile from it)
    assertThat(originate.getVariables().keySet())
        .containsSubsequence(
            "CONFBRIDGE(user,template)",
            "CONFBRIDGE(user,quiet)",
            "CONFBRIDGE(user,startmuted)",
            "CONFBRIDGE(user,jitterbuffer)");
    assertThat(originate.getVariables())
        .containsEntry("CONFBRIDGE(user,template)", "switchboard_agent")
        .containsEntry("CONFBRIDGE(user,quiet)", "no")
        .containsEntry("CONFBRIDGE(user,startmuted)", "yes")
        .containsEntry("CONFBRIDGE(user,jitterbuffer)", "yes");
    assertThat(VoiceActions.agentProfile(Map.of())).isEmpty();
    assertThat(VoiceActions.agentProfile(Map.of("Beep", "false")))
        .containsEntry("CONFBRIDGE(user,quiet)", "yes");
  }

  @Test
  void aCallIsFollowedByItsUniqueidAndRecordedWhenAsked() {
    VoiceActions.Plan plan =
        VoiceActions.plan(
            issued(
                "call",
                Map.of("CallTo", "PJSIP/1001", "CallUrl", "https://x/y", "CallRecord", "true"),
                "{}"),
            "c",
            "1.1",
            RING,
            "/recordings");

    OriginateAction originate = (OriginateAction) plan.actions().get(0);
    assertThat(plan.leg()).isEqualTo(VoiceActions.Leg.CALL);
    assertThat(originate.getChannelId()).isEqualTo(RESERVATION);
    assertThat(originate.getVariables())
        .containsEntry(
            "SWITCHBOARD_RECORDING_FILE", "/recordings/switchboard-" + RESERVATION + ".wav");
    assertThat(plan.recording()).isEqualTo("/recordings/switchboard-" + RESERVATION + ".wav");
  }

  @Test
  void aColdTransferMovesTheCallerBeforeItHangsUpTheFirstWorker() {
    // when a call is transferred cold to the task WT2
    VoiceActions.Plan plan =
        VoiceActions.plan(
            issued(
                "transfer",
                Map.of(
                    "CallSid", "1732.1",
                    "Conference", "switchboard-WT2",
                    "TransferTaskSid", "WT2"),
                PHONE),
            "switchboard-WT2",
            "1732.1",
            RING);

    // then the caller's channel learns its new conference and task, is redirected to the transfer
    // context, and only then the first worker's leg is hung up
    assertThat(plan.leg()).isEqualTo(VoiceActions.Leg.NONE);
    assertThat(plan.actions()).hasSize(4);
    SetVarAction conference = (SetVarAction) plan.actions().get(0);
    SetVarAction task = (SetVarAction) plan.actions().get(1);
    RedirectAction redirect = (RedirectAction) plan.actions().get(2);
    HangupAction hangup = (HangupAction) plan.actions().get(3);
    assertThat(conference.getChannel()).isEqualTo("1732.1");
    assertThat(conference.getVariable()).isEqualTo("SWITCHBOARD_CONFERENCE");
    assertThat(conference.getValue()).isEqualTo("switchboard-WT2");
    assertThat(task.getVariable()).isEqualTo("SWITCHBOARD_TASK_SID");
    assertThat(task.getValue()).isEqualTo("WT2");
    assertThat(redirect.getChannel()).isEqualTo("1732.1");
    assertThat(redirect.getContext()).isEqualTo("switchboard-transfer");
    assertThat(hangup.getChannel()).isEqualTo(RESERVATION);
  }

  private static final String PHONE = "{\"contact_uri\":\"PJSIP/1001\"}";

  private static long ring(InstructionIssued issued) {
    return ((OriginateAction) VoiceActions.plan(issued, "c", "1.1", RING).actions().get(0))
        .getTimeout();
  }

  private static InstructionIssued issued(
      String instruction, Map<String, String> parameters, String workerAttributes) {
    return new InstructionIssued(
        "AC1",
        "WS1",
        "WT1",
        RESERVATION,
        "WK1",
        instruction,
        parameters,
        "{\"from\":\"+331\",\"call_sid\":\"1732.1\"}",
        workerAttributes);
  }
}
