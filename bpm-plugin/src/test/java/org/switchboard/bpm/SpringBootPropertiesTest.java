package org.switchboard.bpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.switchboard.bpm.spring.SwitchboardAutoConfiguration;

/** The auto-configuration binds {@code switchboard.bpm.*} to the plugin's setters. */
class SpringBootPropertiesTest {

  @Test
  void thePropertiesConfigureThePluginBean() {
    try (AnnotationConfigApplicationContext context =
        context(
            Map.of(
                "switchboard.bpm.base-url", "https://switchboard.example.com",
                "switchboard.bpm.workspace-sid", "WS1",
                "switchboard.bpm.username", "SK1",
                "switchboard.bpm.password", "secret",
                "switchboard.bpm.poll-interval-millis", "250",
                "switchboard.bpm.event-overlap-seconds", "4",
                "switchboard.bpm.external-task-topics", "customer-callback=WW1",
                "switchboard.bpm.inbound-call-message", "inboundCall",
                "switchboard.bpm.inbound-call-correlation", "from=phone"))) {
      SwitchboardPlugin plugin = context.getBean(SwitchboardPlugin.class);

      Instant now = Instant.parse("2026-12-03T07:00:00Z");
      plugin.useClock(Clock.fixed(now, ZoneOffset.UTC));
      assertThat(plugin.nextPollDue().toInstant()).isEqualTo(now.plusMillis(250));
      assertThat(plugin.getEventOverlapSeconds()).isEqualTo(4);
      assertThat(plugin.externalTaskTopics()).isEqualTo(Map.of("customer-callback", "WW1"));
      assertThat(plugin.inboundCallMessage()).isEqualTo("inboundCall");
      assertThat(plugin.inboundCallCorrelation()).containsExactly("from", "phone");
      assertThat(plugin.cursorPropertyName()).isEqualTo("switchboard.events.WS1");
    }
  }

  @Test
  void withoutABaseUrlThereIsNoPlugin() {
    try (AnnotationConfigApplicationContext context =
        context(Map.of("switchboard.bpm.workspace-sid", "WS1"))) {
      assertThat(context.getBeansOfType(SwitchboardPlugin.class)).isEmpty();
    }
  }

  private static AnnotationConfigApplicationContext context(Map<String, Object> properties) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("test", properties));
    context.register(SwitchboardAutoConfiguration.class);
    context.refresh();
    return context;
  }
}
