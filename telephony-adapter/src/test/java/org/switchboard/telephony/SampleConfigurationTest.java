package org.switchboard.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.switchboard.telephony.internal.VoiceActions;
import org.switchboard.telephony.peer.FakeAmiServer;

/**
 * The sample Asterisk files an administrator pastes ({@code telephony-adapter/asterisk/}), checked
 * for what a real Asterisk 22 did with them (bench/RESULTS.md, "hold, transfers, waiting loop, … on
 * a real Asterisk"): the AMI user's write permissions against the classes Asterisk registers the
 * actions with, and the dialplan lines that hung up a held caller or recorded no voicemail on an
 * Asterisk without music-on-hold files or core sounds.
 */
class SampleConfigurationTest {

  private static final Path SAMPLES = Path.of("asterisk");

  @Test
  void theSampleAmiUserMaySendWhatTheCallFlowNeedsButNotConfbridgeStartRecord() throws Exception {
    // given the sample's write = line
    Set<String> write =
        lines("manager.conf").stream()
            .filter(l -> l.startsWith("write ="))
            .flatMap(l -> Arrays.stream(l.substring("write =".length()).split(",")))
            .map(String::trim)
            .collect(Collectors.toSet());

    // then every action of calls, hold, transfers and supervision is allowed, as Asterisk checks
    // it, and recording is not (app_confbridge registers ConfbridgeStartRecord with system)
    for (String action :
        List.of("originate", "redirect", "setvar", "hangup", "coreshowchannels", "coresettings")) {
      assertThat(FakeAmiServer.AUTHORITY.get(action)).as(action).containsAnyElementsOf(write);
    }
    assertThat(FakeAmiServer.AUTHORITY.get("confbridgestartrecord"))
        .doesNotContainAnyElementsOf(write);
    // and the file says how to allow it
    assertThat(Files.readString(SAMPLES.resolve("manager.conf")))
        .contains("write = call,originate,reporting,system");
  }

  @Test
  void aHeldCallerWhoseMusicCannotPlayIsNotHungUp() throws Exception {
    // given the hold context's priorities
    List<String> hold = context("switchboard-hold");

    // then MusicOnHold, which returns at once when its class cannot play, is followed by a wait
    int music = indexOf(hold, "MusicOnHold(default)");
    assertThat(hold.get(music + 1)).contains("Wait(");
  }

  @Test
  void aCallbacksCustomerJoinsTheConferenceThroughTheDialplanTheAdapterDialsInto()
      throws Exception {
    // given the context the adapter originates a callback's customer into
    List<String> callback = context(VoiceActions.CALLBACK_CONTEXT);

    // then it joins the conference Switchboard names, as a caller (a channel Originate runs
    // ConfBridge on directly has no dialplan to return to, and hold or a transfer hung it up)
    assertThat(callback.get(0))
        .contains(
            "exten => s,1,ConfBridge(${SWITCHBOARD_CONFERENCE},switchboard_bridge,switchboard_caller)");
  }

  @Test
  void theVoicemailIsRecordedEvenWithoutTheBeepSound() throws Exception {
    // given the waiting loop's key 2
    List<String> waiting = context("switchboard-waiting");
    int record = indexOf(waiting, "Record(${SWITCHBOARD_VOICEMAIL_FILE}");

    // then Record is quiet (q: Record gives up when it cannot play its own beep), the beep is
    // played before it, and k keeps the message when the caller hangs up
    assertThat(waiting.get(record)).contains("Record(${SWITCHBOARD_VOICEMAIL_FILE},3,180,kq)");
    assertThat(waiting.get(record - 1)).contains("Playback(beep)");
  }

  @Test
  void theConferenceIsRecordedIntoTheFileTheTaskNames() throws Exception {
    // given the bridge profile: ConfBridge inserts the start time into ConfbridgeStartRecord's
    // RecordFile unless record_file_timestamp is off (switchboard-WT…-<time>.wav on Asterisk 22)
    List<String> bridge = section("confbridge.conf", "switchboard_bridge");

    // then it is off, so the file is the one Switchboard lists on the task
    assertThat(bridge).contains("record_file_timestamp=no");
  }

  /** The dialplan lines of one context, comments and blank lines left out. */
  private static List<String> context(String name) throws IOException {
    return section("extensions.conf", name);
  }

  /** The lines of one [section] of a sample file, comments and blank lines left out. */
  private static List<String> section(String file, String name) throws IOException {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String line : lines(file)) {
      if (line.startsWith("[")) {
        in = line.startsWith("[" + name + "]");
      } else if (in && !line.isEmpty()) {
        out.add(line);
      }
    }
    return out;
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError(text + " not found in " + lines);
  }

  /** A sample file's lines, without comments ({@code ;} to the end of the line) and trimmed. */
  private static List<String> lines(String file) throws IOException {
    return Files.readAllLines(SAMPLES.resolve(file)).stream()
        .map(l -> l.startsWith(";") ? l : l.replaceAll("\\s*;.*$", ""))
        .map(String::trim)
        .filter(l -> !l.startsWith(";"))
        .toList();
  }
}
