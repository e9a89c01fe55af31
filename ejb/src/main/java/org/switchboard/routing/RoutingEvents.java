package org.switchboard.routing;

import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskTransfer;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.workspace.Activity;

/**
 * Builds the events of routing steps with TaskRouter's {@code event_type} names and an {@code
 * event_data} carrying the task, worker and reservation fields that TaskRouter's event callbacks
 * carry ({@code task_sid}, {@code task_attributes}, {@code worker_sid}, {@code reservation_sid},
 * …).
 */
public final class RoutingEvents {

  private RoutingEvents() {}

  /** A reservation event: {@code reservation.created}, {@code .accepted}, {@code .rejected}, … */
  public static RouterEvent reservation(
      EventType type, Reservation reservation, String description, Instant now) {
    Task task = reservation.getTask();
    Worker worker = reservation.getWorker();
    JsonObjectBuilder data = taskData(task, now);
    workerData(data, worker);
    data.add("reservation_sid", reservation.getSid())
        .add("reservation_status", reservation.getStatus().wireName());
    return base(task, type, "reservation", reservation.getSid(), now)
        .description(description)
        .data(data.build().toString())
        .worker(worker.getSid())
        .reservation(reservation.getSid())
        .subject(reservation)
        .build();
  }

  /**
   * A task event: {@code task.canceled}, {@code task-queue.entered}, {@code workflow.timeout}, …
   */
  public static RouterEvent task(EventType type, Task task, String description, Instant now) {
    return base(task, type, "task", task.getSid(), now)
        .description(description)
        .data(taskData(task, now).build().toString())
        .build();
  }

  /**
   * A placement event ({@code workflow.target-matched}, {@code task-queue.entered}) whose data also
   * says what decided it: {@code filter_name} (the matched filter, or for a rule set the rule that
   * chose the target), {@code target}, {@code rules_fired} and, for a rule set, {@code
   * rule_set_sid} and {@code rule_set_version}.
   */
  public static RouterEvent placed(
      EventType type, Task task, String description, Placement.Why why, Instant now) {
    JsonObjectBuilder data = taskData(task, now);
    if (why.filterName() != null) {
      data.add("filter_name", why.filterName());
    }
    if (why.target() != null) {
      data.add("target", why.target());
    }
    data.add("rules_fired", Jsons.createArrayBuilder(why.rulesFired()));
    if (why.ruleSetSid() != null) {
      data.add("rule_set_sid", why.ruleSetSid()).add("rule_set_version", why.ruleSetVersion());
    }
    return base(task, type, "task", task.getSid(), now)
        .description(description)
        .data(data.build().toString())
        .build();
  }

  /**
   * {@code task-queue.moved}, recorded while the task is still in the queue it leaves: its {@code
   * task_queue_sid} is that queue, and {@code task_queue_moved_to_sid} the queue it enters.
   */
  public static RouterEvent moved(Task task, String toQueueSid, String description, Instant now) {
    JsonObjectBuilder data = taskData(task, now).add("task_queue_moved_to_sid", toQueueSid);
    return base(task, EventType.TASK_QUEUE_MOVED, "task", task.getSid(), now)
        .description(description)
        .data(data.build().toString())
        .build();
  }

  /**
   * {@code workflow.skipped}: a target of the matched filter passed over by its {@code skip_if};
   * {@code filter_name} and {@code target_index} (from 0) say which.
   */
  public static RouterEvent skipped(Task task, String filterName, int step, Instant now) {
    JsonObjectBuilder data = taskData(task, now).add("target_index", step);
    if (filterName != null) {
      data.add("filter_name", filterName);
    }
    return base(task, EventType.WORKFLOW_SKIPPED, "task", task.getSid(), now)
        .description("Task skipped a workflow target")
        .data(data.build().toString())
        .build();
  }

  /**
   * A transfer event ({@code task.transfer-initiated}, {@code -attempt-failed}, {@code -completed},
   * {@code -failed}, {@code -canceled}) of the original task: its data is the transfer as the SDK's
   * {@code TransferDescriptor} reads it ({@link #transferData}) plus the task's fields.
   */
  public static RouterEvent transfer(
      EventType type, Task task, TaskTransfer transfer, String description, Instant now) {
    JsonObjectBuilder data = taskData(task, now);
    transferData(transfer).build().forEach(data::add);
    return base(task, type, "task", task.getSid(), now)
        .description(description)
        .data(data.build().toString())
        .worker(transfer.getInitiatingWorkerSid())
        .reservation(transfer.getInitiatingReservationSid())
        .build();
  }

  /**
   * A transfer with the SDK's keys: {@code sid}, {@code task_sid} (the original task), {@code
   * transfer_to}, {@code transfer_type} ({@code WORKER}, {@code QUEUE}), {@code transfer_mode}
   * ({@code WARM}, {@code COLD}), {@code transfer_status}, {@code initiating_*}, dates in epoch
   * seconds, and Switchboard's {@code transfer_task_sid}.
   */
  public static JsonObjectBuilder transferData(TaskTransfer t) {
    JsonObjectBuilder data =
        Jsons.createObjectBuilder()
            .add("sid", t.getSid())
            .add("account_sid", t.getAccountSid())
            .add("workspace_sid", t.getWorkspaceSid())
            .add("task_sid", t.getTaskSid())
            .add("transfer_to", t.getTo())
            .add("transfer_type", t.getType().name())
            .add("transfer_mode", t.getMode().name())
            .add("transfer_status", t.getStatus().wireName())
            .add("initiating_reservation_sid", t.getInitiatingReservationSid())
            .add("initiating_worker_sid", t.getInitiatingWorkerSid())
            .add("initiating_workflow_sid", t.getInitiatingWorkflowSid())
            .add("date_created", t.getDateCreated().getEpochSecond())
            .add("date_updated", t.getDateUpdated().getEpochSecond());
    nullable(data, "initiating_queue_sid", t.getInitiatingQueueSid());
    nullable(data, "transfer_failed_reason", t.getFailedReason());
    nullable(data, "transfer_task_sid", t.getTransferTaskSid());
    return data;
  }

  private static void nullable(JsonObjectBuilder data, String key, String value) {
    if (value == null) {
      data.addNull(key);
    } else {
      data.add(key, value);
    }
  }

  /** {@code worker.activity.update}, with the previous activity and the time spent in it. */
  public static RouterEvent workerActivity(
      Worker worker, Activity previous, Instant previousSince, String description, Instant now) {
    JsonObjectBuilder data = Jsons.createObjectBuilder();
    workerData(data, worker);
    data.add("worker_previous_activity_sid", previous.getSid())
        .add("worker_previous_activity_name", previous.getFriendlyName())
        .add("worker_time_in_previous_activity", seconds(previousSince, now))
        .add("worker_time_in_previous_activity_ms", millis(previousSince, now));
    return RouterEvent.builder(
            worker.getWorkspace().getAccountSid(),
            worker.getWorkspace().getSid(),
            EventType.WORKER_ACTIVITY_UPDATE,
            "worker",
            worker.getSid(),
            now)
        .description(description)
        .data(data.build().toString())
        .worker(worker.getSid())
        .build();
  }

  private static RouterEvent.Builder base(
      Task task, EventType type, String resourceType, String resourceSid, Instant now) {
    TaskQueue queue = task.getTaskQueue();
    return RouterEvent.builder(
            task.getWorkspace().getAccountSid(),
            task.getWorkspace().getSid(),
            type,
            resourceType,
            resourceSid,
            now)
        .task(task.getSid())
        .taskQueue(queue == null ? null : queue.getSid())
        .workflow(task.getWorkflow().getSid())
        .taskChannel(task.getTaskChannel().getUniqueName())
        .subject(task);
  }

  private static JsonObjectBuilder taskData(Task task, Instant now) {
    JsonObjectBuilder data =
        Jsons.createObjectBuilder()
            .add("task_sid", task.getSid())
            .add("task_attributes", task.getAttributes())
            .add("task_assignment_status", task.getAssignmentStatus().wireName())
            .add("task_priority", task.getPriority())
            .add("task_age", task.ageSeconds(now))
            .add("task_date_created", task.getDateCreated().getEpochSecond())
            .add("task_timeout", task.getTimeout())
            .add("task_channel_sid", task.getTaskChannel().getSid())
            .add("task_channel_unique_name", task.getTaskChannel().getUniqueName())
            .add("workflow_sid", task.getWorkflow().getSid())
            .add("workflow_name", task.getWorkflow().getFriendlyName());
    if (task.getReason() != null) {
      data.add("task_canceled_reason", task.getReason());
    }
    TaskQueue queue = task.getTaskQueue();
    if (queue != null) {
      data.add("task_queue_sid", queue.getSid())
          .add("task_queue_name", queue.getFriendlyName())
          .add("task_queue_target_expression", queue.getTargetWorkers());
      if (task.getTaskQueueEnteredDate() != null) {
        data.add("task_queue_entered_date", task.getTaskQueueEnteredDate().getEpochSecond())
            .add("task_age_in_queue", seconds(task.getTaskQueueEnteredDate(), now));
      }
    }
    return data;
  }

  private static void workerData(JsonObjectBuilder data, Worker worker) {
    data.add("worker_sid", worker.getSid())
        .add("worker_name", worker.getFriendlyName())
        .add("worker_attributes", worker.getAttributes())
        .add("worker_activity_sid", worker.getActivity().getSid())
        .add("worker_activity_name", worker.getActivity().getFriendlyName());
  }

  private static long seconds(Instant from, Instant to) {
    return Math.max(0, to.getEpochSecond() - from.getEpochSecond());
  }

  private static long millis(Instant from, Instant to) {
    return Math.max(0, to.toEpochMilli() - from.toEpochMilli());
  }
}
