package org.switchboard.bpm;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one user task definition is routed, read from its {@code camunda:property} extension
 * properties. A user task without {@code switchboard.workflowSid} is not routed.
 *
 * @param workflowSid the Switchboard workflow its tasks enter ({@code switchboard.workflowSid})
 * @param variables process variables copied into the task's attributes ({@code
 *     switchboard.variables}, comma-separated)
 * @param taskChannel the TaskChannel unique name, or null for Switchboard's default ({@code
 *     switchboard.taskChannel})
 * @param onCancel what a Switchboard task that is canceled (or times out) does to the user task:
 *     null leaves it for the process, otherwise the BPMN error code raised on it ({@code
 *     switchboard.onCancel} = {@code leave} or {@code error:<code>})
 * @param timeoutSeconds the Switchboard task's TTL in seconds, or null for Switchboard's default
 *     ({@code switchboard.timeout})
 * @param callTo the voice step: the number the accepting worker's call goes to, a literal or an
 *     expression such as {@code ${phone}} ({@code switchboard.callTo}); null for a task that places
 *     no call
 * @param callFrom the caller id of that call, a literal or an expression ({@code
 *     switchboard.callFrom}); null leaves it to Asterisk
 */
public record TaskSettings(
    String workflowSid,
    List<String> variables,
    String taskChannel,
    String onCancelErrorCode,
    String timeoutSeconds,
    String callTo,
    String callFrom) {

  public static final String WORKFLOW = "switchboard.workflowSid";
  public static final String VARIABLES = "switchboard.variables";
  public static final String TASK_CHANNEL = "switchboard.taskChannel";
  public static final String ON_CANCEL = "switchboard.onCancel";
  public static final String TIMEOUT = "switchboard.timeout";
  public static final String CALL_TO = "switchboard.callTo";
  public static final String CALL_FROM = "switchboard.callFrom";

  /** The TaskChannel of a voice step that names no other. */
  public static final String VOICE = "voice";

  public TaskSettings {
    Objects.requireNonNull(workflowSid, "switchboard.workflowSid is required");
    variables = List.copyOf(variables);
  }

  /**
   * The settings the properties give, or null when they do not opt the task in.
   *
   * @throws IllegalArgumentException for a malformed {@code switchboard.onCancel} or {@code
   *     switchboard.timeout}
   */
  public static TaskSettings of(Map<String, String> properties) {
    String workflow = blankToNull(properties.get(WORKFLOW));
    if (workflow == null) {
      return null;
    }
    String variables = properties.getOrDefault(VARIABLES, "");
    String onCancel = blankToNull(properties.get(ON_CANCEL));
    String errorCode = null;
    if (onCancel != null && !onCancel.equals("leave")) {
      if (!onCancel.startsWith("error:") || onCancel.length() == "error:".length()) {
        throw new IllegalArgumentException(
            ON_CANCEL + " must be 'leave' or 'error:<code>', not '" + onCancel + "'");
      }
      errorCode = onCancel.substring("error:".length());
    }
    String timeout = blankToNull(properties.get(TIMEOUT));
    if (timeout != null && !timeout.matches("[1-9][0-9]{0,8}")) {
      throw new IllegalArgumentException(
          TIMEOUT + " must be a number of seconds, not '" + timeout + "'");
    }
    String callTo = blankToNull(properties.get(CALL_TO));
    String channel = blankToNull(properties.get(TASK_CHANNEL));
    return new TaskSettings(
        workflow,
        Arrays.stream(variables.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList(),
        channel == null && callTo != null ? VOICE : channel,
        errorCode,
        timeout,
        callTo,
        blankToNull(properties.get(CALL_FROM)));
  }

  /** Whether acceptance places a call (the voice step). */
  public boolean placesCall() {
    return callTo != null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
