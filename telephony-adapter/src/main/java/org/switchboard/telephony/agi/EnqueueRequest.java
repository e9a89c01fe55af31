package org.switchboard.telephony.agi;

import java.util.Objects;

/**
 * One call to enqueue, parsed from {@code agi://…/enqueue?workflow=WW…&attributes=…&priority=…
 * &timeout=…} and the AGI environment.
 */
public record EnqueueRequest(
    String workflowSid,
    String attributesJson,
    int priority,
    int timeoutSeconds,
    String channel,
    String uniqueId,
    String callerId,
    String dnid) {

  public EnqueueRequest {
    Objects.requireNonNull(workflowSid, "workflow is required");
    Objects.requireNonNull(attributesJson, "attributes are required");
    Objects.requireNonNull(channel, "channel is required");
  }
}
