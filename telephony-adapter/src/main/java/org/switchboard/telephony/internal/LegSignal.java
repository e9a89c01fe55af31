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
   * A leg Switchboard originated could not be set up.
   *
   * @param callStatus why, in Twilio's call statuses: {@code no-answer} (it rang until the timeout,
   *     OriginateResponse reason 3), {@code busy} (reason 5), {@code failed} (any other)
   */
  record Failed(String uniqueId, String callStatus, String reason) implements LegSignal {

    /** Whether it rang until the timeout. */
    public boolean unanswered() {
      return "no-answer".equals(callStatus);
    }
  }

  /** A channel hung up. */
  record Ended(String uniqueId, String cause) implements LegSignal {}

  /** Asterisk's {@code OriginateResponse} reason for a channel that rang and was not answered. */
  int REASON_RINGING = 3;

  /** Asterisk's {@code OriginateResponse} reason for a busy callee. */
  int REASON_BUSY = 5;

  Pattern WORKER_LEG = Pattern.compile("WR[0-9a-f]{32}");

  /** A callback's customer leg: Switchboard gives it the callback task's sid as uniqueid. */
  Pattern CUSTOMER_LEG = Pattern.compile("WT[0-9a-f]{32}");

  /** Whether a uniqueid is one Switchboard gave a worker leg. */
  static boolean isWorkerLeg(String uniqueId) {
    return uniqueId != null && WORKER_LEG.matcher(uniqueId).matches();
  }

  /**
   * Whether a uniqueid is one Switchboard gave a leg it originated (a worker's or a customer's).
   */
  static boolean isOriginated(String uniqueId) {
    return isWorkerLeg(uniqueId) || (uniqueId != null && CUSTOMER_LEG.matcher(uniqueId).matches());
  }

  /** The signal in an event, if it is about a leg Switchboard may own. */
  static Optional<LegSignal> of(ManagerEvent event) {
    if (event instanceof OriginateResponseEvent originate
        && isOriginated(originate.getUniqueId())) {
      if ("Success".equalsIgnoreCase(originate.getResponse())) {
        return Optional.of(new Answered(originate.getUniqueId()));
      }
      Integer reason = originate.getReason();
      String status =
          reason == null
              ? "failed"
              : reason == REASON_RINGING ? "no-answer" : reason == REASON_BUSY ? "busy" : "failed";
      return Optional.of(
          new Failed(
              originate.getUniqueId(),
              status,
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
