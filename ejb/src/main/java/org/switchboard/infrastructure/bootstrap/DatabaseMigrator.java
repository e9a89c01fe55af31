package org.switchboard.infrastructure.bootstrap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.switchboard.application.RoutingService;
import org.switchboard.infrastructure.crypto.SecretBox;
import org.switchboard.infrastructure.jpa.DatabaseKind;

/**
 * Brings the database schema up to date with Flyway before anything else runs. The migrations are
 * {@code db/migration/V*.sql} in this module and are written to run on both PostgreSQL and H2;
 * where PostgreSQL can do better (a partial index), a placeholder holds the difference. Derived
 * data a migration cannot compute in SQL (queue membership) is computed right after. V15, which
 * seals the accounts' AuthTokens, is a Java migration ({@link V15__Credentials}) because it needs
 * the server's key; V16 ({@link V16__FreeChannels}) and V17 ({@link V17__ConfigurationNotices}) are
 * because PostgreSQL gets triggers (and V16 an index) that H2 does not.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseMigrator {

  private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class.getName());

  @Resource(lookup = "java:jboss/datasources/SwitchboardDS")
  private DataSource dataSource;

  @EJB private RoutingService routing;
  @Inject private DatabaseKind database;
  @Inject private SecretBox secretBox;

  @PostConstruct
  void migrate() {
    Flyway flyway =
        Flyway.configure(DatabaseMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .placeholders(placeholders(database.isPostgres()))
            .javaMigrations(
                new V15__Credentials(secretBox),
                new V16__FreeChannels(database.isPostgres()),
                new V17__ConfigurationNotices(database.isPostgres()))
            .load();
    MigrateResult result = flyway.migrate();
    MigrationInfo current = flyway.info().current();
    LOG.info(
        () ->
            "Database schema is at version "
                + (current == null ? "none" : current.getVersion())
                + " ("
                + result.migrationsExecuted
                + " migrations applied now)");
    int built = routing.buildMissingQueueMembers();
    if (built > 0) {
      LOG.info(() -> "Computed the members of " + built + " task queues");
    }
  }

  /**
   * The SQL migrations' placeholders: the predicates of the partial indexes, which hold waiting
   * tasks only ({@code waitingTasksOnly}) and waiting tasks that ignore capacity ({@code
   * ignoringCapacityOnly}) on PostgreSQL; empty on H2, which has no partial indexes.
   */
  public static Map<String, String> placeholders(boolean postgres) {
    return Map.of(
        "waitingTasksOnly",
        postgres ? "where assignment_status in ('PENDING', 'RESERVED')" : "",
        "ignoringCapacityOnly",
        postgres ? "where ignore_capacity and assignment_status = 'PENDING'" : "");
  }
}
