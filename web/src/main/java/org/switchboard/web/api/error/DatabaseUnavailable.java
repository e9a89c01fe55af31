package org.switchboard.web.api.error;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells whether an error means the database cannot be reached right now (restarting, shutting down,
 * refusing connections, or the pool has none to give within its blocking timeout), as opposed to a
 * bug: such a request is answered 503 with Twilio's error body and a {@code Retry-After}, so a
 * client retries it, while the datasource replaces its broken connections.
 */
public final class DatabaseUnavailable {

  /** Twilio's code for "Service Unavailable". */
  public static final int CODE = 20503;

  /** Seconds a client is asked to wait before retrying. */
  public static final int RETRY_AFTER_SECONDS = 2;

  private DatabaseUnavailable() {}

  /** Whether {@code thrown} or anything in its causes says the database is unreachable. */
  public static boolean causedIt(Throwable thrown) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
    todo.add(thrown);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (t == null || !seen.add(t)) {
        continue;
      }
      if (isUnavailable(t)) {
        return true;
      }
      // ArrayDeque refuses null, and most causes end in one: a null here threw from the exception
      // mapper itself, which Undertow then answered with its HTML error page
      addIfPresent(todo, t.getCause());
      if (t instanceof SQLException sql) {
        addIfPresent(todo, sql.getNextException());
      }
      for (Throwable suppressed : t.getSuppressed()) {
        addIfPresent(todo, suppressed);
      }
    }
    return false;
  }

  private static void addIfPresent(java.util.Deque<Throwable> todo, Throwable t) {
    if (t != null) {
      todo.add(t);
    }
  }

  private static boolean isUnavailable(Throwable t) {
    if (t instanceof SQLTransientConnectionException) {
      return true;
    }
    if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) {
      return true;
    }
    String name = t.getClass().getName();
    // Hibernate's and the JCA pool's own types, named so the web module needs neither: a lost
    // connection, no connection to be had within the blocking timeout, or one that could not be
    // opened.
    if (name.equals("org.hibernate.exception.JDBCConnectionException")) {
      return true;
    }
    String message = String.valueOf(t.getMessage());
    return name.startsWith("jakarta.resource.")
        && (message.contains("IJ000453") // unable to get managed connection
            || message.contains("IJ000655") // no managed connections within the blocking timeout
            || message.contains("IJ031084")); // unable to create connection
  }

  /**
   * SQL states of a database that is away: class 08 (connection exception), 57P01-57P03 (admin
   * shutdown, crash shutdown, cannot connect now), 53300 (too many connections).
   */
  static boolean unavailableState(String state) {
    return state != null
        && (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03")
            || state.equals("53300"));
  }
}
