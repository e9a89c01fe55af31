package org.switchboard.telephony.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.response.ManagerError;

/**
 * Keeps one logged-in AMI connection (Asterisk-Java's {@link ManagerConnection}) to Asterisk.
 * Connection attempts run on the given scheduler (the container's managed scheduled executor in
 * WildFly), never on the caller's thread; a failed attempt or a lost connection is retried with
 * exponential backoff from 100 ms up to {@code maxBackoff}. Asterisk-Java's own reconnect loop is
 * stopped at once (it would retry on unmanaged threads every 5 s and log each attempt); this class
 * logs a lost or unreachable PBX once, and the reconnect once.
 *
 * <p>Thread-safe. Events are passed to the {@link Listener} on Asterisk-Java's reader thread: the
 * listener must hand them off quickly and must not send actions synchronously from there.
 */
public final class AmiConnector {

  /** Receives the connection's life and its events. */
  public interface Listener {
    /** Logged in (after start or a reconnect); called on a scheduler thread. */
    void connected();

    /** One event from Asterisk, on the reader thread. */
    void event(ManagerEvent event);
  }

  private static final Logger LOG = Logger.getLogger(AmiConnector.class.getName());
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long ACTION_TIMEOUT_MILLIS = 10_000;

  private final String host;
  private final int port;
  private final String user;
  private final String secret;
  private final Duration maxBackoff;
  private final Duration pingInterval;
  private final ScheduledExecutorService scheduler;
  private final Listener listener;

  private final Object lock = new Object();
  private ManagerConnection connection;
  private int failures;
  private boolean stopped;
  private ScheduledFuture<?> nextAttempt;
  private ScheduledFuture<?> pinger;

  public AmiConnector(
      String host,
      int port,
      String user,
      String secret,
      Duration maxBackoff,
      Duration pingInterval,
      ScheduledExecutorService scheduler,
      Listener listener) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.secret = secret;
    this.maxBackoff = maxBackoff;
    this.pingInterval = pingInterval;
    this.scheduler = scheduler;
    this.listener = listener;
  }

  /**
   * Starts connecting in the background and pinging every {@code pingInterval} (a connection that
   * does not answer a {@code Ping} is dropped and replaced, so a silently broken TCP connection is
   * noticed); returns at once.
   */
  public void start() {
    schedule(0);
    long every = pingInterval.toMillis();
    try {
      ScheduledFuture<?> future =
          scheduler.scheduleWithFixedDelay(this::ping, every, every, TimeUnit.MILLISECONDS);
      synchronized (lock) {
        pinger = future;
      }
    } catch (RejectedExecutionException e) {
      LOG.fine("AMI keep-alive not scheduled: shutting down");
    }
  }

  /**
   * Logs off and stops reconnecting: a connection attempt waiting for its backoff is canceled, so
   * no attempt starts on a scheduler that the stopping server is about to refuse (WildFly logs such
   * a refusal as an ERROR with a stack trace), and one under way ends quietly.
   */
  public void stop() {
    ManagerConnection current;
    synchronized (lock) {
      stopped = true;
      current = connection;
      connection = null;
      cancel(pinger);
      cancel(nextAttempt);
      nextAttempt = null;
    }
    logoff(current);
  }

  private static void cancel(ScheduledFuture<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }

  /** Whether a logged-in connection is up now. */
  public boolean isConnected() {
    synchronized (lock) {
      return connection != null && connection.getState() == ManagerConnectionState.CONNECTED;
    }
  }

  /**
   * Sends an action without waiting for its response; a response that is an error is logged.
   *
   * @return false if no connection is up (the action is not sent)
   */
  public boolean send(ManagerAction action) {
    return send(action, accepted -> {});
  }

  /**
   * Sends an action without waiting for its response, and tells {@code answered} whether Asterisk
   * carried it out ({@code Response: Success}) or refused it (an error, which is logged, e.g.
   * {@code Permission denied} when the AMI user lacks the action's permission class). {@code
   * answered} runs on Asterisk-Java's reader thread: it must hand work off quickly. It is not
   * called when the connection drops before the response.
   *
   * @return false if no connection is up (the action is not sent)
   */
  public boolean send(ManagerAction action, Consumer<Boolean> answered) {
    ManagerConnection current = current().orElse(null);
    if (current == null) {
      return false;
    }
    try {
      current.sendAction(
          action,
          response -> {
            boolean refused = response instanceof ManagerError;
            if (refused) {
              // Hanging up a channel that is already gone is expected (both legs of a call end).
              LOG.log(
                  action instanceof HangupAction ? Level.FINE : Level.WARNING,
                  () -> "AMI " + action.getAction() + " answered error: " + response.getMessage());
            }
            answered.accept(!refused);
          });
      return true;
    } catch (Exception e) {
      LOG.log(Level.WARNING, "AMI " + action.getAction() + " not sent", e);
      return false;
    }
  }

  /**
   * Sends an action that answers with a list of events and waits for the list (call it from a
   * worker thread, never from the listener).
   *
   * @return the events of the list, or empty if no connection is up or it failed
   */
  public Optional<List<ManagerEvent>> list(EventGeneratingAction action) {
    ManagerConnection current = current().orElse(null);
    if (current == null) {
      return Optional.empty();
    }
    try {
      ResponseEvents events = current.sendEventGeneratingAction(action, ACTION_TIMEOUT_MILLIS);
      if (events.getResponse() instanceof ManagerError) {
        LOG.warning(
            () ->
                "AMI "
                    + action.getAction()
                    + " answered error: "
                    + events.getResponse().getMessage());
        return Optional.empty();
      }
      return Optional.of(new ArrayList<ManagerEvent>(events.getEvents()));
    } catch (Exception e) {
      LOG.log(Level.WARNING, "AMI " + action.getAction() + " failed", e);
      return Optional.empty();
    }
  }

  /** The wait before attempt number {@code failures + 1}: 100 ms doubling, capped. */
  static long backoffMillis(int failures, Duration max) {
    if (failures <= 0) {
      return 0;
    }
    long delay = FIRST_BACKOFF_MILLIS << Math.min(failures - 1, 20);
    return Math.min(delay, max.toMillis());
  }

  private Optional<ManagerConnection> current() {
    synchronized (lock) {
      return Optional.ofNullable(connection);
    }
  }

  private void schedule(long delayMillis) {
    synchronized (lock) {
      if (stopped || nextAttempt != null) {
        return;
      }
      try {
        nextAttempt = scheduler.schedule(this::attempt, delayMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        LOG.fine("AMI reconnect not scheduled: shutting down");
      }
    }
  }

  /** Whether a connection attempt is waiting for its turn (for tests). */
  boolean attemptPending() {
    synchronized (lock) {
      return nextAttempt != null;
    }
  }

  private void attempt() {
    synchronized (lock) {
      nextAttempt = null;
      if (stopped || connection != null) {
        return;
      }
    }
    ManagerConnection candidate;
    try {
      candidate = loggedIn();
    } catch (Exception | LinkageError e) {
      failedAttempt(e);
      return;
    }
    synchronized (lock) {
      if (stopped) {
        logoff(candidate);
        return;
      }
      connection = candidate;
      failures = 0;
    }
    LOG.info(() -> "AMI connected to " + host + ":" + port + " as " + user);
    try {
      listener.connected();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "AMI connect handling failed", e);
    }
  }

  private ManagerConnection loggedIn() throws Exception {
    ManagerConnection candidate =
        new ManagerConnectionFactory(host, port, user, secret).createManagerConnection();
    candidate.addEventListener(event -> onEvent(candidate, event));
    try {
      candidate.login();
    } catch (Exception | LinkageError e) {
      quietLogoff(candidate);
      throw e;
    }
    return candidate;
  }

  private void failedAttempt(Throwable e) {
    int failed;
    synchronized (lock) {
      if (stopped) {
        // The server stopped while this attempt was under way (its classes may be gone already).
        LOG.fine(() -> "AMI connection attempt ended by shutdown: " + e);
        return;
      }
      failed = ++failures;
    }
    if (failed == 1) {
      LOG.warning(
          () ->
              "AMI at "
                  + host
                  + ":"
                  + port
                  + " is not reachable ("
                  + e
                  + "); retrying with backoff up to "
                  + maxBackoff.toSeconds()
                  + " s");
    } else {
      LOG.fine(() -> "AMI connection attempt " + failed + " failed: " + e);
    }
    schedule(backoffMillis(failed, maxBackoff));
  }

  private void onEvent(ManagerConnection source, ManagerEvent event) {
    if (event instanceof DisconnectEvent) {
      lost(source, "closed");
      return;
    }
    listener.event(event);
  }

  private void ping() {
    ManagerConnection current = current().orElse(null);
    if (current == null) {
      return;
    }
    try {
      current.sendAction(
          new PingAction(), Math.min(ACTION_TIMEOUT_MILLIS, pingInterval.toMillis()));
    } catch (Exception e) {
      lost(current, "no answer to Ping");
    }
  }

  /** The connection is gone: forget it and reconnect with a fresh one. */
  private void lost(ManagerConnection source, String why) {
    boolean ours;
    synchronized (lock) {
      ours = connection == source;
      if (ours) {
        connection = null;
        failures = 1;
      }
    }
    // Also stops Asterisk-Java's own reconnect thread.
    quietLogoff(source);
    if (ours) {
      LOG.warning(
          () -> "AMI connection to " + host + ":" + port + " lost (" + why + "); reconnecting");
      schedule(backoffMillis(1, maxBackoff));
    }
  }

  private static void quietLogoff(ManagerConnection connection) {
    ManagerConnectionState state = connection.getState();
    if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING) {
      try {
        connection.logoff();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }

  private static void logoff(ManagerConnection connection) {
    if (connection != null) {
      quietLogoff(connection);
    }
  }
}
