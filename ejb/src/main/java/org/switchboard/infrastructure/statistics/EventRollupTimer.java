package org.switchboard.infrastructure.statistics;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.infrastructure.config.OneRunAtATime;

/**
 * Rolls the event log up every five seconds ({@link org.switchboard.domain.event.EventRollup}); on
 * a first start after a long history, an hour of events per step, for at most two seconds a run.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventRollupTimer {

  private static final Logger LOG = Logger.getLogger(EventRollupTimer.class.getName());

  private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(2);

  @EJB private EventRollupStep step;

  private final OneRunAtATime runs = new OneRunAtATime();

  @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
  void run() {
    runs.run(
        () -> {
          long start = System.nanoTime();
          while (step.rollUp() && System.nanoTime() - start < BUDGET_NANOS) {
            // catching up: the next hour
          }
        },
        e ->
            LOG.log(
                Level.WARNING,
                "Rolling up events failed; the next run retries: {0}",
                e.toString()));
  }
}
