package org.switchboard.infrastructure.realtime;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.switchboard.infrastructure.bootstrap.V17__ConfigurationNotices;
import org.switchboard.infrastructure.config.Settings;
import org.switchboard.infrastructure.jpa.DatabaseKind;

/**
 * The receiving half of realtime across servers: a thread of its own holds one connection (its own,
 * outside the pool, with the datasource's driver, URL and user) that {@code LISTEN}s on {@code
 * switchboard_events} and hands every event another server announced ({@link ClusterEvents}) to
 * this server's live connections, in the order PostgreSQL delivers them (commit order), described
 * from the database as the local event bridge describes its own.
 *
 * <p>Nothing is lost when the connection drops (a database restart) or when this server has just
 * joined: after every (re)connection, and once more a few seconds later (the time the other servers
 * take to notice a new listener), it reads the events recorded since shortly before it last knew
 * itself connected, and delivers those it has not delivered and did not record itself. Every two
 * seconds it tells {@link ClusterEvents} whether other servers listen, so a server alone on its
 * database announces nothing. A server that starts announcing because it has just noticed another
 * listener says {@code hello} on the channel; the others then catch up with the events of the last
 * {@link #HELLO_CATCH_UP} (now, and once more {@link #SECOND_CATCH_UP} later, for transactions that
 * were committing meanwhile), since that server recorded them without announcing them. So no event
 * is lost however late, on a busy machine, a server notices a new one.
 *
 * <p>The same connection listens on {@code switchboard_configuration} ({@link
 * V17__ConfigurationNotices}): a workspace, activity, task channel or task queue changed, by any
 * server. The second-level cache, which holds those rows and knows only this server's own writes,
 * is emptied on every such notice (configuration changes are rare; emptying it all keeps eviction
 * simple and complete), and after every (re)connection, since notices sent while the connection was
 * down are lost. On H2 (one server by definition) it does not start.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ClusterListener {

  static final String APPLICATION_NAME = "switchboard-events ";

  private static final Logger LOG = Logger.getLogger(ClusterListener.class.getName());
  private static final Duration PEER_CHECK = Duration.ofSeconds(2);
  private static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(5);
  private static final Duration SECOND_CATCH_UP = Duration.ofSeconds(3);
  private static final int REMEMBERED = 20_000;

  /** What a server that has just noticed other listeners says on the channel. */
  static final String HELLO = "hello";

  /** How far back a {@code hello} makes the others look for events it did not announce. */
  private static final Duration HELLO_CATCH_UP = Duration.ofSeconds(30);

  @Resource(lookup = "java:jboss/datasources/SwitchboardDS")
  private DataSource dataSource;

  @Resource private ManagedThreadFactory threads;
  @Inject private ClusterEvents cluster;
  @Inject private DatabaseKind kind;
  @Inject private EventRelay relay;
  @EJB private ClusterEventReader reader;

  @PersistenceUnit(unitName = "switchboard")
  private EntityManagerFactory entities;

  private volatile boolean stopping;
  private volatile Connection listening;
  private Thread thread;

  /** When this server last knew its listening connection good. */
  private Instant lastGood;

  private final Set<String> delivered =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > REMEMBERED;
            }
          });

  @PostConstruct
  void start() {
    boolean postgres;
    try {
      postgres = kind.isPostgres();
    } catch (RuntimeException e) {
      postgres = true; // the database is away at start: try, the loop waits for it
    }
    if (!postgres) {
      return;
    }
    thread = threads.newThread(this::run);
    thread.setName("switchboard-events-listener");
    thread.setDaemon(true);
    thread.start();
  }

  @PreDestroy
  void stop() {
    stopping = true;
    cluster.peers(false);
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    long backoff = 500;
    while (!stopping) {
      try (Connection connection = openOwnConnection()) {
        listening = connection;
        listen(connection);
        backoff = 500;
      } catch (SQLException | RuntimeException | ReflectiveOperationException e) {
        if (stopping) {
          break;
        }
        cluster.peers(false);
        LOG.log(
            Level.WARNING,
            "Realtime events from other servers: lost the database connection ({0});"
                + " reconnecting in {1} ms and catching up",
            new Object[] {e.toString(), backoff});
        sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      } finally {
        listening = null;
      }
    }
  }

  private void listen(Connection connection) throws SQLException, ReflectiveOperationException {
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      statement.execute("set application_name = '" + APPLICATION_NAME + cluster.node() + "'");
      statement.execute("listen " + ClusterEvents.CHANNEL);
      statement.execute("listen " + V17__ConfigurationNotices.CHANNEL);
    }
    // what changed while no notice could arrive is unknown: read the configuration afresh
    forgetConfiguration();
    Object pg = underlying(connection);
    Method poll = pg.getClass().getMethod("getNotifications", int.class);
    Instant connected = Instant.now();
    Instant since = (lastGood == null ? connected : lastGood).minus(CATCH_UP_MARGIN);
    checkPeers(connection);
    catchUp(since);
    Instant secondCatchUp = connected.plus(SECOND_CATCH_UP);
    Instant nextPeerCheck = connected.plus(PEER_CHECK);
    LOG.info("Listening for realtime events of other servers as " + cluster.node());
    while (!stopping) {
      Object notifications = poll.invoke(pg, 500);
      lastGood = Instant.now();
      List<String> sids = new ArrayList<>();
      boolean hello = false;
      boolean configurationChanged = false;
      int n = notifications == null ? 0 : Array.getLength(notifications);
      for (int i = 0; i < n; i++) {
        Object notification = Array.get(notifications, i);
        String payload =
            (String) notification.getClass().getMethod("getParameter").invoke(notification);
        String channel = (String) notification.getClass().getMethod("getName").invoke(notification);
        if (V17__ConfigurationNotices.CHANNEL.equals(channel)) {
          configurationChanged = true;
          continue;
        }
        int space = payload.indexOf(' ');
        if (space > 0 && !payload.substring(0, space).equals(cluster.node())) {
          String said = payload.substring(space + 1);
          if (HELLO.equals(said)) {
            hello = true;
          } else {
            sids.add(said);
          }
        }
      }
      if (configurationChanged) {
        forgetConfiguration();
      }
      deliver(sids);
      Instant now = Instant.now();
      if (hello) {
        // another server has just noticed this one: what it recorded before went unannounced
        since = now.minus(HELLO_CATCH_UP);
        catchUp(since);
        secondCatchUp = now.plus(SECOND_CATCH_UP);
      }
      if (secondCatchUp != null && now.isAfter(secondCatchUp)) {
        catchUp(since);
        secondCatchUp = null;
      }
      if (now.isAfter(nextPeerCheck)) {
        checkPeers(connection);
        nextPeerCheck = now.plus(PEER_CHECK);
      }
    }
  }

  /** Empties the second-level cache: the next read of each configuration row is the database's. */
  private void forgetConfiguration() {
    entities.getCache().evictAll();
  }

  /** Delivers the events recorded since {@code since} that this server has not seen. */
  private void catchUp(Instant since) {
    List<String> missed = new ArrayList<>();
    for (String sid : reader.recordedSince(since)) {
      if (!cluster.recordedHere(sid) && !delivered.contains(sid)) {
        missed.add(sid);
      }
    }
    if (!missed.isEmpty()) {
      LOG.info("Caught up with " + missed.size() + " realtime event(s) of other servers");
    }
    deliver(missed);
  }

  private void deliver(List<String> sids) {
    List<String> fresh = new ArrayList<>();
    for (String sid : sids) {
      if (delivered.add(sid)) {
        fresh.add(sid);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    RealtimeSink sink = relay.sink();
    if (sink == null) {
      return;
    }
    for (Object described : reader.describe(fresh, sink)) {
      try {
        sink.deliver(described);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Delivering another server's event to live connections failed", e);
      }
    }
  }

  private void checkPeers(Connection connection) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "select count(*) from pg_stat_activity where datname = current_database()"
                + " and application_name like ? and application_name <> ?")) {
      query.setString(1, APPLICATION_NAME + "%");
      query.setString(2, APPLICATION_NAME + cluster.node());
      boolean others;
      try (ResultSet result = query.executeQuery()) {
        result.next();
        others = result.getLong(1) > 0;
      }
      boolean noticed = others && !cluster.peers();
      cluster.peers(others);
      if (noticed) {
        try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
          notify.setString(1, ClusterEvents.CHANNEL);
          notify.setString(2, cluster.node() + " " + HELLO);
          notify.execute();
        }
      }
    }
  }

  /**
   * A connection of its own, outside the pool: it is held for as long as the server runs, which the
   * pool's connection tracking would report at every EJB call of this thread. The driver, URL and
   * user are the datasource's; the password is the configured one.
   */
  private Connection openOwnConnection() throws SQLException, ReflectiveOperationException {
    Object pooledDriverConnection;
    String url;
    String user;
    try (Connection pooled = dataSource.getConnection()) {
      pooledDriverConnection = underlying(pooled);
      url = pooled.getMetaData().getURL();
      user = pooled.getMetaData().getUserName();
    }
    java.sql.Driver driver =
        (java.sql.Driver)
            pooledDriverConnection
                .getClass()
                .getClassLoader()
                .loadClass("org.postgresql.Driver")
                .getDeclaredConstructor()
                .newInstance();
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("user", user);
    String password = Settings.get("switchboard.db.password").orElse(" ");
    if (!password.isBlank()) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", APPLICATION_NAME + cluster.node());
    properties.setProperty("tcpKeepAlive", "true");
    Connection own = driver.connect(url, properties);
    if (own == null) {
      throw new SQLException("The PostgreSQL driver does not accept " + url);
    }
    return own;
  }

  /** The driver's own connection under the pool's wrapper. */
  private static Object underlying(Connection connection) throws ReflectiveOperationException {
    Object current = connection;
    for (int i = 0; i < 3; i++) {
      Method getter;
      try {
        getter = current.getClass().getMethod("getUnderlyingConnection");
      } catch (NoSuchMethodException e) {
        break;
      }
      current = getter.invoke(current);
    }
    return current;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
