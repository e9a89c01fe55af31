package org.switchboard.infrastructure.retention;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.infrastructure.config.OneRunAtATime;

/**
 * Purges events older than the retention ({@link RetentionPolicy}) every interval, workspace by
 * workspace in batches ({@link EventPurge}). Several servers may purge at once: a batch deletes
 * only what is still there.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventRetention {

  private static final Logger LOG = Logger.getLogger(EventRetention.class.getName());

  @Resource private TimerService timers;
  @EJB private EventPurge purge;
  @Inject private Clock clock;

  private final OneRunAtATime runs = new OneRunAtATime();
  private RetentionPolicy policy;

  @PostConstruct
  void start() {
    policy = RetentionPolicy.fromSettings();
    long interval = policy.interval().toMillis();
    timers.createIntervalTimer(interval, interval, new TimerConfig(null, false));
  }

  @Timeout
  void run() {
    runs.run(
        this::purgeOld,
        e ->
            LOG.log(
                Level.WARNING, "Purging old events failed; it is tried again next interval", e));
  }

  private void purgeOld() {
    Instant cutoff = policy.cutoff(clock);
    long purged = 0;
    for (String workspace : purge.workspaces()) {
      int deleted;
      do {
        deleted = purge.purgeBatch(workspace, cutoff);
        purged += deleted;
      } while (deleted == EventPurge.BATCH);
      purge.purgeRollups(workspace, cutoff);
    }
    if (purged > 0) {
      LOG.info("Purged " + purged + " events dated before " + cutoff);
    }
  }
}
