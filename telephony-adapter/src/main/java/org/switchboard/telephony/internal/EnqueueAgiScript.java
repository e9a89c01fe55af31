package org.switchboard.telephony.internal;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.switchboard.telephony.agi.CallEnqueuer;
import org.switchboard.telephony.agi.EnqueueRequest;
import org.switchboard.telephony.agi.EnqueueResult;

/**
 * The {@code enqueue} AGI script: validates the arguments, asks the {@link CallEnqueuer} for a task
 * and sets SWITCHBOARD_STATUS (ok/error), SWITCHBOARD_TASK_SID, SWITCHBOARD_CONFERENCE and
 * SWITCHBOARD_ERROR. One instance serves every call, concurrently.
 */
public final class EnqueueAgiScript implements AgiScript {

  private static final Logger LOG = Logger.getLogger(EnqueueAgiScript.class.getName());

  private final Supplier<Optional<CallEnqueuer>> enqueuer;

  public EnqueueAgiScript(Supplier<Optional<CallEnqueuer>> enqueuer) {
    this.enqueuer = enqueuer;
  }

  @Override
  public void service(AgiRequest request, AgiChannel channel) throws AgiException {
    EnqueueResult result;
    try {
      EnqueueRequest parsed = parse(request);
      CallEnqueuer target =
          enqueuer.get().orElseThrow(() -> new IllegalStateException("no CallEnqueuer deployed"));
      result = target.enqueue(parsed);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "enqueue failed for channel " + request.getChannel(), e);
      fail(channel, e.getMessage());
      return;
    }
    channel.setVariable("SWITCHBOARD_TASK_SID", result.taskSid());
    channel.setVariable("SWITCHBOARD_CONFERENCE", result.conferenceName());
    channel.setVariable("SWITCHBOARD_STATUS", "ok");
  }

  /** Sets the error variables; used for every failure, including unknown script names. */
  static void fail(AgiChannel channel, String reason) throws AgiException {
    channel.setVariable("SWITCHBOARD_ERROR", reason == null ? "internal error" : reason);
    channel.setVariable("SWITCHBOARD_STATUS", "error");
  }

  static EnqueueRequest parse(AgiRequest request) {
    String workflow = request.getParameter("workflow");
    String workspace = request.getParameter("workspace");
    if (workflow == null || workflow.isBlank()) {
      throw new IllegalArgumentException(
          "workflow is required: a Workflow SID (WW…), or a friendly name with workspace=WS…");
    }
    if (workspace != null && !workspace.matches("WS[0-9a-fA-F]{1,32}")) {
      throw new IllegalArgumentException(
          "workspace must be a Workspace SID (WS…), was: " + workspace);
    }
    if (workspace == null && !workflow.matches("WW[0-9a-fA-F]{1,32}")) {
      throw new IllegalArgumentException(
          "workflow must be a Workflow SID (WW…), or a friendly name with workspace=WS…, was: "
              + workflow);
    }
    String attributes = Optional.ofNullable(request.getParameter("attributes")).orElse("{}").trim();
    if (!attributes.startsWith("{") || !attributes.endsWith("}")) {
      throw new IllegalArgumentException("attributes must be a JSON object");
    }
    return new EnqueueRequest(
        workflow,
        attributes,
        intParameter(request, "priority", 0),
        intParameter(request, "timeout", 86_400),
        Optional.ofNullable(request.getParameter("channel")).orElse(request.getChannel()),
        request.getUniqueId(),
        request.getCallerIdNumber(),
        dialled(request),
        request.getLanguage(),
        workspace);
  }

  /**
   * The number the caller dialled: the channel's DNID, else (Local channels and many trunks have
   * none; Asterisk sends {@code agi_dnid: unknown}) the extension the dialplan ran the AGI at,
   * unless that is the start extension {@code s}, which names no number.
   */
  static String dialled(AgiRequest request) {
    String dnid = request.getDnid();
    if (dnid != null && !dnid.isBlank()) {
      return dnid;
    }
    String extension = request.getExtension();
    return extension == null || extension.isBlank() || "s".equals(extension) ? null : extension;
  }

  private static int intParameter(AgiRequest request, String name, int fallback) {
    String value = request.getParameter(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < 0) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was: " + value, e);
    }
  }
}
