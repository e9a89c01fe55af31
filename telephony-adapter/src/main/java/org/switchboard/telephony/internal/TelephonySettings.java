package org.switchboard.telephony.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.switchboard.infrastructure.config.Settings;

/**
 * The telephony adapter's configuration, read through {@link Settings} (system property, else the
 * matching environment variable). The FastAGI port defaults to 4573 shifted by WildFly's {@code
 * jboss.socket.binding.port-offset}; AMI is off unless {@code switchboard.ami.user} is set.
 *
 * @param fastAgiPoolSize how many FastAGI sessions (calls being enqueued) are served at once
 * @param amiUser the manager user of {@code manager.conf}; empty leaves AMI off
 * @param amiSecret its secret
 * @param amiReconnectMax the longest wait between two connection attempts (the backoff's cap)
 * @param originateTimeout how long a worker's phone rings before the leg counts as unanswered
 * @param completeAfterCall whether a call that ends after the bridge completes its task (true) or
 *     moves it to wrapping (false, TaskRouter's default)
 * @param recordingDir the directory, on the Asterisk host, conference recordings (and voicemails)
 *     are written to
 * @param callbackChannel the dial string a callback's customer is called at, {@code %s} standing
 *     for the number (default {@code Local/%s@switchboard-outbound/n})
 */
public record TelephonySettings(
    String fastAgiBindAddress,
    int fastAgiPort,
    int fastAgiPoolSize,
    String amiHost,
    int amiPort,
    Optional<String> amiUser,
    Optional<String> amiSecret,
    Duration amiReconnectMax,
    Duration originateTimeout,
    boolean completeAfterCall,
    String recordingDir,
    String callbackChannel) {

  public static final int DEFAULT_FASTAGI_PORT = 4573;
  public static final int DEFAULT_AMI_PORT = 5038;

  /** Asterisk's monitor directory ({@code astspooldir} {@code /monitor}) as packages install it. */
  public static final String DEFAULT_RECORDING_DIR = "/var/spool/asterisk/monitor";

  /** Where callbacks dial the customer: the sample dialplan's outbound context. */
  public static final String DEFAULT_CALLBACK_CHANNEL = "Local/%s@switchboard-outbound/n";

  /**
   * FastAGI sessions served at once: a burst of 200 simultaneous calls is enqueued in parallel
   * (threads are made as calls arrive and end when idle).
   */
  public static final int DEFAULT_FASTAGI_POOL_SIZE = 200;

  /** Reads the current settings. */
  public static TelephonySettings load() {
    int offset = intSetting("jboss.socket.binding.port-offset", 0);
    String afterCall =
        Settings.get("switchboard.telephony.after-call")
            .orElse("wrapping")
            .toLowerCase(Locale.ROOT);
    if (!afterCall.equals("wrapping") && !afterCall.equals("completed")) {
      throw new IllegalArgumentException(
          "switchboard.telephony.after-call must be wrapping or completed, was: " + afterCall);
    }
    return new TelephonySettings(
        Settings.get("switchboard.fastagi.bind-address").orElse("127.0.0.1"),
        intSetting("switchboard.fastagi.port", DEFAULT_FASTAGI_PORT + offset),
        intSetting("switchboard.fastagi.pool-size", DEFAULT_FASTAGI_POOL_SIZE),
        Settings.get("switchboard.ami.host").orElse("127.0.0.1"),
        intSetting("switchboard.ami.port", DEFAULT_AMI_PORT),
        Settings.get("switchboard.ami.user"),
        Settings.get("switchboard.ami.secret"),
        Duration.ofSeconds(intSetting("switchboard.ami.reconnect-max-seconds", 5)),
        Duration.ofSeconds(intSetting("switchboard.ami.originate-timeout", 30)),
        afterCall.equals("completed"),
        Settings.get("switchboard.telephony.recording-dir").orElse(DEFAULT_RECORDING_DIR),
        callbackChannel(
            Settings.get("switchboard.telephony.callback-channel")
                .orElse(DEFAULT_CALLBACK_CHANNEL)));
  }

  private static String callbackChannel(String pattern) {
    if (!pattern.contains("%s") || pattern.indexOf('/') <= 0) {
      throw new IllegalArgumentException(
          "switchboard.telephony.callback-channel must be a dial string with %s for the number,"
              + " was: "
              + pattern);
    }
    return pattern;
  }

  /** Whether an AMI connection should be opened at all. */
  public boolean amiEnabled() {
    return amiUser.isPresent();
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
