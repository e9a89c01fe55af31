package org.switchboard.bpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwitchboardPluginTest {

  @Test
  void externalTaskTopicsArePairsOfTopicAndWorkflow() {
    SwitchboardPlugin plugin = new SwitchboardPlugin();
    plugin.setExternalTaskTopics(" callback = WW1 ,invoice=WW2,");

    assertThat(plugin.externalTaskTopics()).isEqualTo(Map.of("callback", "WW1", "invoice", "WW2"));
    assertThatThrownBy(() -> plugin.setExternalTaskTopics("callback"))
        .hasMessageContaining("externalTaskTopics");
    assertThatThrownBy(() -> plugin.setExternalTaskTopics("callback="))
        .hasMessageContaining("externalTaskTopics");
  }

  @Test
  void retriesBackOffFromOneSecondDoublingUpToTheMaximum() {
    Instant now = Instant.parse("2026-12-03T07:00:00Z");
    SwitchboardPlugin plugin = new SwitchboardPlugin();
    plugin.useClock(Clock.fixed(now, ZoneOffset.UTC));
    plugin.setRetryMaxSeconds(10);

    assertThat(plugin.retryDue(0).toInstant()).isEqualTo(now.plusSeconds(1));
    assertThat(plugin.retryDue(1).toInstant()).isEqualTo(now.plusSeconds(2));
    assertThat(plugin.retryDue(3).toInstant()).isEqualTo(now.plusSeconds(8));
    assertThat(plugin.retryDue(4).toInstant()).isEqualTo(now.plusSeconds(10));
    assertThat(plugin.retryDue(500).toInstant()).isEqualTo(now.plusSeconds(10));
  }
}
