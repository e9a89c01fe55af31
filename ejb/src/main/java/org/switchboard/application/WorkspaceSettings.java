package org.switchboard.application;

import org.switchboard.domain.workspace.QueueOrder;

/**
 * The settable properties of a workspace as a create or update request gave them; a null field was
 * not given and leaves the property as it is (or at its default on create).
 */
public record WorkspaceSettings(
    String friendlyName,
    String eventCallbackUrl,
    String eventsFilter,
    Boolean multiTaskEnabled,
    QueueOrder prioritizeQueueOrder,
    String defaultActivitySid,
    String timeoutActivitySid) {}
