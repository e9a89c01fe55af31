package org.switchboard.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Direct access to the test server's PostgreSQL database, for checking invariants the API does not
 * show in one call.
 */
public final class Database {

  private Database() {}

  /** Runs one statement that changes rows; returns how many it changed. */
  public static int execute(String sql, Object... parameters) {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", System.getProperty("switchboard.it.db.user", "postgres"));
    String password = System.getProperty("switchboard.it.db.password", "");
    if (!password.isEmpty()) {
      properties.setProperty("password", password);
    }
    return new Driver().connect(System.getProperty("switchboard.it.db.url"), properties);
  }

  /** Every row of a query, each as a string of its columns joined by {@code |}. */
  public static List<String> rows(String sql, Object... parameters) {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<String> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          StringBuilder row = new StringBuilder();
          for (int c = 1; c <= columns; c++) {
            row.append(c > 1 ? "|" : "").append(result.getString(c));
          }
          rows.add(row.toString());
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A digest of every row that belongs to the given workspaces: the workspace rows themselves and
   * the rows of every table with a {@code workspace_sid} column (but the roll-ups of events), table
   * by table. Equal digests before and after a request mean it changed none of their rows.
   */
  public static String digestOfWorkspaces(String... workspaceSids) {
    List<String> tables =
        rows(
            "select table_name from information_schema.columns where table_schema ="
                + " current_schema() and column_name = 'workspace_sid'"
                // the statistics roll-ups: the background's summary of events already stored,
                // written whenever their seconds have passed, whatever the test's request did
                + " and table_name <> 'event_rollup' order by table_name");
    StringBuilder digest = new StringBuilder();
    String[] sids = workspaceSids.clone();
    digest.append("workspace=").append(tableDigest("workspace", "sid", sids));
    for (String table : tables) {
      digest
          .append(';')
          .append(table)
          .append('=')
          .append(tableDigest(table, "workspace_sid", sids));
    }
    return digest.toString();
  }

  private static String tableDigest(String table, String column, String[] sids) {
    try (Connection connection = connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "select count(*), coalesce(md5(string_agg(t::text, '\n' order by t::text)), '')"
                    + " from \""
                    + table
                    + "\" t where "
                    + column
                    + " = any(?)")) {
      statement.setArray(1, connection.createArrayOf("varchar", sids));
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1) + ":" + result.getString(2);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
