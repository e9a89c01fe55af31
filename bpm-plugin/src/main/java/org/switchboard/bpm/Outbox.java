package org.switchboard.bpm;

import java.util.Date;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.MessageEntity;

/**
 * Stores a {@link Command} as a Camunda message job in the current transaction. The job belongs to
 * no execution, so deleting the process instance does not delete it (the cancel it carries must
 * still reach Switchboard).
 */
final class Outbox {

  private Outbox() {}

  static void send(CommandContext context, Command command) {
    sendAt(context, command, null);
  }

  /** The command, due at {@code due} (null: at once). */
  static void sendAt(CommandContext context, Command command, Date due) {
    MessageEntity message = new MessageEntity();
    message.setJobHandlerType(CommandJobHandler.TYPE);
    message.setJobHandlerConfiguration(command);
    message.setDuedate(due);
    context.getJobManager().send(message);
  }
}
