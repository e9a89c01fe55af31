package org.switchboard.domain.reservation;

import java.util.Locale;

/** A reservation's {@code reservation_status}, with TaskRouter's values. */
public enum ReservationStatus {
  PENDING,
  ACCEPTED,
  REJECTED,
  TIMEOUT,
  CANCELED,
  RESCINDED,
  WRAPPING,
  COMPLETED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the reservation still holds the worker's capacity. */
  public boolean holdsCapacity() {
    return this == PENDING || this == ACCEPTED || this == WRAPPING;
  }
}
