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
