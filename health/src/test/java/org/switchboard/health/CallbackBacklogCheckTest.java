package org.switchboard.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class CallbackBacklogCheckTest {

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong due = new AtomicLong();

  CallbackBacklogCheckTest() {
    registry.gauge("switchboard.callbacks.due", Tags.empty(), due, AtomicLong::get);
    registry.gauge(
        "switchboard.callbacks.pending",
        Tags.of("workspace", "WS1", "kind", "event"),
        new AtomicLong(1200),
        AtomicLong::get);
    registry.gauge(
        "switchboard.callbacks.pending",
        Tags.of("workspace", "WS2", "kind", "assignment"),
        new AtomicLong(300),
        AtomicLong::get);
  }

  @Test
  void isUpWhileNoMoreCallbacksAreDueThanAllowedAndShowsTheFigures() {
    // given 1000 due callbacks of 1500 pending
    due.set(1000);

    // when at most 1000 are allowed
    HealthCheckResponse response = CallbackBacklogCheck.judge(registry, 1000);

    // then
    assertThat(response.getName()).isEqualTo("callback-backlog");
    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(response.getData())
        .hasValueSatisfying(
            data ->
                assertThat(data)
                    .containsEntry("due", 1000L)
                    .containsEntry("pending", 1500L)
                    .containsEntry("max-due", 1000L));
  }

  @Test
  void isDownOnceMoreCallbacksAreDueThanAllowed() {
    due.set(1001);

    HealthCheckResponse response = CallbackBacklogCheck.judge(registry, 1000);

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(response.getData())
        .hasValueSatisfying(data -> assertThat(data).containsEntry("due", 1001L));
  }

  @Test
  void isUpWithZeroesBeforeTheGaugesExist() {
    HealthCheckResponse response = CallbackBacklogCheck.judge(new SimpleMeterRegistry(), 1000);

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(response.getData())
        .hasValueSatisfying(data -> assertThat(data).containsEntry("due", 0L));
  }

  @Test
  void theLimitIsASettingThatFallsBackToItsDefault() {
    assertThat(CallbackBacklogCheck.maxDue(Optional.of("50"))).isEqualTo(50);
    assertThat(CallbackBacklogCheck.maxDue(Optional.empty())).isEqualTo(1000);
    assertThat(CallbackBacklogCheck.maxDue(Optional.of("many"))).isEqualTo(1000);
    assertThat(CallbackBacklogCheck.maxDue(Optional.of("-1"))).isEqualTo(1000);
  }
}
