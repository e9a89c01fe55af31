package org.switchboard.domain.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Jsons;

class InstructionsTest {

  @Test
  void anAssignmentCallbacksFieldsGetTheirRestNames() {
    // when each voice instruction comes as TaskRouter's callback documentation writes it
    Map<String, String> call =
        Instructions.fromCallback(
            "call",
            json(
                "{\"instruction\":\"call\",\"to\":\"PJSIP/1\",\"from\":\"+1\",\"url\":\"https://t\","
                    + "\"accept\":true,\"timeout\":20,\"status_callback_url\":\"https://s\","
                    + "\"record\":\"record-from-answer\"}"));
    Map<String, String> dequeue =
        Instructions.fromCallback(
            "dequeue",
            json(
                "{\"to\":\"PJSIP/2\",\"from\":\"+2\",\"timeout\":15,\"record\":\"record-from-answer\","
                    + "\"post_work_activity_sid\":\"WA1\",\"status_callback_url\":\"https://s\"}"));
    Map<String, String> redirect =
        Instructions.fromCallback(
            "redirect", json("{\"call_sid\":\"1732.1\",\"url\":\"https://r\",\"accept\":true}"));
    Map<String, String> conference =
        Instructions.fromCallback(
            "conference",
            json(
                "{\"to\":\"PJSIP/3\",\"from\":\"+3\",\"post_work_activity_sid\":\"WA2\","
                    + "\"end_conference_on_exit\":false,\"beep\":\"onEnter\",\"Muted\":\"true\"}"));
    Map<String, String> reject =
        Instructions.fromCallback("reject", json("{\"activity_sid\":\"WA3\"}"));

    // then they carry the names REST gives the same parameters
    assertThat(call)
        .containsEntry("CallTo", "PJSIP/1")
        .containsEntry("CallFrom", "+1")
        .containsEntry("CallUrl", "https://t")
        .containsEntry("CallAccept", "true")
        .containsEntry("CallTimeout", "20")
        .containsEntry("CallStatusCallbackUrl", "https://s")
        .containsEntry("CallRecord", "record-from-answer")
        .doesNotContainKey("Instruction");
    assertThat(dequeue)
        .containsEntry("DequeueTo", "PJSIP/2")
        .containsEntry("DequeueFrom", "+2")
        .containsEntry("DequeueTimeout", "15")
        .containsEntry("DequeueRecord", "record-from-answer")
        .containsEntry("DequeuePostWorkActivitySid", "WA1")
        .containsEntry("DequeueStatusCallbackUrl", "https://s");
    assertThat(redirect)
        .containsEntry("RedirectCallSid", "1732.1")
        .containsEntry("RedirectUrl", "https://r")
        .containsEntry("RedirectAccept", "true");
    assertThat(conference)
        .containsEntry("To", "PJSIP/3")
        .containsEntry("From", "+3")
        .containsEntry("PostWorkActivitySid", "WA2")
        .containsEntry("EndConferenceOnExit", "false")
        .containsEntry("Beep", "onEnter")
        .containsEntry("Muted", "true");
    assertThat(reject).containsEntry("WorkerActivitySid", "WA3");
  }

  @Test
  void thePostWorkActivityAcceptFlagsAndRingTimeAreReadByInstruction() {
    assertThat(Instructions.postWorkActivitySid("conference", Map.of("PostWorkActivitySid", "WA1")))
        .isEqualTo("WA1");
    assertThat(
            Instructions.postWorkActivitySid(
                "dequeue", Map.of("DequeuePostWorkActivitySid", "WA2", "PostWorkActivitySid", "x")))
        .isEqualTo("WA2");
    assertThat(Instructions.postWorkActivitySid("call", Map.of("PostWorkActivitySid", "WA1")))
        .isNull();

    assertThat(Instructions.acceptsAtOnce("call", Map.of("CallAccept", "true"))).isTrue();
    assertThat(Instructions.acceptsAtOnce("call", Map.of())).isFalse();
    assertThat(Instructions.acceptsAtOnce("redirect", Map.of("RedirectAccept", "TRUE"))).isTrue();
    assertThat(Instructions.acceptsAtOnce("conference", Map.of("CallAccept", "true"))).isFalse();
    assertThatThrownBy(() -> Instructions.acceptsAtOnce("call", Map.of("CallAccept", "maybe")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("CallAccept");

    assertThat(Instructions.ringTimeoutSeconds("conference", Map.of("Timeout", "20")))
        .isEqualTo(20);
    assertThat(Instructions.ringTimeoutSeconds("dequeue", Map.of("Timeout", "20"))).isNull();
    assertThat(Instructions.ringTimeoutSeconds("call", Map.of("CallTimeout", " 5 "))).isEqualTo(5);
    assertThatThrownBy(
            () -> Instructions.ringTimeoutSeconds("dequeue", Map.of("DequeueTimeout", "0")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("DequeueTimeout");
  }

  @Test
  void theCallInstructionsUnprefixedNamesAreAliases() {
    assertThat(
            Instructions.canonical(
                "call", Map.of("To", "PJSIP/1", "From", "+1", "Url", "https://u", "CallTo", "x")))
        .containsEntry("CallTo", "x")
        .containsEntry("CallFrom", "+1")
        .containsEntry("CallUrl", "https://u")
        .doesNotContainKeys("To", "From", "Url");
    assertThat(Instructions.canonical("conference", Map.of("To", "PJSIP/1")))
        .containsEntry("To", "PJSIP/1");
  }

  private static JsonObject json(String text) {
    return Jsons.createReader(new StringReader(text)).readObject();
  }
}
