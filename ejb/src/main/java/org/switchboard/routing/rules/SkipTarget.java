package org.switchboard.routing.rules;

import java.util.Objects;

/**
 * A result fact: skip every target in this queue (sid or friendly name), as a workflow target's
 * {@code skip_if} does, e.g. when nobody in it is available. As in TaskRouter, the last target is
 * never skipped.
 */
public record SkipTarget(String queue, String reason) {

  public SkipTarget {
    Objects.requireNonNull(queue, "a SkipTarget needs a queue");
  }

  public String getQueue() {
    return queue;
  }

  public String getReason() {
    return reason;
  }
}
