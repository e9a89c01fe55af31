package org.switchboard.infrastructure.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How callbacks are signed, encoded and filtered. */
class CallbackFormatTest {

  @Test
  void signsLikeTwilioDocumentsIt() {
    // Twilio's documented example of a signed request
    Map<String, String> parameters =
        Map.of(
            "CallSid", "CA1234567890ABCDE",
            "Caller", "+12349013030",
            "Digits", "1234",
            "From", "+12349013030",
            "To", "+18005551212");

    String signature =
        TwilioSignature.sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", parameters);

    assertThat(signature).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  }

  @Test
  void theSignatureChangesWithAnyParameter() {
    String url = "https://example.com/events";
    String base = TwilioSignature.sign("token", url, Map.of("TaskSid", "WT1"));

    assertThat(TwilioSignature.sign("token", url, Map.of("TaskSid", "WT2"))).isNotEqualTo(base);
    assertThat(TwilioSignature.sign("other", url, Map.of("TaskSid", "WT1"))).isNotEqualTo(base);
  }

  @Test
  void formEncodingRoundTrips() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("TaskAttributes", "{\"type\":\"call\",\"q\":\"a&b=c\"}");
    parameters.put("EventDescription", "Task WT1 created ü");
    parameters.put("Empty", "");

    assertThat(CallbackPump.parse(CallbackOutbox.form(parameters))).isEqualTo(parameters);
  }

  @Test
  void eventsFilterLetsThroughOnlyNamedTypes() {
    assertThat(CallbackOutbox.passes(null, "task.created")).isTrue();
    assertThat(CallbackOutbox.passes("", "task.created")).isTrue();
    assertThat(CallbackOutbox.passes("task.created, reservation.created", "task.created")).isTrue();
    assertThat(CallbackOutbox.passes("task.created,reservation.created", "task.canceled"))
        .isFalse();
  }

  @Test
  void eventDataKeysBecomePascalCaseParameters() {
    assertThat(CallbackOutbox.pascal("task_queue_sid")).isEqualTo("TaskQueueSid");
    assertThat(CallbackOutbox.pascal("worker_time_in_previous_activity_ms"))
        .isEqualTo("WorkerTimeInPreviousActivityMs");
  }
}
