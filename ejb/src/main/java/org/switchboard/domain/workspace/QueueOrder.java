package org.switchboard.domain.workspace;

/**
 * Which wins when a worker is eligible for tasks of several queues: the task that came first
 * ({@code FIFO}, TaskRouter's default) or the one that came last ({@code LIFO}). Values are
 * TaskRouter's {@code prioritize_queue_order}.
 */
public enum QueueOrder {
  FIFO,
  LIFO
}
