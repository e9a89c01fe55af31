package org.switchboard.telephony.agi;

import java.util.Objects;

/**
 * One call to enqueue, parsed from {@code agi://…/enqueue?workflow=WW…&attributes=…&priority=…
 * &timeout=…} and the AGI environment ({@code agi_channel}, {@code agi_uniqueid}, {@code
 * agi_callerid}, {@code agi_dnid}, {@code agi_language}).
 *
 * @param workflow a Workflow SID, or a workflow's friendly name when {@code workspaceSid} is given
 * @param workspaceSid the workspace to find a workflow named by friendly name in, or null
 */
public record EnqueueRequest(
    String workflow,
    String attributesJson,
    int priority,
    int timeoutSeconds,
    String channel,
    String uniqueId,
    String callerId,
    String dnid,
    String language,
    String workspaceSid) {

  public EnqueueRequest {
    Objects.requireNonNull(workflow, "workflow is required");
    Objects.requireNonNull(attributesJson, "attributes are required");
    Objects.requireNonNull(channel, "channel is required");
  }
}
