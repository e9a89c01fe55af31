package org.switchboard.domain.shared;

import java.time.Instant;

/**
 * A resource that appears in paged lists. Lists are ordered by creation time and then sid, which
 * together identify a position that concurrent inserts cannot shift.
 */
public interface Listed {
  String getSid();

  Instant getDateCreated();
}
