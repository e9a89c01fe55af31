package org.switchboard.infrastructure.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One gauge name with a changing set of series (one per workspace and queue, say), set from a
 * snapshot: a series that appears is registered, one that is gone from the snapshot (its queue was
 * deleted) is removed, so a scrape shows exactly the current ones. A scrape reads the values last
 * set and never queries anything.
 *
 * <p>Gauges are registered with {@link MeterRegistry#gauge(String, Iterable, Object,
 * java.util.function.ToDoubleFunction)}: WildFly 39's deployment registry exports only meters
 * registered through such name-and-tags methods, not those of a {@code Gauge.builder} (see
 * docs/wildfly.md). The registry keeps a weak reference to each value; this set holds them.
 *
 * <p>Thread-safe: {@link #update} and {@link #close} are called from one refreshing thread while
 * scrapes read the values.
 */
public final class GaugeSet {

  private final MeterRegistry registry;
  private final String name;
  private final Map<Tags, AtomicLong> series = new ConcurrentHashMap<>();

  public GaugeSet(MeterRegistry registry, String name) {
    this.registry = registry;
    this.name = name;
  }

  /** Makes the series exactly those of {@code values}, with these values. */
  public void update(Map<Tags, Long> values) {
    values.forEach((tags, value) -> series.computeIfAbsent(tags, this::register).set(value));
    series.keySet().removeIf(tags -> !values.containsKey(tags) && remove(tags));
  }

  /** Removes every series from the registry (the deployment is going away). */
  public void close() {
    series.keySet().forEach(this::remove);
    series.clear();
  }

  private AtomicLong register(Tags tags) {
    return registry.gauge(name, tags, new AtomicLong(), AtomicLong::get);
  }

  private boolean remove(Tags tags) {
    Gauge gauge = registry.find(name).tags(tags).gauge();
    if (gauge != null) {
      registry.remove(gauge);
    }
    return true;
  }
}
