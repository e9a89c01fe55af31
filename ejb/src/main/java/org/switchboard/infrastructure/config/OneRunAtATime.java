package org.switchboard.infrastructure.config;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps a timer's runs from overlapping: a run that starts while another is under way is skipped,
 * and the next tick does its work. A bean-managed singleton's methods run concurrently, and Jakarta
 * EE does not promise that a timer waits for its previous run (WildFly skips such an execution
 * itself, with a warning); this guard keeps the timers so on any container. A run that fails is
 * handed to the timer's own handler (which logs it), and the next tick runs again.
 */
public final class OneRunAtATime {

  private final AtomicBoolean running = new AtomicBoolean();

  /**
   * Runs {@code work} unless a run is under way.
   *
   * @param onFailure what to do with a failure of {@code work} (the next run retries)
   * @return whether {@code work} ran (successfully or not)
   */
  public boolean run(Runnable work, Consumer<RuntimeException> onFailure) {
    if (!running.compareAndSet(false, true)) {
      return false;
    }
    try {
      work.run();
    } catch (RuntimeException e) {
      onFailure.accept(e);
    } finally {
      running.set(false);
    }
    return true;
  }
}
