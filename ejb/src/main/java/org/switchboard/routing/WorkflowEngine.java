package org.switchboard.routing;

import java.time.Instant;
import org.switchboard.domain.task.Task;

/**
 * Decides where a workflow puts a task at a moment: which filter matches its attributes and which
 * of the filter's targets applies at the task's age. Implemented with one Drools KieBase per
 * workflow version.
 */
public interface WorkflowEngine {

  /**
   * @return the placement, or {@link Placement#exhausted()} when the task has outlived the last
   *     target of its filter
   */
  Placement place(Task task, Instant now);

  /**
   * Where the task was last placed (its stored filter and target), without running the rules: cheap
   * enough for worker-driven routing, which looks at many waiting tasks. Falls back to {@link
   * #place} for a task that was never placed.
   */
  Placement current(Task task, Instant now);

  /**
   * Makes the rules of the task's workflow version ready (compiles them on first use), so that a
   * caller can do it before taking locks.
   */
  void prepare(Task task);
}
