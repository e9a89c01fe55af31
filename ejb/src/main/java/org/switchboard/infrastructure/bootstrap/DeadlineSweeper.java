package org.switchboard.infrastructure.bootstrap;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.application.RoutingService;
import org.switchboard.infrastructure.config.OneRunAtATime;

/**
 * Fires the routing deadlines every second. The deadlines themselves live in the database
 * (reservation {@code timeout_at}, task {@code step_deadline} and {@code expires_at}), so they
 * survive a restart and fire on the first sweep after it; the sweep claims each with SKIP LOCKED
 * and re-checks it under the lock, so several servers may sweep at once and each deadline fires
 * once.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class DeadlineSweeper {

  private static final Logger LOG = Logger.getLogger(DeadlineSweeper.class.getName());

  @EJB private RoutingService routing;

  private final OneRunAtATime runs = new OneRunAtATime();

  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void sweep() {
    runs.run(
        routing::sweepDeadlines,
        e -> LOG.log(Level.WARNING, "Deadline sweep failed; the next one retries", e));
  }
}
