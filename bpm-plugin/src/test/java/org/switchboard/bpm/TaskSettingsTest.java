package org.switchboard.bpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskSettingsTest {

  @Test
  void aTaskWithoutAWorkflowIsNotRouted() {
    assertThat(TaskSettings.of(Map.of())).isNull();
    assertThat(TaskSettings.of(Map.of(TaskSettings.WORKFLOW, " "))).isNull();
    assertThat(TaskSettings.of(Map.of(TaskSettings.VARIABLES, "a,b"))).isNull();
  }

  @Test
  void everySettingIsRead() {
    TaskSettings settings =
        TaskSettings.of(
            Map.of(
                TaskSettings.WORKFLOW, " WW1 ",
                TaskSettings.VARIABLES, "customer, amount,,",
                TaskSettings.TASK_CHANNEL, "voice",
                TaskSettings.ON_CANCEL, "error:CANCELED",
                TaskSettings.TIMEOUT, "7200"));

    assertThat(settings)
        .isEqualTo(
            new TaskSettings(
                "WW1",
                java.util.List.of("customer", "amount"),
                "voice",
                "CANCELED",
                "7200",
                null,
                null));
  }

  @Test
  void aVoiceStepNamesTheNumberToCallAndIsOnTheVoiceChannelUnlessToldOtherwise() {
    TaskSettings voice =
        TaskSettings.of(
            Map.of(
                TaskSettings.WORKFLOW, "WW1",
                TaskSettings.CALL_TO, " ${phone} ",
                TaskSettings.CALL_FROM, "+15550199"));
    assertThat(voice.placesCall()).isTrue();
    assertThat(voice.callTo()).isEqualTo("${phone}");
    assertThat(voice.callFrom()).isEqualTo("+15550199");
    assertThat(voice.taskChannel()).isEqualTo("voice");
    assertThat(
            TaskSettings.of(
                    Map.of(
                        TaskSettings.WORKFLOW, "WW1",
                        TaskSettings.CALL_TO, "${phone}",
                        TaskSettings.TASK_CHANNEL, "phone-callbacks"))
                .taskChannel())
        .isEqualTo("phone-callbacks");
    assertThat(TaskSettings.of(Map.of(TaskSettings.WORKFLOW, "WW1")).placesCall()).isFalse();
    assertThat(TaskSettings.of(Map.of(TaskSettings.WORKFLOW, "WW1")).taskChannel()).isNull();
  }

  @Test
  void leaveIsTheDefaultOnCancel() {
    assertThat(TaskSettings.of(Map.of(TaskSettings.WORKFLOW, "WW1")).onCancelErrorCode()).isNull();
    assertThat(
            TaskSettings.of(Map.of(TaskSettings.WORKFLOW, "WW1", TaskSettings.ON_CANCEL, "leave"))
                .onCancelErrorCode())
        .isNull();
  }

  @Test
  void malformedSettingsFailTheDeploymentWithTheirName() {
    assertThatThrownBy(
            () ->
                TaskSettings.of(
                    Map.of(TaskSettings.WORKFLOW, "WW1", TaskSettings.ON_CANCEL, "error:")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switchboard.onCancel");
    assertThatThrownBy(
            () ->
                TaskSettings.of(
                    Map.of(TaskSettings.WORKFLOW, "WW1", TaskSettings.ON_CANCEL, "throw")))
        .hasMessageContaining("switchboard.onCancel");
    assertThatThrownBy(
            () -> TaskSettings.of(Map.of(TaskSettings.WORKFLOW, "WW1", TaskSettings.TIMEOUT, "1h")))
        .hasMessageContaining("switchboard.timeout");
  }
}
