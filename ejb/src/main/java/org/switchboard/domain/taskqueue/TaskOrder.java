package org.switchboard.domain.taskqueue;

/** In which order a queue offers tasks of equal priority: oldest first or newest first. */
public enum TaskOrder {
  FIFO,
  LIFO
}
