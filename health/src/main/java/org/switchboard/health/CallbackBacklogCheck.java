package org.switchboard.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: callbacks are being sent. DOWN when more than {@code
 * switchboard.health.callback-backlog-max} (default {@value #DEFAULT_MAX}) callbacks are due and no
 * server has claimed them (the gauge {@code switchboard.callbacks.due}): every server's pump claims
 * the due ones each second, so such a backlog means the pumps are stuck or far behind. A receiver
 * that is down does not count: its callbacks wait for their next attempt (backoff), they are not
 * due. The figures are the database's as of the gauges' last refresh (at most 5 s old), so every
 * server sharing the database reports the same.
 */
@Readiness
@ApplicationScoped
public class CallbackBacklogCheck implements HealthCheck {

  static final String MAX = "switchboard.health.callback-backlog-max";
  static final long DEFAULT_MAX = 1000;

  @Inject private MeterRegistry registry;
  private long max;

  @PostConstruct
  void start() {
    String key = MAX.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    max = maxDue(Optional.ofNullable(System.getProperty(MAX, System.getenv(key))));
  }

  @Override
  public HealthCheckResponse call() {
    return judge(registry, max);
  }

  /** UP while no more than {@code max} callbacks are due; the figures go along either way. */
  static HealthCheckResponse judge(MeterRegistry registry, long max) {
    long due =
        (long)
            registry.find("switchboard.callbacks.due").gauges().stream()
                .mapToDouble(Gauge::value)
                .sum();
    long pending =
        (long)
            registry.find("switchboard.callbacks.pending").gauges().stream()
                .mapToDouble(Gauge::value)
                .sum();
    return new HealthCheckResponse(
        "callback-backlog",
        due > max ? HealthCheckResponse.Status.DOWN : HealthCheckResponse.Status.UP,
        Optional.of(Map.of("due", due, "pending", pending, "max-due", max)));
  }

  /** The setting's value; the default when it is unset, malformed or negative. */
  static long maxDue(Optional<String> setting) {
    try {
      long value = setting.map(String::trim).map(Long::parseLong).orElse(DEFAULT_MAX);
      return value < 0 ? DEFAULT_MAX : value;
    } catch (NumberFormatException e) {
      return DEFAULT_MAX;
    }
  }
}
