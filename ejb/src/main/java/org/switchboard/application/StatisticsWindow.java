package org.switchboard.application;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.switchboard.domain.shared.InvalidParameterException;

/**
 * The time window and options of a cumulative statistics request: {@code Minutes} (the last so many
 * minutes, default 15), or {@code StartDate}/{@code EndDate} (ISO 8601), the {@code TaskChannel} to
 * count (sid or unique name, null for all), and the {@code SplitByWaitTime} thresholds in seconds.
 */
public record StatisticsWindow(
    Instant start, Instant end, String taskChannel, List<Integer> splitByWaitTime) {

  /** TaskRouter's default window. */
  public static final int DEFAULT_MINUTES = 15;

  /** The dates a window may name: what the database can compare, and more than events span. */
  private static final Instant EARLIEST = Instant.EPOCH;

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  public StatisticsWindow {
    splitByWaitTime = List.copyOf(splitByWaitTime);
  }

  /**
   * Parses the request parameters as a client sent them (null when absent).
   *
   * @throws InvalidParameterException naming the parameter for a malformed value or a window whose
   *     end is before its start
   */
  public static StatisticsWindow parse(
      String minutes,
      String startDate,
      String endDate,
      String taskChannel,
      String splitByWaitTime,
      Instant now) {
    Instant end = endDate == null ? now : date("EndDate", endDate);
    Instant start;
    if (startDate != null) {
      start = date("StartDate", startDate);
    } else {
      int span = minutes == null ? DEFAULT_MINUTES : positive("Minutes", minutes);
      start = end.minus(Duration.ofMinutes(span));
      if (start.isBefore(EARLIEST)) {
        start = EARLIEST;
      }
    }
    if (end.isBefore(start)) {
      throw new InvalidParameterException("EndDate", "EndDate must not be before StartDate");
    }
    List<Integer> splits = new ArrayList<>();
    if (splitByWaitTime != null && !splitByWaitTime.isBlank()) {
      for (String part : splitByWaitTime.split(",")) {
        splits.add(positive("SplitByWaitTime", part.trim()));
      }
    }
    return new StatisticsWindow(start, end, taskChannel, splits);
  }

  private static Instant date(String parameter, String value) {
    Instant date = parseDate(parameter, value);
    if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
      throw new InvalidParameterException(
          parameter, parameter + " must be between 1970-01-01 and 9999-12-31: " + value);
    }
    return date;
  }

  private static Instant parseDate(String parameter, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        throw new InvalidParameterException(
            parameter, parameter + " must be an ISO 8601 date or date-time: " + value);
      }
    }
  }

  private static int positive(String parameter, String value) {
    try {
      int number = Integer.parseInt(value.trim());
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidParameterException(parameter, parameter + " must be a positive integer");
  }
}
