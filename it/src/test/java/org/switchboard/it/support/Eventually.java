package org.switchboard.it.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition the server reaches asynchronously (routing runs after commit), by polling
 * it, never by sleeping a fixed time: it returns as soon as the condition holds and fails with the
 * last value seen when it does not within the limit.
 */
public final class Eventually {

  private static final Duration LIMIT = Duration.ofSeconds(20);

  private Eventually() {}

  /** Polls until the condition holds or {@code limit} passes; the last value seen either way. */
  public static <T> T poll(Supplier<T> probe, Predicate<T> condition, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    T last = probe.get();
    while (!condition.test(last) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      last = probe.get();
    }
    return last;
  }

  public static <T> T until(Supplier<T> probe, Predicate<T> condition, String description) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    T last = probe.get();
    while (!condition.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Not " + description + " within " + LIMIT.toSeconds() + " s; last seen: " + last);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      last = probe.get();
    }
    return last;
  }
}
