package org.switchboard.telephony.internal;

import java.util.Optional;
import java.util.regex.Pattern;
import org.asteriskjava.manager.event.ConfbridgeJoinEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;

/**
 * What an AMI event says about a call leg, in the terms Switchboard acts on. Worker legs are
 * originated with {@code ChannelId} = the reservation sid, so their uniqueid names the reservation;
 * a caller leg's uniqueid is the task's {@code call_sid}.
 */
public sealed interface LegSignal {

  /** The channel's uniqueid. */
  String uniqueId();

  /** A worker leg answered or joined the conference. */
  record Answered(String uniqueId) implements LegSignal {}

  /**
   * A worker leg could not be set up.
   *
   * @param unanswered it rang until the timeout (OriginateResponse reason 3), rather than busy or
   *     failed
   */
  record Failed(String uniqueId, boolean unanswered, String reason) implements LegSignal {}

  /** A channel hung up. */
  record Ended(String uniqueId, String cause) implements LegSignal {}

  /** Asterisk's {@code OriginateResponse} reason for a channel that rang and was not answered. */
  int REASON_RINGING = 3;

  Pattern WORKER_LEG = Pattern.compile("WR[0-9a-f]{32}");

  /** Whether a uniqueid is one Switchboard gave a worker leg. */
  static boolean isWorkerLeg(String uniqueId) {
    return uniqueId != null && WORKER_LEG.matcher(uniqueId).matches();
  }

  /** The signal in an event, if it is about a leg Switchboard may own. */
  static Optional<LegSignal> of(ManagerEvent event) {
    if (event instanceof OriginateResponseEvent originate && isWorkerLeg(originate.getUniqueId())) {
      if ("Success".equalsIgnoreCase(originate.getResponse())) {
        return Optional.of(new Answered(originate.getUniqueId()));
      }
      Integer reason = originate.getReason();
      return Optional.of(
          new Failed(
              originate.getUniqueId(),
              reason != null && reason == REASON_RINGING,
              "OriginateResponse " + originate.getResponse() + " reason " + reason));
    }
    if (event instanceof ConfbridgeJoinEvent join && isWorkerLeg(join.getUniqueId())) {
      return Optional.of(new Answered(join.getUniqueId()));
    }
    if (event instanceof HangupEvent hangup && hangup.getUniqueId() != null) {
      return Optional.of(new Ended(hangup.getUniqueId(), hangup.getCauseTxt()));
    }
    return Optional.empty();
  }
}
