package org.switchboard.telephony.agi;

/**
 * Turns an inbound call into a task. The {@code enqueue} AGI script calls it once per call, from a
 * FastAGI pool thread; implementations must be thread-safe and must not block for long (Asterisk
 * holds the caller in the AGI application meanwhile).
 */
public interface CallEnqueuer {

  /**
   * Creates the task for one call.
   *
   * @throws IllegalArgumentException if the request names an unknown workflow or bad attributes;
   *     its message becomes SWITCHBOARD_ERROR
   */
  EnqueueResult enqueue(EnqueueRequest request);
}
