package org.switchboard.domain.call;

/**
 * The names Switchboard and the sample dialplan agree on for a task's call: its ConfBridge
 * conference and the file its caller's voicemail is recorded to.
 */
public final class CallNames {

  private CallNames() {}

  /** The ConfBridge conference a call that created a task waits in: {@code switchboard-<task>}. */
  public static String conferenceOf(String taskSid) {
    return "switchboard-" + taskSid;
  }

  /** The file a task's voicemail is recorded to, in {@code directory} on the Asterisk host. */
  public static String voicemailFile(String directory, String taskSid) {
    return directory + "/switchboard-voicemail-" + taskSid + ".wav";
  }
}
