package org.switchboard.routing.rules;

/**
 * The read-only questions a rule may ask about workers, through the global {@code workers}:
 *
 * <pre>
 * global org.switchboard.routing.rules.WorkerQuery workers;
 * rule "Spanish calls skip the Spanish queue when nobody there is free"
 * when
 *     TaskFact( attributes["language"] == "es" )
 *     eval( workers.available("Spanish") == 0 )
 * then
 *     insert(new SkipTarget("Spanish", "nobody available"));
 * end
 * </pre>
 *
 * A queue is named by its sid or friendly name; an unknown queue has no workers. Each answer is
 * read at the moment of the decision.
 */
public interface WorkerQuery {

  /** Workers that are members of the queue. */
  int members(String queue);

  /** Members of the queue in an available activity. */
  int available(String queue);

  /**
   * Members of the queue in an available activity whose attributes match a TaskRouter expression
   * over {@code worker.*} ({@code worker.level > 2}, {@code worker.skills HAS "fr"}).
   */
  int availableMatching(String queue, String expression);

  /** A query that knows no workers, for rule sets that ask nothing. */
  WorkerQuery NONE =
      new WorkerQuery() {
        @Override
        public int members(String queue) {
          return 0;
        }

        @Override
        public int available(String queue) {
          return 0;
        }

        @Override
        public int availableMatching(String queue, String expression) {
          return 0;
        }
      };
}
