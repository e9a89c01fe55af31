package org.switchboard.web.api.dto.worker;

import org.switchboard.domain.worker.WorkerChannel;
import org.switchboard.web.api.ApiFormat;

/** A worker's channel as TaskRouter's {@code worker_channel} schema shows it. */
public record WorkerChannelDto(
    String accountSid,
    Integer assignedTasks,
    Boolean available,
    Integer availableCapacityPercentage,
    Integer configuredCapacity,
    String dateCreated,
    String dateUpdated,
    String sid,
    String taskChannelSid,
    String taskChannelUniqueName,
    String workerSid,
    String workspaceSid,
    String url) {

  public static WorkerChannelDto from(WorkerChannel c, String accountSid, String baseUrl) {
    return new WorkerChannelDto(
        accountSid,
        c.getAssignedTasks(),
        c.isAvailable(),
        c.availableCapacityPercentage(),
        c.getConfiguredCapacity(),
        ApiFormat.iso(c.getDateCreated()),
        ApiFormat.iso(c.getDateUpdated()),
        c.getSid(),
        c.getTaskChannel().getSid(),
        c.getTaskChannel().getUniqueName(),
        c.getWorker().getSid(),
        c.getWorkspaceSid(),
        baseUrl
            + "Workspaces/"
            + c.getWorkspaceSid()
            + "/Workers/"
            + c.getWorker().getSid()
            + "/Channels/"
            + c.getSid());
  }
}
