package org.switchboard.domain.reservation;

/**
 * A waiting task a worker-driven pass may offer, as read before locking it: its channel and whether
 * it ignores capacity tell the pass, without a lock, whether the worker still has room.
 */
public record OfferableTask(String sid, String channelSid, boolean ignoresCapacity) {}
