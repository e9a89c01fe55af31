package org.switchboard.domain.task;

import java.util.Locale;

/** A task's {@code assignment_status}, with TaskRouter's values. */
public enum TaskStatus {
  PENDING,
  RESERVED,
  ASSIGNED,
  WRAPPING,
  COMPLETED,
  CANCELED;

  /** The value on the wire: {@code pending}, {@code reserved}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the task still takes part in routing or work (not completed or canceled). */
  public boolean isLive() {
    return this != COMPLETED && this != CANCELED;
  }
}
