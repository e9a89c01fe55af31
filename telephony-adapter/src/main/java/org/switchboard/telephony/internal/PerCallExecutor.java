package org.switchboard.telephony.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the work about one call leg in submission order and the work about different legs in
 * parallel, on threads of another executor (the container's managed executor). The key is the leg's
 * channel uniqueid (a worker leg's is its reservation sid): the instruction that dials a leg is
 * submitted before Asterisk can report on it, so the leg's row exists when its {@code
 * OriginateResponse} is handled, and a leg's answer is never overtaken by its own hang-up. Work on
 * different legs of one task is serialised by the task's row lock, not here.
 *
 * <p>At most one task per key is queued on the delegate at a time; a key's queue is dropped when it
 * runs empty, so the executor holds nothing for calls that are over. A task that throws is logged
 * and does not stop the ones after it. Thread-safe.
 */
public final class PerCallExecutor {

  private static final Logger LOG = Logger.getLogger(PerCallExecutor.class.getName());

  private final Executor delegate;

  /** The keys with a task running or queued on the delegate, and what waits behind it. */
  private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();

  public PerCallExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  /** Runs {@code task} after every task submitted earlier for {@code key}. */
  public void execute(String key, Runnable task) {
    synchronized (waiting) {
      ArrayDeque<Runnable> queue = waiting.get(key);
      if (queue != null) {
        queue.add(task);
        return;
      }
      waiting.put(key, new ArrayDeque<>());
    }
    submit(key, task);
  }

  /** How many keys have work running or queued (for tests and diagnostics). */
  public int busyKeys() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  private void submit(String key, Runnable task) {
    try {
      delegate.execute(() -> runThenNext(key, task));
    } catch (RejectedExecutionException e) {
      synchronized (waiting) {
        waiting.remove(key);
      }
      LOG.fine(() -> "Telephony work for " + key + " dropped: shutting down");
    }
  }

  private void runThenNext(String key, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Telephony work for " + key + " failed", e);
    }
    Runnable next;
    synchronized (waiting) {
      ArrayDeque<Runnable> queue = waiting.get(key);
      next = queue == null ? null : queue.poll();
      if (next == null) {
        waiting.remove(key);
      }
    }
    if (next != null) {
      submit(key, next);
    }
  }
}
