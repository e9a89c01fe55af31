package org.switchboard.telephony.internal;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.switchboard.application.WaitingCallers;
import org.switchboard.domain.call.CallNames;

/**
 * The AGI scripts of the dialplan's waiting loop ({@code switchboard-waiting} in the sample), for
 * the caller of the channel that runs them ({@code agi_uniqueid}); each sets {@code
 * SWITCHBOARD_STATUS} ({@code ok}, or {@code error} with {@code SWITCHBOARD_ERROR}) and {@code
 * SWITCHBOARD_NEXT}, what the loop does next:
 *
 * <ul>
 *   <li>{@code waiting}: {@code wait} with {@code SWITCHBOARD_POSITION} (1 = next), {@code
 *       SWITCHBOARD_EXPECTED_WAIT} (seconds) and {@code SWITCHBOARD_EXPECTED_WAIT_MINUTES} (rounded
 *       up) to announce; {@code connect} when a worker is being dialled (join the conference);
 *       {@code gone} when the task is over.
 *   <li>{@code callback}: {@code callback} when the callback task was created (say goodbye); {@code
 *       connect}, {@code gone} as above.
 *   <li>{@code voicemail}: {@code voicemail} with {@code SWITCHBOARD_VOICEMAIL_FILE}, the file to
 *       {@code Record()} the message into; {@code connect}, {@code gone} as above.
 * </ul>
 *
 * On an error the loop goes on ({@code wait}). One instance per script serves every call.
 */
public final class WaitingCallerAgiScript implements AgiScript {

  private static final Logger LOG = Logger.getLogger(WaitingCallerAgiScript.class.getName());

  /** Which of the loop's scripts. */
  public enum Kind {
    WAITING,
    CALLBACK,
    VOICEMAIL
  }

  /** The waiting callers' service; null while it is not deployed. */
  public interface Service {
    WaitingCallers get();
  }

  private final Kind kind;
  private final Service service;
  private final String recordingDir;

  public WaitingCallerAgiScript(Kind kind, Service service, String recordingDir) {
    this.kind = kind;
    this.service = service;
    this.recordingDir = recordingDir;
  }

  @Override
  public void service(AgiRequest request, AgiChannel channel) throws AgiException {
    String uniqueId = request.getUniqueId();
    try {
      WaitingCallers callers = service.get();
      if (callers == null) {
        throw new IllegalStateException("Switchboard is not ready");
      }
      switch (kind) {
        case WAITING -> {
          WaitingCallers.Waiting waiting = callers.waiting(uniqueId);
          if (waiting.next() == WaitingCallers.Next.WAIT) {
            channel.setVariable("SWITCHBOARD_POSITION", String.valueOf(waiting.position()));
            channel.setVariable(
                "SWITCHBOARD_EXPECTED_WAIT", String.valueOf(waiting.expectedWaitSeconds()));
            channel.setVariable(
                "SWITCHBOARD_EXPECTED_WAIT_MINUTES",
                String.valueOf((waiting.expectedWaitSeconds() + 59) / 60));
          }
          next(channel, waiting.next(), "wait");
        }
        case CALLBACK -> next(channel, callers.callback(uniqueId).next(), "callback");
        case VOICEMAIL -> {
          WaitingCallers.Leaving left = callers.voicemail(uniqueId);
          if (left.next() == WaitingCallers.Next.WAIT) {
            channel.setVariable(
                "SWITCHBOARD_VOICEMAIL_FILE",
                CallNames.voicemailFile(recordingDir, left.taskSid()));
          }
          next(channel, left.next(), "voicemail");
        }
        default -> throw new IllegalStateException("unknown script " + kind);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, kind + " failed for channel " + request.getChannel(), e);
      channel.setVariable("SWITCHBOARD_ERROR", e.getMessage() == null ? "error" : e.getMessage());
      channel.setVariable("SWITCHBOARD_NEXT", "wait");
      channel.setVariable("SWITCHBOARD_STATUS", "error");
    }
  }

  private static void next(AgiChannel channel, WaitingCallers.Next next, String done)
      throws AgiException {
    channel.setVariable(
        "SWITCHBOARD_NEXT",
        switch (next) {
          case WAIT -> done;
          case CONNECT -> "connect";
          case GONE -> "gone";
        });
    channel.setVariable("SWITCHBOARD_STATUS", "ok");
  }
}
