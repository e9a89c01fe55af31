package org.switchboard.testing;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for one of the container's executors: keeps each task it is given ({@code execute} or
 * {@code schedule}, whatever the delay), in order, and runs none until the test says so. For tests
 * of what waits in an executor's queue and what is turned away from it.
 */
public final class HeldTasks {

  public final List<Runnable> held = new ArrayList<>();

  /** This as an executor of the given interface, e.g. {@code ManagedExecutorService}. */
  public <E> E as(Class<E> executorType) {
    return executorType.cast(
        Proxy.newProxyInstance(
            HeldTasks.class.getClassLoader(),
            new Class<?>[] {executorType},
            (proxy, method, args) -> {
              if (!method.getName().equals("execute") && !method.getName().equals("schedule")) {
                throw new UnsupportedOperationException(method.getName());
              }
              held.add((Runnable) args[0]);
              return null;
            }));
  }

  /** Runs the oldest task held. */
  public void runNext() {
    held.remove(0).run();
  }

  /** Runs tasks until none is held, those they hand over meanwhile included. */
  public void drain() {
    while (!held.isEmpty()) {
      runAll();
    }
  }

  /** Runs the tasks held now (not those they hand over meanwhile), oldest first. */
  public void runAll() {
    List<Runnable> now = List.copyOf(held);
    held.clear();
    now.forEach(Runnable::run);
  }
}
