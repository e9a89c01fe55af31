package org.switchboard.routing.lang;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * TaskRouter's time-of-day values for workflow expressions, all in UTC: {@code
 * taskrouter.currentTime} (HHMM as a number, so {@code taskrouter.currentTime > 0800} works),
 * {@code taskrouter.currentHour} and {@code taskrouter.currentMin} (numbers), and {@code
 * taskrouter.dayOfWeek} ({@code Mon} … {@code Sun}).
 */
public final class TimeOfDay {

  private TimeOfDay() {}

  /** A resolver that answers {@code taskrouter.*} at {@code now} and asks {@code next} the rest. */
  public static Expression.Resolver over(Instant now, Expression.Resolver next) {
    return path -> {
      if (path.size() == 2 && "taskrouter".equals(path.get(0))) {
        return value(now, path.get(1));
      }
      return next.apply(path);
    };
  }

  /** The value of {@code taskrouter.<name>} at {@code now}, or null for an unknown name. */
  public static Object value(Instant now, String name) {
    ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
    return switch (name) {
      case "currentTime" -> BigDecimal.valueOf(utc.getHour() * 100L + utc.getMinute());
      case "currentHour" -> BigDecimal.valueOf(utc.getHour());
      case "currentMin" -> BigDecimal.valueOf(utc.getMinute());
      case "dayOfWeek" -> utc.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      default -> null;
    };
  }
}
