package org.switchboard.infrastructure.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GaugeSetTest {

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final GaugeSet gauges = new GaugeSet(registry, "switchboard.tasks.waiting");

  private static final Tags SALES = Tags.of("workspace", "WS1", "queue", "WQ1");
  private static final Tags SUPPORT = Tags.of("workspace", "WS1", "queue", "WQ2");

  @Test
  void eachSeriesOfTheSnapshotBecomesAGaugeWithItsValue() {
    // when
    gauges.update(Map.of(SALES, 3L, SUPPORT, 0L));

    // then
    assertThat(series()).containsExactly(Map.entry("WQ1", 3.0), Map.entry("WQ2", 0.0));
  }

  @Test
  void aLaterSnapshotChangesTheValuesAndDropsTheSeriesItNoLongerHas() {
    // given
    gauges.update(Map.of(SALES, 3L, SUPPORT, 1L));

    // when the support queue is deleted and a task of sales is taken
    gauges.update(Map.of(SALES, 2L));

    // then
    assertThat(series()).containsExactly(Map.entry("WQ1", 2.0));
  }

  @Test
  void closingRemovesEverySeriesSoANewDeploymentCanRegisterItsOwn() {
    // given
    gauges.update(Map.of(SALES, 3L));

    // when
    gauges.close();
    GaugeSet next = new GaugeSet(registry, "switchboard.tasks.waiting");
    next.update(Map.of(SALES, 7L));

    // then the new gauge is read, not the closed one's
    assertThat(series()).containsExactly(Map.entry("WQ1", 7.0));
  }

  /** Queue sid to value, as a scrape would show them. */
  private Map<String, Double> series() {
    Map<String, Double> values = new TreeMap<>();
    for (Gauge gauge : registry.find("switchboard.tasks.waiting").gauges()) {
      values.put(gauge.getId().getTag("queue"), gauge.value());
    }
    return values;
  }
}
