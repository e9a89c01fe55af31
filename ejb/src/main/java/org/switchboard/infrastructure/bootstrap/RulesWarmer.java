package org.switchboard.infrastructure.bootstrap;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.infrastructure.config.OneRunAtATime;
import org.switchboard.routing.WorkflowEngine;

/**
 * Keeps every workflow's current rules compiled before a task needs them. The server that saves a
 * workflow or activates a rule set compiles right after the commit; this sweep, every two seconds,
 * compiles what changed on other servers sharing the database (a new version of a workflow, or of
 * every workflow naming a rule set that was activated), and on the first sweep after start every
 * workflow. A workflow whose rules are already compiled costs nothing.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RulesWarmer {

  private static final Logger LOG = Logger.getLogger(RulesWarmer.class.getName());

  /** Changes are looked for this far back, for servers whose clocks differ a little. */
  private static final long MARGIN_SECONDS = 10;

  @PersistenceContext private EntityManager em;
  @Inject private WorkflowEngine engine;

  private final OneRunAtATime runs = new OneRunAtATime();
  private volatile Instant since = Instant.EPOCH;

  @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
  void sweep() {
    runs.run(
        this::compileChanged,
        e ->
            LOG.log(
                Level.WARNING, "Compiling changed workflows failed; the next sweep retries", e));
  }

  private void compileChanged() {
    Instant latest = since;
    for (Workflow workflow :
        em.createQuery(
                "select w from Workflow w where w.dateUpdated >= :since order by w.dateUpdated",
                Workflow.class)
            .setParameter("since", since.minusSeconds(MARGIN_SECONDS))
            .getResultList()) {
      if (!engine.isCompiled(workflow)) {
        engine.prepare(workflow);
      }
      if (workflow.getDateUpdated().isAfter(latest)) {
        latest = workflow.getDateUpdated();
      }
    }
    since = latest;
  }
}
