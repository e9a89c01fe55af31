package org.switchboard.bpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.MessageEntity;

/**
 * Reconciles the external-task bridge with Camunda: a recurring job (due every {@code
 * reconcileIntervalSeconds}, apart from the bridge's own so that listing tasks never delays a lock
 * extension) that lists the Switchboard tasks of this engine's external tasks that have not ended
 * (pending, reserved, assigned), looks each up in Camunda, and ends those whose external task no
 * longer exists (its instance was deleted, migrated or modified away: external tasks have no delete
 * listener) or is held by another worker, with a {@link Command.Op#CLOSE_EXTERNAL}. Switchboard
 * being unreachable only postpones it to the next time.
 */
final class ExternalTaskReconciler implements JobHandler<EventPollJobHandler.Tick> {

  static final String TYPE = "switchboard-reconcile";
  private static final Logger LOG = Logger.getLogger(ExternalTaskReconciler.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SwitchboardPlugin plugin;

  ExternalTaskReconciler(SwitchboardPlugin plugin) {
    this.plugin = plugin;
  }

  @Override
  public String getType() {
    return TYPE;
  }

  @Override
  public EventPollJobHandler.Tick newConfiguration(String canonicalString) {
    return new EventPollJobHandler.Tick(
        canonicalString == null ? 0 : Integer.parseInt(canonicalString));
  }

  @Override
  public void onDelete(EventPollJobHandler.Tick configuration, JobEntity jobEntity) {
    // nothing kept outside the job
  }

  @Override
  public void execute(
      EventPollJobHandler.Tick tick,
      ExecutionEntity execution,
      CommandContext context,
      String tenantId) {
    if (plugin.getReconcileIntervalSeconds() <= 0 || plugin.externalTaskTopics().isEmpty()) {
      return; // switched off since this job was stored: it ends here
    }
    try {
      reconcile(context);
    } catch (SwitchboardClient.UnavailableException e) {
      LOG.fine(() -> "Switchboard unavailable for reconciling external tasks: " + e);
    }
    schedule(context, plugin);
  }

  private void reconcile(CommandContext context) {
    String engine = context.getProcessEngineConfiguration().getProcessEngineName();
    String expression =
        "camunda.kind == \"external_task\" AND camunda.engine == \""
            + engine.replace("\"", "")
            + "\"";
    Map<String, String> open = new LinkedHashMap<>();
    String next = null;
    do {
      JsonNode page = plugin.client().openTasks(expression, next);
      for (JsonNode task : page.path("tasks")) {
        String taskId = externalTaskId(task.path("attributes").asText("{}"));
        if (taskId != null) {
          open.put(taskId, task.path("sid").asText());
        }
      }
      next = page.path("meta").path("next_page_url").asText(null);
    } while (next != null && !next.isEmpty());
    if (open.isEmpty()) {
      return;
    }
    ExternalTaskService service = context.getProcessEngineConfiguration().getExternalTaskService();
    Set<String> held = new HashSet<>();
    List<String> ids = List.copyOf(open.keySet());
    for (int i = 0; i < ids.size(); i += 500) {
      service
          .createExternalTaskQuery()
          .externalTaskIdIn(new HashSet<>(ids.subList(i, Math.min(ids.size(), i + 500))))
          .workerId(ExternalTaskBridge.WORKER_ID)
          .list()
          .forEach(t -> held.add(t.getId()));
    }
    List<String> orphans = new ArrayList<>();
    open.forEach(
        (taskId, sid) -> {
          if (!held.contains(taskId)) {
            orphans.add(sid);
            Outbox.send(context, new Command(Command.Op.CLOSE_EXTERNAL, taskId, sid, null, 0));
          }
        });
    if (!orphans.isEmpty()) {
      LOG.info(
          () ->
              "External tasks gone from Camunda (or held by another worker): ending their"
                  + " Switchboard tasks "
                  + orphans);
    }
  }

  private static String externalTaskId(String attributes) {
    try {
      JsonNode camunda = JSON.readTree(attributes).path("camunda");
      return camunda.path("kind").asText("").equals("external_task")
              && camunda.hasNonNull("task_id")
          ? camunda.path("task_id").asText()
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The next pass, {@code reconcileIntervalSeconds} from now. */
  static void schedule(CommandContext context, SwitchboardPlugin plugin) {
    schedule(
        context,
        Date.from(plugin.clock().instant().plusSeconds(plugin.getReconcileIntervalSeconds())));
  }

  static void schedule(CommandContext context, Date due) {
    MessageEntity job = new MessageEntity();
    job.setJobHandlerType(TYPE);
    job.setJobHandlerConfiguration(new EventPollJobHandler.Tick(0));
    job.setDuedate(due);
    context.getJobManager().send(job);
  }
}
