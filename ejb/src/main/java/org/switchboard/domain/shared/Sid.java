package org.switchboard.domain.shared;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * TaskRouter resource identifiers: a two-letter prefix naming the kind of resource followed by 32
 * lowercase hex characters, e.g. {@code WS} + 32 hex for a Workspace. The prefix makes an id in a
 * log say what it identifies.
 */
public enum Sid {
  ACCOUNT("AC"),
  WORKSPACE("WS"),
  ACTIVITY("WA"),
  TASK_CHANNEL("TC"),
  WORKER("WK"),
  WORKER_CHANNEL("WC"),
  TASK_QUEUE("WQ"),
  WORKFLOW("WW"),
  TASK("WT"),
  RESERVATION("WR"),
  EVENT("EV"),
  API_KEY("SK"),
  RULE_SET("RS"),
  TRANSFER("TT");

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

  private final String prefix;

  Sid(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** A new random sid of this kind. */
  public String generate() {
    return prefix + randomHex(16);
  }

  /**
   * A new sid of this kind that sorts after every sid this server made before it: 12 hex digits of
   * the epoch milliseconds, 6 of a per-server counter, 14 random. Events use it, so that the events
   * of one transaction (which share a timestamp) are listed in the order they happened, as lists
   * order by date and then sid.
   */
  public String generateOrdered() {
    long millis = System.currentTimeMillis();
    long count;
    synchronized (ORDERED) {
      if (millis <= ORDERED[0]) {
        millis = ORDERED[0];
        count = ++ORDERED[1];
      } else {
        ORDERED[0] = millis;
        ORDERED[1] = 0;
        count = 0;
      }
    }
    return prefix
        + String.format("%012x%06x", millis & 0xffffffffffffL, count & 0xffffff)
        + randomHex(7);
  }

  /** The last millisecond {@link #generateOrdered} used, and its counter within it. */
  private static final long[] ORDERED = new long[2];

  /** Whether {@code value} is a well-formed sid of this kind. */
  public boolean matches(String value) {
    return value != null
        && value.length() == 34
        && value.startsWith(prefix)
        && HEX32.matcher(value.substring(2)).matches();
  }

  /** {@code bytes} random bytes as lowercase hex, from a cryptographically strong source. */
  public static String randomHex(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return HexFormat.of().formatHex(buffer);
  }
}
