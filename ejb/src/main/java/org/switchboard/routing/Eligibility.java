package org.switchboard.routing;

import java.util.Map;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.worker.Worker;

/**
 * The attribute side of eligibility: whether a worker belongs to a queue (its {@code
 * target_workers} over the worker's attributes) and whether it meets a workflow target's expression
 * (over {@code task.*} and {@code worker.*}). Activity and capacity are checked by the {@link
 * Router} itself. Implementations must be thread-safe and fast: they run for every candidate of
 * every routing decision.
 */
public interface Eligibility {

  boolean inQueue(TaskQueue queue, Worker worker);

  /**
   * @param expression a workflow target's expression; null or blank matches every worker
   */
  boolean meetsTarget(String expression, Task task, Worker worker);

  /**
   * The same, with the worker's channels for {@code worker.channel.<name>.<field>} (see {@link
   * WorkerView}), or null when the expression reads none.
   */
  boolean meetsTarget(
      String expression, Task task, Worker worker, Map<String, Map<String, Object>> channels);
}
