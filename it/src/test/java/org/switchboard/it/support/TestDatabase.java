package org.switchboard.it.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Creates and drops the PostgreSQL database of one integration-test run. Maven runs it before and
 * after the tests (see {@code it/pom.xml}); when no PostgreSQL answers it stops the build at once
 * with a message saying what to start, so the suite is never silently skipped.
 *
 * <p>Arguments: {@code create|drop host port adminDatabase user password runDatabase}.
 */
public final class TestDatabase {

  private TestDatabase() {}

  public static void main(String[] args) throws SQLException {
    if (args.length < 6) {
      throw new IllegalArgumentException(
          "usage: create|drop host port adminDatabase user password runDatabase");
    }
    String action = args[0];
    String url = "jdbc:postgresql://" + args[1] + ":" + args[2] + "/" + args[3];
    String password = args.length == 7 && args[5] != null ? args[5] : "";
    String runDatabase = args[args.length - 1];
    if (!runDatabase.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException("Unsafe database name: " + runDatabase);
    }
    try (Connection connection = connect(url, args[4], password);
        Statement statement = connection.createStatement()) {
      statement.execute("drop database if exists " + runDatabase + " with (force)");
      if ("create".equals(action)) {
        statement.execute("create database " + runDatabase);
        System.out.println("Integration tests use the new database " + runDatabase + " at " + url);
      } else {
        System.out.println("Dropped the integration-test database " + runDatabase);
      }
    }
  }

  private static Connection connect(String url, String user, String password) {
    try {
      Properties properties = new Properties();
      properties.setProperty("user", user);
      if (!password.isEmpty()) {
        properties.setProperty("password", password);
      }
      // The driver directly, not DriverManager: Maven runs this class in a fresh class loader
      // each time, and DriverManager only hands out drivers of the caller's loader.
      Connection connection = new Driver().connect(url, properties);
      if (connection == null) {
        throw new SQLException("not a PostgreSQL URL: " + url);
      }
      return connection;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "\n\nThe integration tests need a PostgreSQL server, and none answered at "
              + url
              + " as user '"
              + user
              + "' ("
              + e.getMessage()
              + ").\nStart one (e.g. `pg_ctlcluster 15 main start`, as a non-root service user),"
              + " or point the tests at another with\n"
              + "  -Dswitchboard.test.db.host=… -Dswitchboard.test.db.port=…"
              + " -Dswitchboard.test.db.name=… -Dswitchboard.test.db.user=…"
              + " -Dswitchboard.test.db.password=…\n",
          e);
    }
  }
}
