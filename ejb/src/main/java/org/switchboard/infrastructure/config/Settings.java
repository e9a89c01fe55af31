package org.switchboard.infrastructure.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Switchboard's configuration: each setting is read from a system property ({@code
 * switchboard.account.sid}) or else from the matching environment variable ({@code
 * SWITCHBOARD_ACCOUNT_SID}). The README's configuration table lists them.
 */
public final class Settings {

  private Settings() {}

  /** The value of a setting, if it is set and not blank. */
  public static Optional<String> get(String key) {
    String value = System.getProperty(key);
    if (value == null || value.isBlank()) {
      value = System.getenv(environmentName(key));
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** {@code switchboard.account.sid} → {@code SWITCHBOARD_ACCOUNT_SID}. */
  public static String environmentName(String key) {
    return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }
}
