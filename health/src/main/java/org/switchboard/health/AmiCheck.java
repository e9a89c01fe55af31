package org.switchboard.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: this server can dial workers. UP when AMI is off ({@code switchboard.ami.user} not
 * set: the operator chose a server without telephony; the telephony adapter then registers no
 * {@code switchboard.ami.connected} gauge) or logged in (the gauge is 1); DOWN when it is
 * configured and not logged in, since accepted voice reservations would not reach the worker.
 */
@Readiness
@ApplicationScoped
public class AmiCheck implements HealthCheck {

  static final String GAUGE = "switchboard.ami.connected";

  @Inject private MeterRegistry registry;

  @Override
  public HealthCheckResponse call() {
    return judge(registry);
  }

  static HealthCheckResponse judge(MeterRegistry registry) {
    Gauge connected = registry.find(GAUGE).gauge();
    if (connected == null) {
      return new HealthCheckResponse(
          "ami", HealthCheckResponse.Status.UP, Optional.of(Map.of("configured", false)));
    }
    boolean up = connected.value() >= 1;
    return new HealthCheckResponse(
        "ami",
        up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
        Optional.of(Map.of("configured", true, "connected", up)));
  }
}
