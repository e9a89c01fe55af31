package org.switchboard.routing;

import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.switchboard.routing.lang.Expression;

/**
 * TaskRouter's expression language as routing uses it, compiled once per expression text and
 * cached: predicates over a task's attributes (workflow filters, {@code skip_if}), over a worker's
 * (queue {@code target_workers}), and over both ({@code task.x == worker.y} in workflow targets),
 * plus parsed attribute documents.
 */
public interface Expressions {

  /** A predicate over task attributes. */
  Predicate<Map<String, Object>> overTask(String expression);

  /** A predicate over worker attributes. */
  Predicate<Map<String, Object>> overWorker(String expression);

  /**
   * A predicate over a task's and a worker's attributes, with {@code task.} and {@code worker.}.
   */
  BiPredicate<Map<String, Object>, Map<String, Object>> overTaskAndWorker(String expression);

  /**
   * Evaluates an expression with a resolver of the caller's (e.g. {@code skip_if}, which also reads
   * {@code workers.available}); {@code taskrouter.*} time-of-day values are added.
   */
  boolean test(String expression, Expression.Resolver resolver);

  /** An attributes document as nested maps and lists; {@code {}} when it does not parse. */
  Map<String, Object> attributes(String json);
}
