package org.switchboard.bpm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;

/**
 * One step of keeping a user task and its Switchboard task tied, stored as the configuration of a
 * Camunda job ({@link CommandJobHandler}), so it commits or rolls back with the change that caused
 * it and survives a restart.
 *
 * @param op what to do
 * @param taskId the Camunda user task, or external task for the {@code *_EXTERNAL} steps
 * @param sid the Switchboard task (TS…) when known
 * @param value the op's argument: the assignee, the outcome variables as JSON, the cancel reason
 * @param attempt how many times Switchboard could not be reached for this step so far
 */
public record Command(Op op, String taskId, String sid, String value, int attempt)
    implements JobHandlerConfiguration {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The steps. */
  public enum Op {
    /** A routed user task was created: create its Switchboard task. */
    CREATE,
    /** The user task ended in Camunda (completed there, or deleted by the process): end it. */
    CLOSE,
    /** Switchboard: a reservation was accepted; value = the assignee. */
    ASSIGN,
    /** Switchboard: the task was completed; value = the outcome variables as a JSON object. */
    COMPLETE,
    /** Switchboard: the task was canceled or deleted; value = the reason. */
    CANCELED,
    /** An external task was fetched and locked: route it; value = the workflow. */
    ROUTE_EXTERNAL,
    /** Switchboard: an external task's routed task completed; value = the outcome as JSON. */
    COMPLETE_EXTERNAL,
    /** Switchboard: an external task's routed task was canceled; value = the reason. */
    FAIL_EXTERNAL,
    /**
     * The external task no longer exists in Camunda (its instance was deleted, or it was taken by
     * another worker): end its Switchboard task {@code sid}.
     */
    CLOSE_EXTERNAL,
    /**
     * Switchboard: a voice step's task was offered to a worker; value = the reservation (WR…).
     * Answers it with the {@code call} instruction: the worker's phone rings, then the number.
     */
    CALL,
    /**
     * Switchboard: a task was created for an inbound call; taskId = the Switchboard task, value =
     * its attributes (JSON). Starts or correlates a process instance with the message.
     */
    INBOUND_CALL
  }

  Command retried() {
    return new Command(op, taskId, sid, value, attempt + 1);
  }

  @Override
  public String toCanonicalString() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Command parse(String canonical) {
    try {
      return JSON.readValue(canonical, Command.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a Switchboard command: " + canonical, e);
    }
  }
}
