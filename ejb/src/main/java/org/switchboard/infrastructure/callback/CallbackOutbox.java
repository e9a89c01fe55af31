package org.switchboard.infrastructure.callback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.JpaAccountRepository;

/**
 * Writes the callbacks an event calls for into the outbox, in the event's own transaction: an event
 * callback to the workspace's {@code event_callback_url} (when its {@code events_filter} lets the
 * type through), and for {@code reservation.created} an assignment callback to the workflow's
 * {@code assignment_callback_url}. Parameters are TaskRouter's, form-encoded.
 */
@ApplicationScoped
public class CallbackOutbox {

  @PersistenceContext private EntityManager em;
  @Inject private Clock clock;
  @Inject private Event<Queued> queued;
  @Inject private JpaAccountRepository accounts;

  /**
   * Fired when a transaction wrote a callback into the outbox, leased to this server for its first
   * attempt; {@link CallbackPump} sends it once that transaction has committed.
   */
  public record Queued(CallbackStore.Claimed callback) {}

  void onRecorded(@Observes RouterEvent event) {
    Workspace workspace = em.find(Workspace.class, event.getWorkspaceSid());
    if (workspace == null) {
      return;
    }
    String url = workspace.getEventCallbackUrl();
    if (url != null
        && !url.isBlank()
        && passes(workspace.getEventsFilter(), event.getEventType())) {
      queue(
          new OutboundCallback(
              event.getAccountSid(),
              event.getWorkspaceSid(),
              OutboundCallback.Kind.EVENT,
              url,
              null,
              form(eventParameters(event, workspace)),
              event.getReservationSid(),
              clock.instant()));
    }
    if (EventType.RESERVATION_CREATED.is(event)) {
      Reservation reservation = em.find(Reservation.class, event.getReservationSid());
      Workflow workflow = reservation.getTask().getWorkflow();
      String assignmentUrl = workflow.getAssignmentCallbackUrl();
      if (assignmentUrl != null && !assignmentUrl.isBlank()) {
        queue(
            new OutboundCallback(
                event.getAccountSid(),
                event.getWorkspaceSid(),
                OutboundCallback.Kind.ASSIGNMENT,
                assignmentUrl,
                workflow.getFallbackAssignmentCallbackUrl(),
                form(assignmentParameters(event, reservation)),
                reservation.getSid(),
                clock.instant()));
      }
    }
  }

  /**
   * Queues a call status callback (the status callback URL of a {@code conference}, {@code dequeue}
   * or {@code call} instruction) in the caller's transaction: delivered after the commit, retried
   * like an event callback, signed with the account's AuthToken.
   */
  public void callStatus(
      String accountSid,
      String workspaceSid,
      String url,
      Map<String, String> parameters,
      String reservationSid) {
    queue(
        new OutboundCallback(
            accountSid,
            workspaceSid,
            OutboundCallback.Kind.CALL_STATUS,
            url,
            null,
            form(parameters),
            reservationSid,
            clock.instant()));
  }

  /**
   * Stores the callback already leased for its first attempt by this server, and announces it, so
   * that the pump sends it right after the commit without claiming it in a transaction of its own.
   * Should this server stop before sending it, the lease runs out and any server's pump sends it.
   */
  private void queue(OutboundCallback callback) {
    callback.lease(clock.instant(), CallbackStore.LEASE);
    em.persist(callback);
    queued.fire(
        new Queued(
            CallbackStore.Claimed.of(
                callback, accounts.authToken(callback.getAccountSid()).orElse(""))));
  }

  /** A comma-separated {@code events_filter} lets through only the types it names. */
  static boolean passes(String filter, String eventType) {
    if (filter == null || filter.isBlank()) {
      return true;
    }
    return Arrays.stream(filter.split(",")).map(String::trim).anyMatch(eventType::equals);
  }

  /** TaskRouter's event callback: the event's fields plus its data, in PascalCase. */
  static Map<String, String> eventParameters(RouterEvent event, Workspace workspace) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("AccountSid", event.getAccountSid());
    p.put("WorkspaceSid", event.getWorkspaceSid());
    p.put("WorkspaceName", workspace.getFriendlyName());
    p.put("Sid", event.getSid());
    p.put("EventType", event.getEventType());
    p.put("EventDescription", event.getDescription());
    p.put("ResourceType", event.getResourceType());
    p.put("ResourceSid", event.getResourceSid());
    p.put("Timestamp", Long.toString(event.getDateCreated().getEpochSecond()));
    p.put("TimestampMs", Long.toString(event.getDateCreated().toEpochMilli()));
    try (var reader = Jsons.createReader(new StringReader(event.getEventData()))) {
      JsonObject data = reader.readObject();
      data.forEach((key, value) -> p.putIfAbsent(pascal(key), text(value)));
    }
    return p;
  }

  /** TaskRouter's assignment callback parameters. */
  static Map<String, String> assignmentParameters(RouterEvent event, Reservation reservation) {
    Task task = reservation.getTask();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("AccountSid", event.getAccountSid());
    p.put("WorkspaceSid", event.getWorkspaceSid());
    p.put("WorkflowSid", task.getWorkflow().getSid());
    p.put(
        "TaskQueueSid", reservation.getTaskQueueSid() == null ? "" : reservation.getTaskQueueSid());
    p.put("TaskSid", task.getSid());
    p.put("ReservationSid", reservation.getSid());
    p.put("WorkerSid", reservation.getWorker().getSid());
    p.put("TaskAttributes", task.getAttributes());
    p.put("WorkerAttributes", reservation.getWorker().getAttributes());
    p.put("TaskAge", Long.toString(task.ageSeconds(event.getDateCreated())));
    p.put("TaskPriority", Integer.toString(task.getPriority()));
    p.put("TaskChannelSid", task.getTaskChannel().getSid());
    p.put("TaskChannelUniqueName", task.getTaskChannel().getUniqueName());
    return p;
  }

  static String form(Map<String, String> parameters) {
    StringJoiner body = new StringJoiner("&");
    parameters.forEach(
        (name, value) ->
            body.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)));
    return body.toString();
  }

  /** {@code task_queue_sid} → {@code TaskQueueSid}. */
  static String pascal(String snake) {
    StringBuilder out = new StringBuilder();
    for (String part : snake.split("_")) {
      if (!part.isEmpty()) {
        out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return out.toString();
  }

  private static String text(JsonValue value) {
    if (value instanceof JsonString s) {
      return s.getString();
    }
    if (value instanceof JsonNumber n) {
      return n.toString();
    }
    return value == JsonValue.NULL ? "" : value.toString();
  }
}
