package org.switchboard.routing.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides which stranded candidates the routing sweep routes now: pending tasks never placed in a
 * queue (their routing pass was lost: the server that committed them was killed before the pass
 * ran, or the pass failed), and free workers who are members of a queue in which a task they could
 * take waits (their pass after a reject, a freed channel or the task's arrival was lost). The
 * database tells the candidates (by sid, with when they last changed); this class keeps, in memory,
 * what the sweep already tried:
 *
 * <ul>
 *   <li>a candidate changed less than {@link #GRACE} ago is left alone: its own pass is probably on
 *       the way (on this server or another);
 *   <li>a candidate whose pass is queued on this server is left alone;
 *   <li>a candidate the sweep already routed and that is still stranded, unchanged, is routed again
 *       only after a backoff (doubling from {@link #GRACE} to {@link #MAX_BACKOFF}): a task in a
 *       queue with a free member that its target's expression turns down stays a candidate, and
 *       must not cost a pass every sweep;
 *   <li>a candidate that changed since it was tried starts afresh.
 * </ul>
 *
 * Safe on several servers: routing a task takes its row lock and re-reads it, so a task two sweeps
 * pick at once is placed once and offered under the usual invariants.
 */
public final class StrandedTasks {

  /** How long a task may wait for its own routing pass before the sweep routes it. */
  public static final Duration GRACE = Duration.ofSeconds(3);

  /** The longest wait between two sweeps' passes for a task that stays stranded unchanged. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /** The most tasks whose tries are remembered; the oldest are forgotten past it. */
  static final int MAX_REMEMBERED = 20_000;

  /** A pending task the database reports, and when it last changed. */
  public record Candidate(String sid, Instant dateUpdated) {}

  private record Tried(Instant dateUpdated, int attempts, Instant next) {}

  private final Clock clock;
  private final Map<String, Tried> tried = new HashMap<>();

  public StrandedTasks(Clock clock) {
    this.clock = clock;
  }

  /** The moment before which a candidate must have last changed: now less the grace period. */
  public Instant changedBefore() {
    return clock.instant().minus(GRACE);
  }

  /**
   * The candidates to route now, in the order given.
   *
   * @param candidates pending tasks the database found stranded
   * @param passQueued whether this server already has a routing pass queued for a task
   */
  public synchronized List<String> toRoute(
      List<Candidate> candidates, Predicate<String> passQueued) {
    Instant now = clock.instant();
    List<String> route = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.dateUpdated() != null && c.dateUpdated().isAfter(now.minus(GRACE))) {
        continue;
      }
      if (passQueued.test(c.sid())) {
        continue;
      }
      Tried before = tried.get(c.sid());
      if (before != null
          && before.dateUpdated().equals(c.dateUpdated())
          && now.isBefore(before.next())) {
        continue;
      }
      int attempts =
          before != null && before.dateUpdated().equals(c.dateUpdated())
              ? before.attempts() + 1
              : 1;
      tried.put(c.sid(), new Tried(c.dateUpdated(), attempts, now.plus(backoff(attempts))));
      route.add(c.sid());
    }
    forgetOld(now);
    return route;
  }

  /** How long after its n-th try a task that stays stranded unchanged is tried again. */
  static Duration backoff(int attempts) {
    Duration d = GRACE;
    for (int i = 1; i < attempts && d.compareTo(MAX_BACKOFF) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  /** How many tasks' tries are remembered (for tests). */
  synchronized int remembered() {
    return tried.size();
  }

  /** Forgets tries whose backoff ended long ago, and the oldest past {@link #MAX_REMEMBERED}. */
  private void forgetOld(Instant now) {
    Instant stale = now.minus(MAX_BACKOFF).minus(MAX_BACKOFF);
    tried.values().removeIf(t -> t.next().isBefore(stale));
    if (tried.size() > MAX_REMEMBERED) {
      List<Map.Entry<String, Tried>> entries = new ArrayList<>(tried.entrySet());
      entries.sort(Map.Entry.comparingByValue((a, b) -> a.next().compareTo(b.next())));
      Iterator<Map.Entry<String, Tried>> it = entries.iterator();
      while (tried.size() > MAX_REMEMBERED && it.hasNext()) {
        tried.remove(it.next().getKey());
      }
    }
  }
}
