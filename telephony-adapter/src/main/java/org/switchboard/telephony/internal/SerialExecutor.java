package org.switchboard.telephony.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs tasks one at a time, in submission order, on threads of another executor (the container's
 * managed executor): the pattern of {@link Executor}'s Javadoc. A task that throws is logged and
 * does not stop the ones after it.
 */
public final class SerialExecutor implements Executor {

  private static final Logger LOG = Logger.getLogger(SerialExecutor.class.getName());

  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final Executor delegate;
  private Runnable active;

  public SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Telephony task failed", e);
          } finally {
            next();
          }
        });
    if (active == null) {
      next();
    }
  }

  private synchronized void next() {
    active = tasks.poll();
    if (active != null) {
      try {
        delegate.execute(active);
      } catch (RejectedExecutionException e) {
        LOG.fine("Telephony task dropped: shutting down");
        tasks.clear();
        active = null;
      }
    }
  }
}
