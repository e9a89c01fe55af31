package org.switchboard.infrastructure.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.logging.Logger;
import org.switchboard.infrastructure.config.Settings;

/**
 * How long events are kept ({@code switchboard.events.retention-days}, default 30 as TaskRouter
 * documents) and how often the purge looks for older ones ({@code
 * switchboard.events.purge-interval-seconds}, default 60).
 *
 * @param retention how long an event is kept
 * @param interval how often the purge runs
 */
public record RetentionPolicy(Duration retention, Duration interval) {

  private static final Logger LOG = Logger.getLogger(RetentionPolicy.class.getName());

  public static final int DEFAULT_DAYS = 30;
  public static final int DEFAULT_INTERVAL_SECONDS = 60;

  /** The policy the settings give; a missing, malformed or non-positive value is the default. */
  public static RetentionPolicy fromSettings() {
    return from(key -> Settings.get(key).orElse(null));
  }

  /** The policy of the given settings (a lookup by setting name, returning null when unset). */
  static RetentionPolicy from(Function<String, String> settings) {
    long days = positive(settings, "switchboard.events.retention-days", DEFAULT_DAYS);
    long seconds =
        positive(settings, "switchboard.events.purge-interval-seconds", DEFAULT_INTERVAL_SECONDS);
    return new RetentionPolicy(Duration.ofDays(days), Duration.ofSeconds(seconds));
  }

  /** Events dated before this instant are purged. */
  public Instant cutoff(Clock clock) {
    return clock.instant().minus(retention);
  }

  private static long positive(Function<String, String> settings, String key, long fallback) {
    String value = settings.apply(key);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    LOG.warning(key + " must be a positive whole number, not " + value + "; using " + fallback);
    return fallback;
  }
}
