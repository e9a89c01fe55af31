package org.switchboard.bpm;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;

/**
 * Attached by {@link SwitchboardParseListener} to each routed user task definition (one instance
 * per definition, holding its {@link TaskSettings}). It only records what to tell Switchboard, as a
 * job in the same transaction; {@link CommandJobHandler} says it after commit.
 *
 * <ul>
 *   <li>{@code create}: create the Switchboard task;
 *   <li>{@code complete} (in Camunda's task list, not by Switchboard) and {@code delete} (a
 *       boundary event, the instance deleted or migrated away): end the Switchboard task.
 * </ul>
 */
public final class SwitchboardTaskListener implements TaskListener {

  /** The task variable (local) holding the Switchboard task's sid once it is created. */
  public static final String SID_VARIABLE = "switchboardTaskSid";

  private final TaskSettings settings;
  private final SwitchboardPlugin plugin;

  SwitchboardTaskListener(TaskSettings settings, SwitchboardPlugin plugin) {
    this.settings = settings;
    this.plugin = plugin;
  }

  public TaskSettings settings() {
    return settings;
  }

  @Override
  public void notify(DelegateTask task) {
    switch (task.getEventName()) {
      case EVENTNAME_CREATE ->
          Outbox.send(
              Context.getCommandContext(),
              new Command(Command.Op.CREATE, task.getId(), null, settings.workflowSid(), 0));
      case EVENTNAME_COMPLETE, EVENTNAME_DELETE -> {
        if (!plugin.isApplyingSwitchboardChange(task.getId())) {
          Object sid = task.getVariableLocal(SID_VARIABLE);
          Outbox.send(
              Context.getCommandContext(),
              new Command(
                  Command.Op.CLOSE,
                  task.getId(),
                  sid == null ? null : sid.toString(),
                  settings.workflowSid(),
                  0));
        }
      }
      default -> {
        // assignment, update, timeout: nothing to tell Switchboard
      }
    }
  }
}
