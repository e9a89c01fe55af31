package org.switchboard.infrastructure.bootstrap;

import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Notices of configuration changes: on PostgreSQL, every insert, update or delete of a workspace,
 * activity, task channel or task queue row sends {@code NOTIFY switchboard_configuration, '<table>
 * <sid>'}, which PostgreSQL delivers when the transaction commits, to every server listening on the
 * database. (Workflows are not cached: a task is always placed by its workflow's committed
 * version.)
 *
 * <p>Each server keeps these rows in Hibernate's second-level cache, which knows only its own
 * server's writes; {@code ClusterListener} empties it when another server's notice comes (and
 * whenever its listening connection has been down, since notices are not kept). Triggers and not
 * the application send the notices, so no writer can forget one: a native statement, a migration or
 * an administrator's SQL is heard too. H2 (one server by definition) gets nothing.
 */
public class V17__ConfigurationNotices extends BaseJavaMigration {

  /** The channel of the notices. */
  public static final String CHANNEL = "switchboard_configuration";

  private final boolean postgres;

  /** {@code postgres}: whether the migrated database is PostgreSQL (else H2). */
  public V17__ConfigurationNotices(boolean postgres) {
    this.postgres = postgres;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    if (!postgres) {
      return;
    }
    try (Statement statement = context.getConnection().createStatement()) {
      statement.execute(
          "create function switchboard_configuration_changed() returns trigger"
              + " language plpgsql as $$ declare changed jsonb; begin"
              + " if tg_op = 'DELETE' then changed := to_jsonb(old);"
              + " else changed := to_jsonb(new); end if;"
              + " perform pg_notify('"
              + CHANNEL
              + "', tg_table_name || ' ' || coalesce(changed ->> tg_argv[0], ''));"
              + " return null; end $$");
      String[][] tables = {
        {"workspace", "sid"},
        {"activity", "sid"},
        {"task_channel", "sid"},
        {"task_queue", "sid"}
      };
      for (String[] table : tables) {
        statement.execute(
            "create trigger "
                + table[0]
                + "_configuration_changed after insert or update or delete on "
                + table[0]
                + " for each row execute function switchboard_configuration_changed('"
                + table[1]
                + "')");
      }
    }
  }
}
