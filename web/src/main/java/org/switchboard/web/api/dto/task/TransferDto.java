package org.switchboard.web.api.dto.task;

import org.switchboard.domain.task.TaskTransfer;
import org.switchboard.web.api.ApiFormat;

/**
 * A task's transfer (Switchboard's extension {@code …/Tasks/{TaskSid}/Transfers}), with the keys
 * the TaskRouter SDK's transfers carry ({@code transfer_to}, {@code transfer_type}, {@code
 * transfer_mode}, {@code transfer_status}, {@code initiating_*}) and the transfer task that carries
 * the work.
 */
public record TransferDto(
    String sid,
    String accountSid,
    String workspaceSid,
    String taskSid,
    String transferTaskSid,
    String transferTo,
    String transferType,
    String transferMode,
    String transferStatus,
    String transferFailedReason,
    String initiatingReservationSid,
    String initiatingWorkerSid,
    String initiatingQueueSid,
    String initiatingWorkflowSid,
    String dateCreated,
    String dateUpdated,
    String url) {

  public static TransferDto from(TaskTransfer t, String baseUrl) {
    return new TransferDto(
        t.getSid(),
        t.getAccountSid(),
        t.getWorkspaceSid(),
        t.getTaskSid(),
        t.getTransferTaskSid(),
        t.getTo(),
        t.getType().name(),
        t.getMode().name(),
        t.getStatus().wireName(),
        t.getFailedReason(),
        t.getInitiatingReservationSid(),
        t.getInitiatingWorkerSid(),
        t.getInitiatingQueueSid(),
        t.getInitiatingWorkflowSid(),
        ApiFormat.iso(t.getDateCreated()),
        ApiFormat.iso(t.getDateUpdated()),
        baseUrl
            + "Workspaces/"
            + t.getWorkspaceSid()
            + "/Tasks/"
            + t.getTaskSid()
            + "/Transfers/"
            + t.getSid());
  }
}
