package org.switchboard.application;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Times routing passes as {@code switchboard.routing.pass} (Prometheus: {@code
 * switchboard_routing_pass_seconds_count}, {@code _sum} and {@code _max}), tagged with the pass's
 * {@code kind} ({@code new}: the pass inside the request that creates a task, whose commit is the
 * request's; {@code task} and {@code worker}: the passes run after commit, each its own
 * transaction, commit included) and its {@code outcome} ({@code done}; {@code contended}: it
 * skipped a row another transaction held and runs again; {@code failed}: it threw).
 *
 * <p>Timers come from {@link MeterRegistry#timer(String, Iterable)} (WildFly 39's deployment
 * registry exports nothing registered through a builder, so no histogram buckets) and are looked up
 * once per kind and outcome; the time is taken with {@link System#nanoTime()}, because that
 * registry warns on every call to its {@code config()} (which {@code Timer.start(registry)} makes).
 */
@ApplicationScoped
public class RoutingMeters {

  @Inject private MeterRegistry registry;

  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  /**
   * Runs a pass and records how long it took and how it ended.
   *
   * @return what the pass returned: whether it met a held row and should run again
   */
  public boolean time(String kind, BooleanSupplier pass) {
    long start = System.nanoTime();
    String outcome = "failed";
    try {
      boolean again = pass.getAsBoolean();
      outcome = again ? "contended" : "done";
      return again;
    } finally {
      String tags = outcome;
      timers
          .computeIfAbsent(
              kind + ":" + outcome,
              k ->
                  registry.timer(
                      "switchboard.routing.pass", Tags.of("kind", kind, "outcome", tags)))
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }
}
