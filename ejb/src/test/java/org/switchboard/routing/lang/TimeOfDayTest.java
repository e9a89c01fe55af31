package org.switchboard.routing.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code taskrouter.*} values in expressions, in UTC, at the instant given. */
class TimeOfDayTest {

  private static boolean at(String instant, String expression) {
    return Expression.parse("Expression", expression)
        .matches(TimeOfDay.over(Instant.parse(instant), Expression.over(Map.of("vip", true))));
  }

  @Test
  void answersTwiliosDocumentedExamples() {
    // Wednesday 25 November 2026, 09:05 UTC
    String morning = "2026-11-25T09:05:00Z";
    assertThat(at(morning, "taskrouter.currentTime > 0800 AND taskrouter.currentTime < 1830"))
        .isTrue();
    assertThat(at(morning, "taskrouter.currentTime == 905")).isTrue();
    assertThat(at(morning, "taskrouter.currentHour > 8 AND taskrouter.currentHour < 18")).isTrue();
    assertThat(at(morning, "taskrouter.currentMin > 10 AND taskrouter.currentMin < 50")).isFalse();
    assertThat(at(morning, "taskrouter.dayOfWeek IN ['Mon','Tue','Wed','Thu','Fri']")).isTrue();
    assertThat(at("2026-11-29T20:00:00Z", "taskrouter.dayOfWeek == 'Sun'")).isTrue();
    assertThat(at("2026-11-29T20:00:00Z", "taskrouter.currentTime < 1830")).isFalse();
  }

  @Test
  void leavesOtherPathsToTheAttributes() {
    assertThat(at("2026-11-25T09:05:00Z", "vip == true AND taskrouter.unknown == null")).isFalse();
    assertThat(at("2026-11-25T09:05:00Z", "vip == true")).isTrue();
  }
}
