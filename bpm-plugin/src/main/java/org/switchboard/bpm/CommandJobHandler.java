package org.switchboard.bpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutorContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.runtime.Execution;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.switchboard.bpm.SwitchboardClient.UnavailableException;

/**
 * Executes one {@link Command} in a job of its own. Steps that talk to Switchboard and find it
 * unreachable store themselves again, due after a backoff (1 s doubling up to {@code
 * retryMaxSeconds}), and never run out of retries; any other failure is Camunda's usual failed job
 * (retries, then an incident in Cockpit). Every step is idempotent: it reads the state first, so
 * running it twice changes nothing more.
 */
final class CommandJobHandler implements JobHandler<Command> {

  static final String TYPE = "switchboard-command";
  private static final Logger LOG = Logger.getLogger(CommandJobHandler.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SwitchboardPlugin plugin;

  CommandJobHandler(SwitchboardPlugin plugin) {
    this.plugin = plugin;
  }

  @Override
  public String getType() {
    return TYPE;
  }

  @Override
  public Command newConfiguration(String canonicalString) {
    return Command.parse(canonicalString);
  }

  @Override
  public void onDelete(Command configuration, JobEntity jobEntity) {
    // nothing kept outside the job
  }

  @Override
  public void execute(
      Command command, ExecutionEntity execution, CommandContext context, String tenantId) {
    try {
      switch (command.op()) {
        case CREATE -> create(command, context);
        case CLOSE -> close(command);
        case ASSIGN -> assign(command, context);
        case COMPLETE -> complete(command, context);
        case CANCELED -> canceled(command, context);
        case ROUTE_EXTERNAL -> routeExternal(command, context);
        case COMPLETE_EXTERNAL -> completeExternal(command, context);
        case FAIL_EXTERNAL -> failExternal(command, context);
        case CLOSE_EXTERNAL -> closeExternal(command);
        case CALL -> call(command, context);
        case INBOUND_CALL -> inboundCall(command, context);
      }
    } catch (UnavailableException e) {
      LOG.info(
          () ->
              "Switchboard unavailable for "
                  + command.op()
                  + " of task "
                  + command.taskId()
                  + " (attempt "
                  + (command.attempt() + 1)
                  + "), trying again later: "
                  + e.getMessage());
      Outbox.sendAt(context, command.retried(), plugin.retryDue(command.attempt()));
    }
  }

  private void create(Command command, CommandContext context) {
    TaskEntity task = context.getTaskManager().findTaskById(command.taskId());
    SwitchboardTaskListener listener = task == null ? null : listenerOf(task);
    boolean mayHavePosted = command.attempt() > 0 || retriedByCamunda();
    if (listener == null) {
      // The user task ended before it was routed. If an earlier attempt's POST got through,
      // its Switchboard task must not stay behind.
      if (mayHavePosted && command.value() != null) {
        Outbox.send(
            context, new Command(Command.Op.CLOSE, command.taskId(), null, command.value(), 0));
      }
      return;
    }
    if (task.getVariableLocal(SwitchboardTaskListener.SID_VARIABLE) != null) {
      return;
    }
    TaskSettings settings = listener.settings();
    String sid =
        mayHavePosted
            ? plugin.client().findTaskByCamundaTask(settings.workflowSid(), task.getId())
            : null;
    if (sid == null) {
      sid =
          plugin
              .client()
              .createTask(
                  "WorkflowSid",
                  settings.workflowSid(),
                  "Attributes",
                  attributes(task, settings, context),
                  "Priority",
                  Integer.toString(task.getPriority()),
                  "TaskChannel",
                  settings.taskChannel(),
                  "Timeout",
                  settings.timeoutSeconds());
    }
    task.setVariableLocal(SwitchboardTaskListener.SID_VARIABLE, sid);
    // Bumps the task's revision: a deletion of the task committing meanwhile (a boundary event)
    // makes this transaction fail, and its retry, finding the task gone, cancels what it created.
    context.getDbEntityManager().forceUpdate(task);
  }

  /** The Switchboard task's attributes: what a workflow and a worker need to see. */
  private String attributes(TaskEntity task, TaskSettings settings, CommandContext context) {
    ObjectNode attributes = JSON.createObjectNode();
    ObjectNode camunda = attributes.putObject("camunda");
    camunda.put("task_id", task.getId());
    camunda.put("process_instance_id", task.getProcessInstanceId());
    camunda.put("process_definition_id", task.getProcessDefinitionId());
    camunda.put("task_definition_key", task.getTaskDefinitionKey());
    camunda.put("engine", context.getProcessEngineConfiguration().getProcessEngineName());
    if (task.getName() != null) {
      attributes.put("name", task.getName());
    }
    ArrayNode groups = attributes.putArray("candidate_groups");
    ArrayNode users = attributes.putArray("candidate_users");
    for (IdentityLink link : task.getCandidates()) {
      if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null) {
        groups.add(link.getGroupId());
      } else if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getUserId() != null) {
        users.add(link.getUserId());
      }
    }
    if (task.getDueDate() != null) {
      attributes.put("due_date", task.getDueDate().toInstant().toString());
    }
    if (settings.placesCall()) {
      // Who the worker will call, for the worker to see (the number is read again when calling).
      ObjectNode call = attributes.putObject("outbound_call");
      String number = evaluate(settings.callTo(), task);
      if (number != null) {
        call.put("number", number);
      }
      String callerId = evaluate(settings.callFrom(), task);
      if (callerId != null) {
        call.put("caller_id", callerId);
      }
    }
    for (String name : settings.variables()) {
      // An unset variable is left out rather than sent as null: workflows test for presence.
      Object value = task.getVariable(name);
      if (value != null) {
        attributes.set(name, toJson(value));
      }
    }
    return attributes.toString();
  }

  /**
   * A property's value for this task: a literal, or an expression such as {@code ${phone}}
   * evaluated against the task's variables; null when unset or blank.
   */
  static String evaluate(String value, TaskEntity task) {
    if (value == null) {
      return null;
    }
    Object result =
        Context.getProcessEngineConfiguration()
            .getExpressionManager()
            .createExpression(value)
            .getValue(task);
    String text = result == null ? null : result.toString().trim();
    return text == null || text.isEmpty() ? null : text;
  }

  private static JsonNode toJson(Object value) {
    try {
      return JSON.valueToTree(value);
    } catch (IllegalArgumentException e) {
      return JSON.getNodeFactory().textNode(String.valueOf(value));
    }
  }

  private void close(Command command) {
    close(command, "user task completed in Camunda", "user task ended in Camunda");
  }

  private void closeExternal(Command command) {
    close(command, "external task ended in Camunda", "external task ended in Camunda");
  }

  /**
   * Ends the Switchboard task of a Camunda task that ended: completed if a worker has it (an
   * assigned task cannot be canceled), canceled if it still waits.
   */
  private void close(Command command, String completedReason, String canceledReason) {
    SwitchboardClient client = plugin.client();
    String sid = command.sid();
    if (sid == null && command.value() != null) {
      sid = client.findTaskByCamundaTask(command.value(), command.taskId());
    }
    if (sid == null) {
      return;
    }
    JsonNode task = client.task(sid);
    if (task == null) {
      return;
    }
    switch (task.path("assignment_status").asText()) {
      case "assigned", "wrapping" ->
          client.updateTask(sid, "AssignmentStatus", "completed", "Reason", completedReason);
      case "pending", "reserved" ->
          client.updateTask(sid, "AssignmentStatus", "canceled", "Reason", canceledReason);
      default -> {
        // completed or canceled already
      }
    }
  }

  private void assign(Command command, CommandContext context) {
    TaskEntity task = context.getTaskManager().findTaskById(command.taskId());
    if (task == null || command.value() == null || command.value().equals(task.getAssignee())) {
      return;
    }
    plugin.applyingSwitchboardChange(
        command.taskId(), () -> taskService(context).setAssignee(task.getId(), command.value()));
  }

  private void complete(Command command, CommandContext context) {
    TaskEntity task = context.getTaskManager().findTaskById(command.taskId());
    if (task == null) {
      return;
    }
    Map<String, Object> variables = outcome(command);
    plugin.applyingSwitchboardChange(
        command.taskId(), () -> taskService(context).complete(task.getId(), variables));
  }

  /** The outcome a worker recorded on the Switchboard task, as process variables. */
  private static Map<String, Object> outcome(Command command) {
    Map<String, Object> variables = new LinkedHashMap<>();
    try {
      JsonNode outcome = command.value() == null ? null : JSON.readTree(command.value());
      if (outcome != null && outcome.isObject()) {
        outcome.fields().forEachRemaining(f -> variables.put(f.getKey(), fromJson(f.getValue())));
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("outcome is not JSON: " + command.value(), e);
    }
    return variables;
  }

  private static Object fromJson(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    } else if (value.isBoolean()) {
      return value.asBoolean();
    } else if (value.isIntegralNumber()) {
      return value.canConvertToInt() ? (Object) value.asInt() : (Object) value.asLong();
    } else if (value.isNumber()) {
      return value.asDouble();
    } else if (value.isNull()) {
      return null;
    }
    return value.toString();
  }

  private void canceled(Command command, CommandContext context) {
    TaskEntity task = context.getTaskManager().findTaskById(command.taskId());
    SwitchboardTaskListener listener = task == null ? null : listenerOf(task);
    if (listener == null) {
      return;
    }
    String errorCode = listener.settings().onCancelErrorCode();
    if (errorCode == null) {
      task.setVariableLocal("switchboardCanceledReason", command.value());
      return;
    }
    plugin.applyingSwitchboardChange(
        command.taskId(),
        () -> taskService(context).handleBpmnError(task.getId(), errorCode, command.value()));
  }

  /**
   * The voice step: the worker offered the task is answered for with TaskRouter's {@code call}
   * instruction ({@code CallUrl} = {@code tel:<number>}, {@code CallFrom} = the caller id), so
   * Asterisk rings the worker's phone ({@code contact_uri}) and, once answered, the dialplan's
   * {@code switchboard-call} context dials the number. The reservation is accepted by it; one that
   * was answered, rescinded or timed out meanwhile (404/409) is left alone.
   */
  private void call(Command command, CommandContext context) {
    TaskEntity task = context.getTaskManager().findTaskById(command.taskId());
    SwitchboardTaskListener listener = task == null ? null : listenerOf(task);
    if (listener == null || !listener.settings().placesCall() || command.sid() == null) {
      return;
    }
    String number = evaluate(listener.settings().callTo(), task);
    if (number == null) {
      LOG.warning(
          () ->
              "User task "
                  + task.getId()
                  + ": "
                  + TaskSettings.CALL_TO
                  + " gives no number; reservation "
                  + command.value()
                  + " is left for the worker to answer");
      return;
    }
    plugin
        .client()
        .answerReservation(
            command.sid(),
            command.value(),
            "Instruction",
            "call",
            "CallUrl",
            "tel:" + number.replaceAll("\\s", ""),
            "CallFrom",
            evaluate(listener.settings().callFrom(), task),
            // TaskRouter's call instruction leaves the reservation pending unless told to accept
            "CallAccept",
            "true");
  }

  /**
   * An inbound call Switchboard made a task of: correlates the message {@code inboundCallMessage}
   * with the call's attributes as variables ({@code call_sid}, {@code call_from}, {@code call_to},
   * … and {@code switchboardTaskSid}). With {@code inboundCallCorrelation} ({@code
   * attribute=variable}) it goes to the instances waiting for the message whose variable equals the
   * call's attribute; otherwise, or when none waits, it starts an instance at the message start
   * event, with the call's sid as business key. A call already handed to a process (an event read
   * twice) is not handed again.
   */
  private void inboundCall(Command command, CommandContext context) {
    JsonNode attributes;
    try {
      attributes = JSON.readTree(command.value());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("not JSON: " + command.value(), e);
    }
    String callSid = attributes.path("call_sid").asText(null);
    var configuration = context.getProcessEngineConfiguration();
    var runtime = configuration.getRuntimeService();
    if (callSid == null
        || runtime.createVariableInstanceQuery().variableValueEquals("call_sid", callSid).count()
            > 0
        || configuration
                .getHistoryService()
                .createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(callSid)
                .count()
            > 0) {
      return;
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    attributes
        .fields()
        .forEachRemaining(
            f ->
                variables.put(
                    f.getKey().startsWith("call_") ? f.getKey() : "call_" + f.getKey(),
                    fromJson(f.getValue())));
    variables.put(SwitchboardTaskListener.SID_VARIABLE, command.taskId());
    String message = plugin.inboundCallMessage();
    String[] correlation = plugin.inboundCallCorrelation();
    if (correlation != null) {
      String key = attributes.path(correlation[0]).asText(null);
      List<String> waiting =
          key == null
              ? List.of()
              : runtime
                  .createExecutionQuery()
                  .messageEventSubscriptionName(message)
                  .processVariableValueEquals(correlation[1], key)
                  .list()
                  .stream()
                  .map(Execution::getProcessInstanceId)
                  .distinct()
                  .toList();
      // one instance at a time: correlateAll would start an instance at the start event too
      for (String instance : waiting) {
        runtime
            .createMessageCorrelation(message)
            .processInstanceId(instance)
            .setVariables(variables)
            .correlateWithResult();
      }
      if (!waiting.isEmpty()) {
        return;
      }
    }
    try {
      runtime
          .createMessageCorrelation(message)
          .processInstanceBusinessKey(callSid)
          .setVariables(variables)
          .startMessageOnly()
          .correlateStartMessage();
    } catch (MismatchingMessageCorrelationException e) {
      LOG.info(
          () ->
              "Inbound call "
                  + callSid
                  + ": no process waits for or starts with the message "
                  + message
                  + "; "
                  + e.getMessage());
    }
  }

  private void routeExternal(Command command, CommandContext context) {
    ExternalTaskEntity task = heldExternalTask(command, context);
    boolean mayHavePosted = command.attempt() > 0 || retriedByCamunda();
    if (task == null) {
      if (mayHavePosted) {
        Outbox.send(
            context, new Command(Command.Op.CLOSE, command.taskId(), null, command.value(), 0));
      }
      return;
    }
    ExecutionEntity execution = task.getExecution();
    if (execution.getVariableLocal(SwitchboardTaskListener.SID_VARIABLE) != null) {
      return;
    }
    String sid =
        mayHavePosted ? plugin.client().findTaskByCamundaTask(command.value(), task.getId()) : null;
    if (sid == null) {
      ObjectNode attributes = JSON.createObjectNode();
      ObjectNode camunda = attributes.putObject("camunda");
      camunda.put("task_id", task.getId());
      camunda.put("kind", "external_task");
      camunda.put("topic", task.getTopicName());
      camunda.put("process_instance_id", task.getProcessInstanceId());
      camunda.put("activity_id", task.getActivityId());
      camunda.put("engine", context.getProcessEngineConfiguration().getProcessEngineName());
      if (task.getBusinessKey() != null) {
        attributes.put("business_key", task.getBusinessKey());
      }
      for (String name : plugin.externalTaskVariables()) {
        Object value = execution.getVariable(name);
        if (value != null) {
          attributes.set(name, toJson(value));
        }
      }
      sid =
          plugin
              .client()
              .createTask(
                  "WorkflowSid",
                  command.value(),
                  "Attributes",
                  attributes.toString(),
                  "Priority",
                  Long.toString(task.getPriority()));
    }
    execution.setVariableLocal(SwitchboardTaskListener.SID_VARIABLE, sid);
  }

  private void completeExternal(Command command, CommandContext context) {
    if (heldExternalTask(command, context) != null) {
      context
          .getProcessEngineConfiguration()
          .getExternalTaskService()
          .complete(command.taskId(), ExternalTaskBridge.WORKER_ID, outcome(command));
    }
  }

  /** The external task, if it still waits and Switchboard holds it (else a repeat: no-op). */
  private static ExternalTaskEntity heldExternalTask(Command command, CommandContext context) {
    ExternalTaskEntity task =
        context.getExternalTaskManager().findExternalTaskById(command.taskId());
    return task == null || !ExternalTaskBridge.WORKER_ID.equals(task.getWorkerId()) ? null : task;
  }

  private void failExternal(Command command, CommandContext context) {
    ExternalTaskEntity task = heldExternalTask(command, context);
    if (task == null) {
      return;
    }
    // No retries left: an incident in Cockpit, for an operator to retry or resolve.
    context
        .getProcessEngineConfiguration()
        .getExternalTaskService()
        .handleFailure(
            task.getId(),
            ExternalTaskBridge.WORKER_ID,
            "Switchboard task canceled: " + command.value(),
            0,
            0);
  }

  private static TaskService taskService(CommandContext context) {
    return context.getProcessEngineConfiguration().getTaskService();
  }

  static SwitchboardTaskListener listenerOf(TaskEntity task) {
    if (task.getTaskDefinition() == null) {
      return null;
    }
    return task
        .getTaskDefinition()
        .getBuiltinTaskListenersForEvent(TaskListener.EVENTNAME_CREATE)
        .stream()
        .filter(SwitchboardTaskListener.class::isInstance)
        .map(SwitchboardTaskListener.class::cast)
        .findFirst()
        .orElse(null);
  }

  /** Whether Camunda runs this job again after a failure (its transaction may have posted). */
  private static boolean retriedByCamunda() {
    JobExecutorContext executor = Context.getJobExecutorContext();
    return executor == null
        || executor.getCurrentJob() == null
        || executor.getCurrentJob().getRetries() < JobEntity.DEFAULT_RETRIES;
  }
}
