package org.switchboard.domain.shared;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Time as the database keeps it: UTC with microseconds, so a value reads back equal. */
public final class Timestamps {

  private Timestamps() {}

  public static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }
}
