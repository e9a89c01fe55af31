package org.switchboard.bpm;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.MessageEntity;

/**
 * The job-worker bridge: Switchboard as the worker of external tasks. A recurring job (like the
 * events poll) that, for each configured topic, {@code fetchAndLock}s the external tasks waiting
 * under the worker id {@value #WORKER_ID} and stores a {@link Command.Op#ROUTE_EXTERNAL} command
 * for each, and extends the lock of every task it holds whose lock runs out within half the lock
 * duration. When the routed task ends, the events poll stores {@link Command.Op#COMPLETE_EXTERNAL}
 * or {@link Command.Op#FAIL_EXTERNAL}.
 *
 * <p>A task whose lock ran out anyway (the engine was down) is fetched again; routing it finds its
 * Switchboard task in the execution's {@code switchboardTaskSid} variable and routes nothing.
 */
final class ExternalTaskBridge implements JobHandler<EventPollJobHandler.Tick> {

  static final String TYPE = "switchboard-external-tasks";
  static final String WORKER_ID = "switchboard";
  private static final Logger LOG = Logger.getLogger(ExternalTaskBridge.class.getName());

  private final SwitchboardPlugin plugin;

  ExternalTaskBridge(SwitchboardPlugin plugin) {
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
    ExternalTaskService service = context.getProcessEngineConfiguration().getExternalTaskService();
    long lock = plugin.getExternalTaskLockMillis();
    Date now = Date.from(plugin.clock().instant());
    for (Map.Entry<String, String> topic : plugin.externalTaskTopics().entrySet()) {
      List<ExternalTask> expiring =
          service
              .createExternalTaskQuery()
              .topicName(topic.getKey())
              .workerId(WORKER_ID)
              .lockExpirationAfter(now)
              .lockExpirationBefore(new Date(now.getTime() + lock / 2))
              .list();
      for (ExternalTask task : expiring) {
        service.extendLock(task.getId(), WORKER_ID, lock);
      }
      List<LockedExternalTask> fetched =
          service
              .fetchAndLock(plugin.getExternalTaskMaxTasks(), WORKER_ID)
              .topic(topic.getKey(), lock)
              .variables(plugin.externalTaskVariables())
              .execute();
      for (LockedExternalTask task : fetched) {
        Outbox.send(
            context,
            new Command(Command.Op.ROUTE_EXTERNAL, task.getId(), null, topic.getValue(), 0));
      }
      if (!fetched.isEmpty() || !expiring.isEmpty()) {
        LOG.fine(
            () -> topic.getKey() + ": fetched " + fetched.size() + ", extended " + expiring.size());
      }
    }
    schedule(context, plugin.nextPollDue());
  }

  static void schedule(CommandContext context, Date due) {
    MessageEntity job = new MessageEntity();
    job.setJobHandlerType(TYPE);
    job.setJobHandlerConfiguration(new EventPollJobHandler.Tick(0));
    job.setDuedate(due);
    context.getJobManager().send(job);
  }
}
