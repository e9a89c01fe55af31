package org.switchboard.bpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which command each event of the events poll becomes. */
class EventCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SwitchboardPlugin plugin = new SwitchboardPlugin();

  @Test
  void aVoiceStepsReservationIsAnsweredWithACallOthersAreLeftToTheirWorker() throws Exception {
    JsonNode voice =
        event(
            "{\"camunda\":{\"engine\":\"default\",\"task_id\":\"57\"},"
                + "\"outbound_call\":{\"number\":\"+15550100\"}}");
    JsonNode plain = event("{\"camunda\":{\"engine\":\"default\",\"task_id\":\"58\"}}");
    JsonNode otherEngine =
        event(
            "{\"camunda\":{\"engine\":\"other\",\"task_id\":\"59\"},"
                + "\"outbound_call\":{\"number\":\"+15550100\"}}");

    assertThat(commandFor("reservation.created", voice))
        .contains(new Command(Command.Op.CALL, "57", "WT1", "WR1", 0));
    assertThat(commandFor("reservation.created", plain)).isEmpty();
    assertThat(commandFor("reservation.created", otherEngine)).isEmpty();
  }

  @Test
  void aTaskCreatedForAnInboundCallIsHandedToAProcessWhenConfigured() throws Exception {
    JsonNode call = event("{\"call_sid\":\"1732520000.7\",\"from\":\"+33100000042\"}");
    JsonNode ours =
        event(
            "{\"call_sid\":\"1732520000.8\",\"camunda\":{\"engine\":\"default\",\"task_id\":\"1\"}}");
    JsonNode noCall = event("{\"type\":\"chat\"}");

    assertThat(commandFor("task.created", call)).isEmpty(); // no inboundCallMessage: off

    plugin.setInboundCallMessage("inboundCall");
    Optional<Command> handed = commandFor("task.created", call);
    assertThat(handed).isPresent();
    assertThat(handed.get().op()).isEqualTo(Command.Op.INBOUND_CALL);
    assertThat(handed.get().taskId()).isEqualTo("WT1");
    assertThat(JSON.readTree(handed.get().value()).path("from").asText()).isEqualTo("+33100000042");
    assertThat(commandFor("task.created", ours)).isEmpty();
    assertThat(commandFor("task.created", noCall)).isEmpty();

    plugin.setInboundCallWorkflows("WW2, WW3");
    assertThat(commandFor("task.created", call)).isEmpty();
    plugin.setInboundCallWorkflows("WW1");
    assertThat(commandFor("task.created", call)).isPresent();
  }

  @Test
  void theInboundCallCorrelationIsAnAttributeAndAVariable() {
    plugin.setInboundCallCorrelation(" from = phone ");
    assertThat(plugin.inboundCallCorrelation()).containsExactly("from", "phone");
    plugin.setInboundCallCorrelation("");
    assertThat(plugin.inboundCallCorrelation()).isNull();
    assertThatThrownBy(() -> plugin.setInboundCallCorrelation("from"))
        .hasMessageContaining("inboundCallCorrelation");
    assertThatThrownBy(() -> plugin.setInboundCallCorrelation("from="))
        .hasMessageContaining("inboundCallCorrelation");
  }

  @Test
  void anExternalTasksReservationsAreLeftAlone() throws Exception {
    JsonNode external =
        event(
            "{\"camunda\":{\"engine\":\"default\",\"task_id\":\"61\",\"kind\":\"external_task\"},"
                + "\"outbound_call\":{\"number\":\"+15550100\"}}");
    assertThat(commandFor("reservation.created", external)).isEmpty();
    assertThat(commandFor("task.completed", external).map(Command::op))
        .contains(Command.Op.COMPLETE_EXTERNAL);
  }

  private Optional<Command> commandFor(String type, JsonNode event) {
    return EventPollJobHandler.commandFor(type, event, "default", plugin);
  }

  /** An event as the Events list gives it, the task's attributes as a JSON string. */
  private static JsonNode event(String attributes) throws Exception {
    return JSON.readTree(
        JSON.writeValueAsString(
            java.util.Map.of(
                "sid",
                "EV1",
                "event_date",
                "2026-12-03T09:00:00Z",
                "event_data",
                java.util.Map.of(
                    "task_sid", "WT1",
                    "reservation_sid", "WR1",
                    "workflow_sid", "WW1",
                    "task_attributes", attributes))));
  }
}
