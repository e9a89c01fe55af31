package org.switchboard.infrastructure.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.infrastructure.config.OneRunAtATime;
import org.switchboard.infrastructure.monitoring.BacklogQueries.CallbackBacklog;
import org.switchboard.infrastructure.monitoring.BacklogQueries.QueueBacklog;

/**
 * The database's backlogs as gauges: {@code switchboard.tasks.waiting} (per workspace and queue),
 * {@code switchboard.callbacks.pending} (per workspace and kind) and {@code
 * switchboard.callbacks.due} (pending callbacks whose attempt time has passed and that no server
 * has claimed, which the callback backlog health check judges), counted by two grouped queries
 * every {@value #REFRESH_SECONDS} s rather than on each scrape, so a scrape costs the database
 * nothing and a Prometheus server scraping often (or several of them) cannot load it. The figures
 * are the database's, the same on every server sharing it.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BacklogMeters {

  private static final Logger LOG = Logger.getLogger(BacklogMeters.class.getName());

  /** How old the figures may get. */
  static final int REFRESH_SECONDS = 5;

  @Inject private MeterRegistry registry;
  @EJB private BacklogQueries queries;
  @Inject private Clock clock;

  private final OneRunAtATime refreshes = new OneRunAtATime();
  private GaugeSet waitingTasks;
  private GaugeSet pendingCallbacks;
  private GaugeSet dueCallbacks;

  @PostConstruct
  void start() {
    waitingTasks = new GaugeSet(registry, "switchboard.tasks.waiting");
    pendingCallbacks = new GaugeSet(registry, "switchboard.callbacks.pending");
    dueCallbacks = new GaugeSet(registry, "switchboard.callbacks.due");
    refresh();
  }

  @PreDestroy
  void stop() {
    waitingTasks.close();
    pendingCallbacks.close();
    dueCallbacks.close();
  }

  @Schedule(hour = "*", minute = "*", second = "*/" + REFRESH_SECONDS, persistent = false)
  void refresh() {
    // when the database is away the figures stay as they were, and the database check says why
    refreshes.run(this::read, e -> LOG.log(Level.FINE, "Refreshing the backlog gauges failed", e));
  }

  private void read() {
    Map<Tags, Long> waiting = new HashMap<>();
    for (QueueBacklog queue : queries.waitingTasks()) {
      waiting.put(
          Tags.of("workspace", queue.workspaceSid(), "queue", queue.queueSid()), queue.waiting());
    }
    Map<Tags, Long> pending = new HashMap<>();
    long due = 0;
    for (CallbackBacklog backlog : queries.pendingCallbacks(clock.instant())) {
      pending.put(
          Tags.of(
              "workspace", backlog.workspaceSid(), "kind", backlog.kind().toLowerCase(Locale.ROOT)),
          backlog.pending());
      due += backlog.due();
    }
    waitingTasks.update(waiting);
    pendingCallbacks.update(pending);
    dueCallbacks.update(Map.of(Tags.empty(), due));
  }
}
