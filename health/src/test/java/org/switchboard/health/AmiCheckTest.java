package org.switchboard.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class AmiCheckTest {

  private final MeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void isUpWhenAmiIsNotConfigured() {
    HealthCheckResponse response = AmiCheck.judge(registry);

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(response.getData())
        .hasValueSatisfying(data -> assertThat(data).containsEntry("configured", false));
  }

  @Test
  void followsTheConnectionWhenAmiIsConfigured() {
    // given a configured AMI, logged in
    AtomicLong connected = new AtomicLong(1);
    registry.gauge(AmiCheck.GAUGE, Tags.empty(), connected, AtomicLong::get);
    assertThat(AmiCheck.judge(registry).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

    // when the connection drops
    connected.set(0);

    // then
    HealthCheckResponse response = AmiCheck.judge(registry);
    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(response.getData())
        .hasValueSatisfying(
            data ->
                assertThat(data)
                    .containsEntry("configured", true)
                    .containsEntry("connected", false));
  }
}
