package org.switchboard.infrastructure.realtime;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.switchboard.domain.event.RouterEvent;

/**
 * The sending half of realtime across servers: while other Switchboard servers listen on the same
 * PostgreSQL database ({@link ClusterListener} tells), every event recorded here is announced with
 * {@code NOTIFY switchboard_events, '<this server> <event sid>'} in the transaction that records
 * it. PostgreSQL delivers a transaction's notifications only when it commits, and in commit order,
 * so the other servers see each committed event once, in order, and never a rolled-back one. Alone
 * on its database, a server sends nothing.
 *
 * <p>The notification goes through the datasource's connection of the transaction (the pool hands
 * the transaction's own connection out again), so it costs no flush of the persistence context.
 */
@ApplicationScoped
public class ClusterEvents {

  static final String CHANNEL = "switchboard_events";

  /** How many event sids recorded here are remembered (so a catch-up skips them). */
  private static final int REMEMBERED = 20_000;

  private static final Logger LOG = Logger.getLogger(ClusterEvents.class.getName());

  @Resource(lookup = "java:jboss/datasources/SwitchboardDS")
  private DataSource dataSource;

  /** This server's id on the channel: random per start. */
  private final String node = randomId();

  private volatile boolean peers;

  private final Set<String> recordedHere =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > REMEMBERED;
                }
              }));

  public void onRecorded(@Observes RouterEvent event) {
    recordedHere.add(event.getSid());
    if (!peers) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
      notify.setString(1, CHANNEL);
      notify.setString(2, node + " " + event.getSid());
      notify.execute();
    } catch (SQLException e) {
      // the transaction's own connection failed: the transaction will fail with it
      LOG.log(Level.WARNING, "Could not announce event " + event.getSid() + " to other servers", e);
    }
  }

  /** This server's id in notifications. */
  String node() {
    return node;
  }

  /** Whether an event was recorded by this server (lately). */
  boolean recordedHere(String eventSid) {
    return recordedHere.contains(eventSid);
  }

  /** Whether this server announces its events: other servers listen on the database. */
  boolean peers() {
    return peers;
  }

  /** Set by the listener: whether other servers listen on the database. */
  void peers(boolean others) {
    if (others != peers) {
      LOG.info(
          others
              ? "Other Switchboard servers listen on the database: events are announced to them"
              : "No other Switchboard server listens on the database: events stay on this server");
    }
    peers = others;
  }

  private static String randomId() {
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
