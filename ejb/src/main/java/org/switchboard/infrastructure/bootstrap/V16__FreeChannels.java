package org.switchboard.infrastructure.bootstrap;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Free channels: each worker channel carries its worker's availability ({@code
 * worker_channel.worker_available}), and on PostgreSQL a partial index holds, in routing order,
 * only the channels a task may be offered to: switched on, below capacity, of an available worker.
 *
 * <p>The first-free match walks a task channel's channels longest idle first. A worker keeps the
 * idle time she had when she went offline or took her last task, so offline and busy workers'
 * channels lead that order, and with an index over every channel the walk stepped over each of them
 * before reaching a free one (about 20 ms for 10,000 offline workers). The index over free channels
 * only starts at the first free one.
 *
 * <p>PostgreSQL triggers keep the copy true whatever changes a worker: a channel takes its worker's
 * availability when it is inserted, and a worker's change of availability is written to her
 * channels in the same statement, so a transaction's own moves are seen by its next match. H2 (the
 * embedded database, which routes without these statements and has no partial indexes) gets the
 * column only. A Java migration because the two databases need different statements; the caller
 * says which database it is, as it does for the SQL migrations' placeholders.
 */
public class V16__FreeChannels extends BaseJavaMigration {

  private final boolean postgres;

  /** {@code postgres}: whether the migrated database is PostgreSQL (else H2). */
  public V16__FreeChannels(boolean postgres) {
    this.postgres = postgres;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "alter table worker_channel add column worker_available boolean default true not null");
      statement.execute(
          "update worker_channel set worker_available = (select w.available from worker w"
              + " where w.sid = worker_channel.worker_sid)");
      if (postgres) {
        for (String sql : POSTGRES) {
          statement.execute(sql);
        }
      }
    }
  }

  private static final String[] POSTGRES = {
    "create function worker_channel_takes_worker_availability() returns trigger"
        + " language plpgsql as $$ begin"
        + " new.worker_available := coalesce("
        + "(select w.available from worker w where w.sid = new.worker_sid), true);"
        + " return new; end $$",
    "create trigger worker_channel_takes_worker_availability before insert on worker_channel"
        + " for each row execute function worker_channel_takes_worker_availability()",
    "create function worker_availability_to_channels() returns trigger"
        + " language plpgsql as $$ begin"
        + " update worker_channel set worker_available = new.available"
        + " where worker_sid = new.sid;"
        + " return null; end $$",
    // Hibernate writes every column of a changed worker: only a real change reaches the channels
    "create trigger worker_availability_to_channels after update of available on worker"
        + " for each row when (old.available is distinct from new.available)"
        + " execute function worker_availability_to_channels()",
    "create index worker_channel_free_idx on worker_channel (task_channel_sid, idle_since, sid)"
        + " where available and worker_available and assigned_tasks < configured_capacity"
  };
}
