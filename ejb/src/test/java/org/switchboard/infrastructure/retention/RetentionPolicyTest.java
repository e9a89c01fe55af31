package org.switchboard.infrastructure.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void eventsAreKeptThirtyDaysAndPurgedEveryMinuteByDefault() {
    RetentionPolicy policy = RetentionPolicy.from(Map.<String, String>of()::get);

    assertThat(policy.cutoff(clock)).isEqualTo(Instant.parse("2026-11-03T10:00:00Z"));
    assertThat(policy.interval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void theSettingsChangeTheRetentionAndTheInterval() {
    RetentionPolicy policy =
        RetentionPolicy.from(
            Map.of(
                    "switchboard.events.retention-days", "7",
                    "switchboard.events.purge-interval-seconds", "5")
                ::get);

    assertThat(policy.cutoff(clock)).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
    assertThat(policy.interval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aMalformedOrNonPositiveSettingFallsBackToTheDefault() {
    RetentionPolicy policy =
        RetentionPolicy.from(
            Map.of(
                    "switchboard.events.retention-days", "0",
                    "switchboard.events.purge-interval-seconds", "soon")
                ::get);

    assertThat(policy.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(policy.interval()).isEqualTo(Duration.ofSeconds(60));
  }
}
