package org.switchboard.bpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.MessageEntity;
import org.camunda.bpm.engine.impl.persistence.entity.PropertyEntity;
import org.switchboard.bpm.SwitchboardClient.UnavailableException;

/**
 * Learns what happened in Switchboard by reading its Events list, and turns each event about a task
 * of this engine into a {@link Command} job. One recurring job (it stores its successor, due {@code
 * pollIntervalMillis} later) so only one engine node of a cluster polls at a time.
 *
 * <p>The cursor (the newest event date seen) is an engine property ({@code ACT_GE_PROPERTY}),
 * written in the same transaction as the jobs the events became: either both commit or neither, and
 * a restart resumes where the last committed poll ended. Each poll reads from the cursor minus
 * {@code eventOverlapSeconds}, because an event's date is taken before its transaction commits; the
 * commands are idempotent, and the event sids already turned into jobs are remembered (in memory)
 * so an overlap does not store them twice.
 */
final class EventPollJobHandler implements JobHandler<EventPollJobHandler.Tick> {

  static final String TYPE = "switchboard-poll";
  static final String RESERVATION_CREATED = "reservation.created";

  /** The event types read; {@value #RESERVATION_CREATED} only where voice steps exist. */
  static final List<String> EVENT_TYPES =
      List.of(
          RESERVATION_CREATED,
          "reservation.accepted",
          "task.completed",
          "task.canceled",
          "task.deleted");

  /** Read as well when inbound calls are handed to processes. */
  static final String TASK_CREATED = "task.created";

  private static final Logger LOG = Logger.getLogger(EventPollJobHandler.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The poll job's configuration: how many polls in a row failed. */
  record Tick(int failures) implements JobHandlerConfiguration {
    @Override
    public String toCanonicalString() {
      return Integer.toString(failures);
    }
  }

  private final SwitchboardPlugin plugin;

  EventPollJobHandler(SwitchboardPlugin plugin) {
    this.plugin = plugin;
  }

  @Override
  public String getType() {
    return TYPE;
  }

  @Override
  public Tick newConfiguration(String canonicalString) {
    return new Tick(canonicalString == null ? 0 : Integer.parseInt(canonicalString));
  }

  @Override
  public void onDelete(Tick configuration, JobEntity jobEntity) {
    // nothing kept outside the job
  }

  @Override
  public void execute(Tick tick, ExecutionEntity execution, CommandContext context, String tenant) {
    String engine = context.getProcessEngineConfiguration().getProcessEngineName();
    PropertyEntity cursor =
        context.getPropertyManager().findPropertyById(plugin.cursorPropertyName());
    Instant newest =
        cursor == null
            ? plugin.clock().instant().minusSeconds(plugin.getEventOverlapSeconds())
            : Instant.parse(cursor.getValue());
    String start = newest.minusSeconds(plugin.getEventOverlapSeconds()).toString();
    List<String> handled = new ArrayList<>();
    List<String> types = new ArrayList<>(EVENT_TYPES);
    // Reservations concern only voice steps: read once a definition with one was parsed here, or
    // ever was (the engine property survives restarts, when definitions are parsed lazily).
    PropertyEntity voice =
        context.getPropertyManager().findPropertyById(plugin.voicePropertyName());
    if (plugin.voiceSteps() && voice == null) {
      context.getDbEntityManager().insert(new PropertyEntity(plugin.voicePropertyName(), "true"));
    } else if (voice == null) {
      types.remove(RESERVATION_CREATED);
    }
    if (plugin.inboundCallMessage() != null) {
      types.add(TASK_CREATED);
    }
    try {
      for (String type : types) {
        String next = null;
        do {
          JsonNode page = plugin.client().events(start, type, next);
          for (JsonNode event : page.path("events")) {
            Instant date = Instant.parse(event.path("event_date").asText());
            if (date.isAfter(newest)) {
              newest = date;
            }
            String sid = event.path("sid").asText();
            if (!plugin.alreadyHandled(sid)) {
              handled.add(sid);
              commandFor(type, event, engine, plugin).ifPresent(c -> Outbox.send(context, c));
            }
          }
          next = page.path("meta").path("next_page_url").asText(null);
        } while (next != null && !next.isEmpty());
      }
    } catch (UnavailableException e) {
      LOG.info(() -> "Switchboard unavailable for the events poll, trying again later: " + e);
      schedule(context, new Tick(tick.failures() + 1), plugin.retryDue(tick.failures()));
      return;
    }
    if (cursor == null) {
      context
          .getDbEntityManager()
          .insert(new PropertyEntity(plugin.cursorPropertyName(), newest.toString()));
    } else {
      cursor.setValue(newest.toString());
    }
    context
        .getTransactionContext()
        .addTransactionListener(TransactionState.COMMITTED, c -> plugin.handled(handled));
    schedule(context, new Tick(0), plugin.nextPollDue());
  }

  /**
   * The command an event calls for: if it is about a task of this engine, or, for {@code
   * task.created}, about an inbound call to hand to a process.
   */
  static Optional<Command> commandFor(
      String type, JsonNode event, String engine, SwitchboardPlugin plugin) {
    JsonNode data = event.path("event_data");
    JsonNode attributes = data.path("task_attributes");
    if (attributes.isTextual()) {
      try {
        attributes = JSON.readTree(attributes.asText());
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    if (type.equals(TASK_CREATED)) {
      boolean inboundCall =
          attributes.hasNonNull("call_sid")
              && !attributes.has("camunda")
              && plugin.handsInboundCallsOf(data.path("workflow_sid").asText(""));
      return inboundCall
          ? Optional.of(
              new Command(
                  Command.Op.INBOUND_CALL,
                  data.path("task_sid").asText(),
                  data.path("task_sid").asText(),
                  attributes.toString(),
                  0))
          : Optional.empty();
    }
    JsonNode camunda = attributes.path("camunda");
    if (!camunda.path("engine").asText("").equals(engine) || !camunda.hasNonNull("task_id")) {
      return Optional.empty();
    }
    String taskId = camunda.path("task_id").asText();
    String sid = data.path("task_sid").asText(null);
    if (camunda.path("kind").asText("").equals("external_task")) {
      return switch (type) {
        case "reservation.created", "reservation.accepted" -> Optional.empty();
        case "task.completed" ->
            Optional.of(
                new Command(Command.Op.COMPLETE_EXTERNAL, taskId, sid, outcome(attributes), 0));
        default ->
            Optional.of(new Command(Command.Op.FAIL_EXTERNAL, taskId, sid, reason(event, data), 0));
      };
    }
    if (type.equals("reservation.created")) {
      // only a voice step answers its reservations (with the call instruction)
      return attributes.has("outbound_call")
          ? Optional.of(
              new Command(
                  Command.Op.CALL, taskId, sid, data.path("reservation_sid").asText(null), 0))
          : Optional.empty();
    }
    Command command =
        switch (type) {
          case "reservation.accepted" ->
              new Command(Command.Op.ASSIGN, taskId, sid, assignee(data), 0);
          case "task.completed" ->
              new Command(Command.Op.COMPLETE, taskId, sid, outcome(attributes), 0);
          default -> new Command(Command.Op.CANCELED, taskId, sid, reason(event, data), 0);
        };
    return Optional.of(command);
  }

  private static String outcome(JsonNode attributes) {
    return attributes.path("outcome").isObject() ? attributes.path("outcome").toString() : null;
  }

  private static String reason(JsonNode event, JsonNode data) {
    return data.path("task_canceled_reason").asText(event.path("description").asText());
  }

  /** The worker's {@code camunda_user} attribute, else its friendly name. */
  private static String assignee(JsonNode data) {
    JsonNode attributes = data.path("worker_attributes");
    if (attributes.isTextual()) {
      try {
        attributes = JSON.readTree(attributes.asText());
      } catch (IOException e) {
        attributes = JSON.createObjectNode();
      }
    }
    return attributes.path("camunda_user").asText(data.path("worker_name").asText(null));
  }

  static void schedule(CommandContext context, java.util.Date due) {
    schedule(context, new Tick(0), due);
  }

  static void schedule(CommandContext context, Tick tick, java.util.Date due) {
    MessageEntity job = new MessageEntity();
    job.setJobHandlerType(TYPE);
    job.setJobHandlerConfiguration(tick);
    job.setDuedate(due);
    context.getJobManager().send(job);
  }
}
