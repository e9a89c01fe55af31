package org.switchboard.telephony.agi;

import java.util.Objects;

/** The task created for a call and the ConfBridge conference the caller should enter. */
public record EnqueueResult(String taskSid, String conferenceName) {

  public EnqueueResult {
    Objects.requireNonNull(taskSid, "taskSid is required");
    Objects.requireNonNull(conferenceName, "conferenceName is required");
  }
}
