package org.switchboard.telephony.internal;

import java.util.Optional;
import org.switchboard.infrastructure.config.Settings;

/**
 * The telephony adapter's configuration, read through {@link Settings} (system property, else the
 * matching environment variable). The FastAGI port defaults to 4573 shifted by WildFly's {@code
 * jboss.socket.binding.port-offset}; AMI is disabled when {@code switchboard.ami.host} is unset.
 */
public record TelephonySettings(
    String fastAgiBindAddress,
    int fastAgiPort,
    int fastAgiPoolSize,
    Optional<String> amiHost,
    int amiPort,
    String amiUser,
    Optional<String> amiSecret) {

  public static final int DEFAULT_FASTAGI_PORT = 4573;
  public static final int DEFAULT_AMI_PORT = 5038;

  /** Reads the current settings. */
  public static TelephonySettings load() {
    int offset = intSetting("jboss.socket.binding.port-offset", 0);
    return new TelephonySettings(
        Settings.get("switchboard.fastagi.bind-address").orElse("127.0.0.1"),
        intSetting("switchboard.fastagi.port", DEFAULT_FASTAGI_PORT + offset),
        intSetting("switchboard.fastagi.pool-size", 10),
        Settings.get("switchboard.ami.host"),
        intSetting("switchboard.ami.port", DEFAULT_AMI_PORT),
        Settings.get("switchboard.ami.user").orElse("switchboard"),
        Settings.get("switchboard.ami.secret"));
  }

  /** Whether an AMI connection should be opened at all. */
  public boolean amiEnabled() {
    return amiHost.isPresent();
  }

  private static int intSetting(String key, int fallback) {
    Optional<String> value = Settings.get(key);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, was: " + value.get(), e);
    }
  }
}
