package org.switchboard.web.api;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.switchboard.domain.shared.InvalidParameterException;

/** Twilio's wire formats for values: ISO 8601 dates out, {@code true}/{@code false} in. */
public final class ApiFormat {

  /** 9999-12-31T23:59:59Z, the latest date a parameter may give. */
  private static final long LATEST_SECOND = 253_402_300_799L;

  private ApiFormat() {}

  /** ISO 8601 in UTC to the second, as TaskRouter writes {@code date_created}. */
  public static String iso(Instant instant) {
    return instant == null
        ? null
        : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** A boolean form parameter; null when absent. */
  public static Boolean bool(String parameter, String value) {
    if (value == null) {
      return null;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default ->
          throw new InvalidParameterException(parameter, parameter + " must be true or false");
    };
  }

  /**
   * A boolean list filter as TaskRouter reads it: {@code true}, {@code 1} or {@code yes} mean true,
   * any other value false; null when absent.
   */
  public static Boolean filterFlag(String value) {
    if (value == null) {
      return null;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> Boolean.TRUE;
      default -> Boolean.FALSE;
    };
  }

  /** An integer form parameter; null when absent. */
  public static Integer integer(String parameter, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidParameterException(parameter, parameter + " must be an integer");
    }
  }

  /** An ISO 8601 date-time form parameter; null when absent. */
  public static Instant instant(String parameter, String value) {
    if (value == null) {
      return null;
    }
    Instant parsed;
    try {
      parsed = java.time.OffsetDateTime.parse(value.trim()).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new InvalidParameterException(
          parameter, parameter + " must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z");
    }
    if (parsed.isBefore(Instant.EPOCH) || parsed.getEpochSecond() > LATEST_SECOND) {
      throw new InvalidParameterException(
          parameter, parameter + " must be between 1970-01-01 and 9999-12-31");
    }
    return parsed;
  }

  /** An enum form parameter by its TaskRouter name; null when absent. */
  public static <E extends Enum<E>> E enumValue(String parameter, String value, Class<E> type) {
    if (value == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.trim())) {
        return constant;
      }
    }
    throw new InvalidParameterException(
        parameter,
        parameter + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
  }
}
