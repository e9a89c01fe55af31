package org.switchboard.web.realtime;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskTransfer;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.worker.WorkerChannel;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.routing.RoutingEvents;

/**
 * Resources as the {@code twilio-taskrouter} SDK's descriptors read them: snake_case keys, dates as
 * epoch seconds, {@code attributes} as a JSON string, a {@code version} on everything versioned,
 * and a reservation's task nested under {@code task}. Every key a descriptor requires is present.
 * Call inside a transaction (lazy associations are read).
 */
final class Payloads {

  private Payloads() {}

  static JsonObject worker(Worker w) {
    return Jsons.createObjectBuilder()
        .add("account_sid", w.getWorkspace().getAccountSid())
        .add("activity_name", w.getActivity().getFriendlyName())
        .add("activity_sid", w.getActivity().getSid())
        .add("attributes", w.getAttributes())
        .add("available", w.isAvailable())
        .add("date_created", seconds(w.getDateCreated()))
        .add("date_status_changed", seconds(w.getDateStatusChanged()))
        .add("date_updated", seconds(w.getDateUpdated()))
        .add("friendly_name", w.getFriendlyName())
        .add("sid", w.getSid())
        .add("workspace_sid", w.getWorkspace().getSid())
        .add("version", Long.toString(w.getVersion()))
        .build();
  }

  static JsonObject activity(Activity a) {
    return Jsons.createObjectBuilder()
        .add("account_sid", a.getWorkspace().getAccountSid())
        .add("available", a.isAvailable())
        .add("date_created", seconds(a.getDateCreated()))
        .add("date_updated", seconds(a.getDateUpdated()))
        .add("friendly_name", a.getFriendlyName())
        .add("sid", a.getSid())
        .add("workspace_sid", a.getWorkspace().getSid())
        .build();
  }

  static JsonObject channel(WorkerChannel c) {
    JsonObjectBuilder b =
        Jsons.createObjectBuilder()
            .add("account_sid", c.getWorker().getWorkspace().getAccountSid())
            .add("assigned_tasks", c.getAssignedTasks())
            .add("available", c.isAvailable())
            .add("available_capacity_percentage", c.availableCapacityPercentage())
            .add("configured_capacity", c.getConfiguredCapacity())
            .add("date_created", seconds(c.getDateCreated()))
            .add("date_updated", seconds(c.getDateUpdated()))
            .add("sid", c.getSid())
            .add("task_channel_sid", c.getTaskChannel().getSid())
            .add("task_channel_unique_name", c.getTaskChannel().getUniqueName())
            .add("worker_sid", c.getWorker().getSid())
            .add("workspace_sid", c.getWorkspaceSid());
    // The SDK reads last_reserved_time in milliseconds.
    return (c.getIdleSince() == null
            ? b.addNull("last_reserved_time")
            : b.add("last_reserved_time", c.getIdleSince().toEpochMilli()))
        .build();
  }

  static JsonObject task(Task t, Instant now) {
    TaskQueue queue = t.getTaskQueue();
    JsonObjectBuilder b =
        Jsons.createObjectBuilder()
            .add("account_sid", t.getWorkspace().getAccountSid())
            .add("addons", t.getAddons() == null ? "{}" : t.getAddons())
            .add("age", t.ageSeconds(now))
            .add("assignment_status", t.getAssignmentStatus().wireName())
            .add("attributes", t.getAttributes())
            .add("date_created", seconds(t.getDateCreated()))
            .add("date_updated", seconds(t.getDateUpdated()))
            .add("priority", t.getPriority())
            .add("sid", t.getSid())
            .add("task_channel_sid", t.getTaskChannel().getSid())
            .add("task_channel_unique_name", t.getTaskChannel().getUniqueName())
            .add("timeout", t.getTimeout())
            .add("workflow_name", t.getWorkflow().getFriendlyName())
            .add("workflow_sid", t.getWorkflow().getSid())
            .add("workspace_sid", t.getWorkspace().getSid())
            .add("version", Long.toString(t.getVersion()));
    nullable(b, "queue_name", queue == null ? null : queue.getFriendlyName());
    nullable(b, "queue_sid", queue == null ? null : queue.getSid());
    nullable(b, "reason", t.getReason());
    nullable(b, "routing_target", t.getRoutingTarget());
    Instant start = t.getVirtualStartTime() == null ? t.getDateCreated() : t.getVirtualStartTime();
    return b.add("virtual_start_time", seconds(start)).build();
  }

  /** A reservation with its task nested, as reservation events and lists carry it. */
  static JsonObject reservation(Reservation r, Instant now) {
    return reservation(r, now, null, null);
  }

  /**
   * A reservation with its task nested and, as the SDK reads them, the transfer that brought its
   * task ({@code task_transfer}, for the target's reservation of a transfer task) and the transfer
   * its worker started and that is still under way ({@code active_outgoing_task_transfer}).
   */
  static JsonObject reservation(
      Reservation r, Instant now, TaskTransfer incoming, TaskTransfer outgoing) {
    Instant timeoutAt = r.getTimeoutAt();
    long timeout =
        timeoutAt == null
            ? 0
            : Math.max(0, timeoutAt.getEpochSecond() - r.getDateCreated().getEpochSecond());
    JsonObjectBuilder b =
        Jsons.createObjectBuilder()
            .add("account_sid", r.getTask().getWorkspace().getAccountSid())
            .add("date_created", seconds(r.getDateCreated()))
            .add("date_updated", seconds(r.getDateUpdated()))
            .add("reservation_status", r.getStatus().wireName())
            .add("reservation_timeout", timeout)
            .add("sid", r.getSid())
            .add("task_sid", r.getTask().getSid())
            .add("worker_name", r.getWorker().getFriendlyName())
            .add("worker_sid", r.getWorker().getSid())
            .add("workspace_sid", r.getWorkspaceSid())
            .add("version", Long.toString(r.getVersion()))
            .add("task", task(r.getTask(), now));
    if (incoming != null) {
      b.add("task_transfer", transfer(incoming));
    }
    if (outgoing != null && outgoing.getInitiatingReservationSid().equals(r.getSid())) {
      b.add("active_outgoing_task_transfer", transfer(outgoing));
    }
    return b.build();
  }

  /** A transfer as the SDK's {@code TransferDescriptor} reads it. */
  static JsonObject transfer(TaskTransfer t) {
    return RoutingEvents.transferData(t).build();
  }

  /** An EB list answer: every item at once, so {@code after_sid} is always null. */
  static JsonObject list(List<JsonObject> items) {
    return Jsons.createObjectBuilder()
        .add("contents", Jsons.createArrayBuilder(items))
        .addNull("after_sid")
        .build();
  }

  private static void nullable(JsonObjectBuilder b, String key, String value) {
    if (value == null) {
      b.addNull(key);
    } else {
      b.add(key, value);
    }
  }

  private static long seconds(Instant instant) {
    return instant == null ? 0 : instant.getEpochSecond();
  }
}
