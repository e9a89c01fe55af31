package org.switchboard.routing.rules;

import java.util.Objects;

/**
 * A result fact: cancel the task instead of routing it; {@code reason} becomes the task's {@code
 * reason} and is in its {@code task.canceled} event.
 */
public record CancelTask(String reason) {

  public CancelTask {
    Objects.requireNonNull(reason, "a CancelTask needs a reason");
  }

  public String getReason() {
    return reason;
  }
}
