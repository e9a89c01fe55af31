package org.switchboard.web.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;
import org.switchboard.infrastructure.config.Settings;

/**
 * Limits failed HTTP Basic authentications, so that nobody can guess an AuthToken or an API key's
 * secret at network speed. Each address has two allowances of failures, one per user name it tries
 * (an AccountSid or key sid; default 10 at once, then one more every 6 s) and one for all names
 * together (default 100 at once, then one more a second). While either is used up, the address's
 * requests with that user name are answered 429 before their credentials are checked. Successful
 * authentications use no allowance and are never delayed; a client that authenticates correctly
 * from another address, or with another user name, is not affected at all.
 *
 * <p>Allowances are token buckets held in memory, per server: with N servers behind a balancer an
 * address may fail N times as often. At most {@value #MAX_TRACKED} addresses and names are tracked;
 * full allowances are forgotten first.
 */
public final class FailedAuthentications {

  private static final Logger LOG = Logger.getLogger(FailedAuthentications.class.getName());

  static final int MAX_TRACKED = 100_000;

  /**
   * How many failures an allowance takes at once, and how often it regains one.
   *
   * @param burst failures allowed in a row
   * @param every the time after which one more failure is allowed
   */
  public record Allowance(int burst, Duration every) {
    public Allowance {
      if (burst < 1 || every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("An allowance needs a positive burst and interval");
      }
    }
  }

  /** The defaults: 10 failures per user name, then one per 6 s; 100 per address, one a second. */
  public static final Allowance PER_NAME = new Allowance(10, Duration.ofSeconds(6));

  public static final Allowance PER_ADDRESS = new Allowance(100, Duration.ofSeconds(1));

  private final Clock clock;
  private final Allowance perName;
  private final Allowance perAddress;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public FailedAuthentications(Clock clock, Allowance perName, Allowance perAddress) {
    this.clock = clock;
    this.perName = perName;
    this.perAddress = perAddress;
  }

  /**
   * The limits the settings give ({@code switchboard.auth.failures.burst}, {@code
   * switchboard.auth.failures.per-minute}, {@code switchboard.auth.failures.address-burst}, {@code
   * switchboard.auth.failures.address-per-minute}); a missing or malformed value is the default.
   */
  public static FailedAuthentications fromSettings(Clock clock) {
    return from(clock, key -> Settings.get(key).orElse(null));
  }

  static FailedAuthentications from(Clock clock, Function<String, String> settings) {
    return new FailedAuthentications(
        clock,
        allowance(settings, "switchboard.auth.failures.", PER_NAME),
        allowance(settings, "switchboard.auth.failures.address-", PER_ADDRESS));
  }

  /**
   * How long the address must wait before trying this user name again, if it has used up an
   * allowance; empty if it may try now.
   */
  public Optional<Duration> refusal(String address, String userName) {
    Instant now = clock.instant();
    Duration wait =
        max(wait(nameKey(address, userName), perName, now), wait(address, perAddress, now));
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  /** Records a failed authentication of the address with this user name. */
  public void failed(String address, String userName) {
    Instant now = clock.instant();
    if (buckets.size() >= MAX_TRACKED) {
      forgetFull(now);
    }
    take(nameKey(address, userName), perName, now);
    take(address, perAddress, now);
  }

  private Duration wait(String key, Allowance allowance, Instant now) {
    Bucket bucket = buckets.get(key);
    return bucket == null ? Duration.ZERO : bucket.wait(allowance, now);
  }

  private void take(String key, Allowance allowance, Instant now) {
    buckets.computeIfAbsent(key, k -> new Bucket(allowance, now)).take(allowance, now);
  }

  private void forgetFull(Instant now) {
    buckets
        .entrySet()
        .removeIf(e -> e.getValue().isFull(e.getKey().contains("\n") ? perName : perAddress, now));
    if (buckets.size() >= MAX_TRACKED) {
      LOG.warning(
          "Tracking failed authentications of "
              + buckets.size()
              + " addresses and names; forgetting them all");
      buckets.clear();
    }
  }

  private static String nameKey(String address, String userName) {
    String name = userName == null ? "" : userName;
    return address + "\n" + (name.length() > 64 ? name.substring(0, 64) : name);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Allowance allowance(
      Function<String, String> settings, String prefix, Allowance fallback) {
    int burst = positive(settings, prefix + "burst", fallback.burst());
    long perMinuteDefault = Duration.ofMinutes(1).toNanos() / fallback.every().toNanos();
    long perMinute = positive(settings, prefix + "per-minute", (int) perMinuteDefault);
    return new Allowance(burst, Duration.ofNanos(Duration.ofMinutes(1).toNanos() / perMinute));
  }

  private static int positive(Function<String, String> settings, String key, int fallback) {
    String value = settings.apply(key);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    LOG.warning(key + " must be a positive whole number, not " + value + "; using " + fallback);
    return fallback;
  }

  /**
   * Failures still allowed, kept as time: each failure costs the allowance's interval, and the
   * bucket regains the time that passes, up to the burst's worth.
   */
  private static final class Bucket {
    private long nanos;
    private Instant updated;

    Bucket(Allowance allowance, Instant now) {
      this.nanos = capacity(allowance);
      this.updated = now;
    }

    synchronized void take(Allowance allowance, Instant now) {
      refill(allowance, now);
      nanos = Math.max(0, nanos - allowance.every().toNanos());
    }

    synchronized Duration wait(Allowance allowance, Instant now) {
      refill(allowance, now);
      long cost = allowance.every().toNanos();
      return nanos >= cost ? Duration.ZERO : Duration.ofNanos(cost - nanos);
    }

    synchronized boolean isFull(Allowance allowance, Instant now) {
      refill(allowance, now);
      return nanos >= capacity(allowance);
    }

    private void refill(Allowance allowance, Instant now) {
      if (now.isAfter(updated)) {
        long gained = Duration.between(updated, now).toNanos();
        nanos = Math.min(capacity(allowance), nanos + gained);
        updated = now;
      }
    }

    private static long capacity(Allowance allowance) {
      return allowance.every().toNanos() * allowance.burst();
    }
  }
}
