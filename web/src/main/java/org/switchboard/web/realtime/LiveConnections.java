package org.switchboard.web.realtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskTransfer;
import org.switchboard.domain.worker.Worker;
import org.switchboard.infrastructure.config.Settings;
import org.switchboard.infrastructure.realtime.EventRelay;
import org.switchboard.infrastructure.realtime.RealtimeSink;

/**
 * The live sockets of {@code wsServer}, by worker and by workspace, and the delivery of committed
 * events to them.
 *
 * <p>A worker's sockets receive the events the SDK handles for that worker: its {@code
 * worker.activity.update} and {@code worker.attributes.update}, every {@code reservation.*} of its
 * reservations, and {@code task.updated/canceled/wrapup/completed} of tasks it holds a reservation
 * of. A supervisor's sockets receive every event of the workspace. Frames are built inside the
 * recording transaction and sent only after it commits, in the order the events were recorded.
 *
 * <p>Every 15 s each socket gets a heartbeat (a blank frame; the SDK drops a socket silent for 30
 * s), and a socket whose token has expired is closed. When a worker's last socket closes and it did
 * not opt out with {@code setWorkerOfflineIfDisconnected=false}, the worker is moved offline after
 * a grace period ({@code switchboard.realtime.offline-grace-seconds}, default 60) unless it
 * reconnected meanwhile.
 *
 * <p>The gauge {@code switchboard.realtime.sockets} counts this server's open sockets by {@code
 * role} ({@code worker}, {@code supervisor}).
 */
@ApplicationScoped
public class LiveConnections implements RealtimeSink {

  static final String GRACE = "switchboard.realtime.offline-grace-seconds";
  static final int MAX_QUEUED = 1000;
  private static final long HEARTBEAT_SECONDS = 15;
  private static final String HEARTBEAT = " ";
  private static final Logger LOG = Logger.getLogger(LiveConnections.class.getName());

  /** The open sockets of a map of them, for the gauge. */
  private static final ToDoubleFunction<Map<String, Set<Connection>>> SOCKETS =
      sockets -> sockets.values().stream().mapToInt(Set::size).sum();

  /** Events the SDK handles for its worker, addressed by the event's worker_sid. */
  private static final Set<EventType> WORKER_EVENTS =
      EnumSet.of(
          EventType.WORKER_ACTIVITY_UPDATE,
          EventType.WORKER_ATTRIBUTES_UPDATE,
          EventType.RESERVATION_CREATED,
          EventType.RESERVATION_ACCEPTED,
          EventType.RESERVATION_REJECTED,
          EventType.RESERVATION_TIMEOUT,
          EventType.RESERVATION_CANCELED,
          EventType.RESERVATION_RESCINDED,
          EventType.RESERVATION_COMPLETED,
          EventType.RESERVATION_WRAPUP,
          EventType.RESERVATION_FAILED);

  /** Task events the SDK handles, sent to the workers holding a reservation of the task. */
  private static final Set<EventType> TASK_EVENTS =
      EnumSet.of(
          EventType.TASK_UPDATED,
          EventType.TASK_CANCELED,
          EventType.TASK_COMPLETED,
          EventType.TASK_WRAPUP,
          EventType.TASK_TRANSFER_INITIATED,
          EventType.TASK_TRANSFER_ATTEMPT_FAILED,
          EventType.TASK_TRANSFER_COMPLETED,
          EventType.TASK_TRANSFER_FAILED,
          EventType.TASK_TRANSFER_CANCELED);

  private static final List<ReservationStatus> HOLDING =
      List.of(
          ReservationStatus.PENDING,
          ReservationStatus.ACCEPTED,
          ReservationStatus.WRAPPING,
          ReservationStatus.COMPLETED);

  @Inject private EventRelay relay;
  @Inject private EventBridgeRequests requests;
  @Inject private Clock clock;
  @Inject private MeterRegistry registry;

  @Resource private ManagedScheduledExecutorService scheduler;

  private final Map<Session, Connection> bySession = new ConcurrentHashMap<>();
  private final Map<String, Set<Connection>> byWorker = new ConcurrentHashMap<>();
  private final Map<String, Set<Connection>> supervisors = new ConcurrentHashMap<>();
  private final Map<String, Set<Connection>> byWorkspace = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> pendingOffline = new ConcurrentHashMap<>();
  private ScheduledFuture<?> heartbeat;
  private long graceSeconds;
  private volatile boolean stopping;

  /**
   * One open socket, what its token grants, and its outbox: frames are sent asynchronously one
   * after the other, in the order they were queued, so a slow client never blocks the thread that
   * committed an event (or the heartbeat). A client that falls {@value #MAX_QUEUED} frames behind
   * is closed (1013); it reconnects and the SDK fetches the current state.
   */
  static final class Connection {
    private final Session session;
    private final AccessTokens.Verified token;
    private final boolean offlineIfDisconnected;
    private final Queue<String> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();

    Connection(Session session, AccessTokens.Verified token, boolean offlineIfDisconnected) {
      this.session = session;
      this.token = token;
      this.offlineIfDisconnected = offlineIfDisconnected;
    }

    Session session() {
      return session;
    }

    AccessTokens.Verified token() {
      return token;
    }

    boolean offlineIfDisconnected() {
      return offlineIfDisconnected;
    }

    void enqueue(String frame) {
      if (queued.incrementAndGet() > MAX_QUEUED) {
        close(this, CloseReason.CloseCodes.TRY_AGAIN_LATER, "Too slow to read its events");
        return;
      }
      outbox.add(frame);
      pump();
    }

    private void pump() {
      while (sending.compareAndSet(false, true)) {
        String next = outbox.poll();
        if (next == null) {
          sending.set(false);
          if (outbox.isEmpty()) {
            return;
          }
          continue; // a frame arrived between poll and reset
        }
        queued.decrementAndGet();
        try {
          session.getAsyncRemote().sendText(next, this::sent);
          return;
        } catch (RuntimeException e) {
          sending.set(false);
          LOG.log(Level.FINE, "Sending to a socket failed; closing it", e);
          close(this, CloseReason.CloseCodes.CLOSED_ABNORMALLY, "Send failed");
          return;
        }
      }
    }

    private void sent(SendResult result) {
      sending.set(false);
      if (result.isOK()) {
        pump();
      } else {
        LOG.log(Level.FINE, "Sending to a socket failed; closing it", result.getException());
        close(this, CloseReason.CloseCodes.CLOSED_ABNORMALLY, "Send failed");
      }
    }
  }

  /** What one committed event sends: the frame, to which workers, and whether to supervisors. */
  record Outgoing(String workspaceSid, Set<String> workers, boolean supervisors, String frame) {}

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    graceSeconds = Settings.get(GRACE).map(Long::parseLong).orElse(60L);
    relay.attach(this);
    // registered by name and tags: WildFly 39 exports nothing registered through a builder
    registry.gauge("switchboard.realtime.sockets", Tags.of("role", "worker"), byWorker, SOCKETS);
    registry.gauge(
        "switchboard.realtime.sockets", Tags.of("role", "supervisor"), supervisors, SOCKETS);
    heartbeat =
        scheduler.scheduleAtFixedRate(
            this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    stopping = true; // sockets closed by the shutdown move nobody offline
    relay.detach(this);
    registry.find("switchboard.realtime.sockets").gauges().forEach(registry::remove);
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    pendingOffline.values().forEach(f -> f.cancel(false));
    bySession.values().forEach(c -> close(c, CloseReason.CloseCodes.GOING_AWAY, "Server stopping"));
  }

  /**
   * Registers a socket whose token was verified and sends its {@code init} frame.
   *
   * @param closeExisting close the worker's other sockets ({@code closeExistingSessions=true})
   */
  void open(Session session, AccessTokens.Verified token, boolean closeExisting, boolean offline) {
    Connection connection = new Connection(session, token, offline);
    if (token.isWorker()) {
      ScheduledFuture<?> pending = pendingOffline.remove(token.workerSid());
      if (pending != null) {
        pending.cancel(false);
      }
      Set<Connection> mine = byWorker.computeIfAbsent(token.workerSid(), k -> set());
      List<Connection> older = List.copyOf(mine);
      mine.add(connection); // first, so closing the older ones never leaves the worker "gone"
      if (closeExisting) {
        for (Connection old : older) {
          close(
              old,
              CloseReason.CloseCodes.NORMAL_CLOSURE,
              "Closed by a newer session of this worker");
        }
      }
    } else {
      supervisors.computeIfAbsent(token.workspaceSid(), k -> set()).add(connection);
    }
    byWorkspace.computeIfAbsent(token.workspaceSid(), k -> set()).add(connection);
    bySession.put(session, connection);
    long lifetime = Math.max(0, token.expiresAt().toEpochMilli() - clock.instant().toEpochMilli());
    send(
        connection,
        frame(
            "init",
            Jsons.createObjectBuilder()
                .add("channel_id", token.isWorker() ? token.workerSid() : token.workspaceSid())
                .add("account_sid", token.accountSid())
                .add("workspace_sid", token.workspaceSid())
                .add("token_lifetime", lifetime)
                .add("role", token.role())
                .build(),
            null));
  }

  /** Forgets a closed socket; a worker's last one may move it offline after the grace period. */
  void closed(Session session) {
    Connection connection = bySession.remove(session);
    if (connection == null) {
      return;
    }
    AccessTokens.Verified token = connection.token();
    remove(byWorkspace, token.workspaceSid(), connection);
    if (!token.isWorker()) {
      remove(supervisors, token.workspaceSid(), connection);
      return;
    }
    boolean last = remove(byWorker, token.workerSid(), connection);
    if (last && connection.offlineIfDisconnected() && !stopping) {
      pendingOffline.put(
          token.workerSid(),
          scheduler.schedule(() -> offlineIfStillGone(token), graceSeconds, TimeUnit.SECONDS));
    }
  }

  /** The number of open sockets (for the benchmark and tests). */
  public int size() {
    return bySession.size();
  }

  @Override
  public Object describe(RouterEvent event, EntityManager em) {
    Set<Connection> inWorkspace = byWorkspace.get(event.getWorkspaceSid());
    if (inWorkspace == null || inWorkspace.isEmpty()) {
      return null;
    }
    EventType type = event.type();
    Set<String> workers = new LinkedHashSet<>();
    if (WORKER_EVENTS.contains(type) && event.getWorkerSid() != null) {
      workers.add(event.getWorkerSid());
    } else if (TASK_EVENTS.contains(type) && event.getTaskSid() != null) {
      workers.addAll(
          em.createQuery(
                  "select r.worker.sid from Reservation r"
                      + " where r.task.sid = :task and r.status in :statuses",
                  String.class)
              .setParameter("task", event.getTaskSid())
              .setParameter("statuses", HOLDING)
              .getResultList());
    }
    workers.removeIf(w -> !byWorker.containsKey(w) || byWorker.get(w).isEmpty());
    Set<Connection> watching = supervisors.get(event.getWorkspaceSid());
    boolean toSupervisors = watching != null && !watching.isEmpty();
    if (workers.isEmpty() && !toSupervisors) {
      return null;
    }
    return new Outgoing(
        event.getWorkspaceSid(),
        workers,
        toSupervisors,
        frame(type.wireName(), payload(event, em), event));
  }

  @Override
  public void deliver(Object described) {
    Outgoing out = (Outgoing) described;
    for (String worker : out.workers()) {
      sendAll(byWorker.get(worker), out.frame());
    }
    if (out.supervisors()) {
      sendAll(supervisors.get(out.workspaceSid()), out.frame());
    }
  }

  /** The resource the event is about, as the SDK's descriptors read it. */
  private JsonObject payload(RouterEvent event, EntityManager em) {
    Instant now = clock.instant();
    if (event.type().isTransfer()) {
      // the transfer itself, which the SDK's transfer handlers read
      return Jsons.createReader(new StringReader(event.getEventData())).readObject();
    }
    if (event.getEventType().startsWith("reservation.") && event.getReservationSid() != null) {
      Reservation r = event.subject(Reservation.class);
      if (r == null) {
        r = em.find(Reservation.class, event.getReservationSid());
      }
      if (r != null) {
        return Payloads.reservation(r, now, incoming(r, em), outgoing(r, em));
      }
    }
    if (event.getEventType().startsWith("worker.")) {
      Worker w = em.find(Worker.class, event.getResourceSid());
      if (w != null) {
        return Payloads.worker(w);
      }
    }
    if (event.getTaskSid() != null) {
      // the task as this transaction holds it: a new one is made persistent only once routed
      Task t = event.subject(Task.class);
      if (t == null) {
        t = em.find(Task.class, event.getTaskSid());
      }
      if (t != null) {
        return Payloads.task(t, now);
      }
    }
    return Jsons.createReader(new StringReader(event.getEventData())).readObject();
  }

  /** The transfer that brought a reservation's task, if it is a transfer task. */
  private static TaskTransfer incoming(Reservation r, EntityManager em) {
    if (r.getTask().getRoutingTarget() == null) {
      return null;
    }
    return em.createNamedQuery("TaskTransfer.ofTransferTask", TaskTransfer.class)
        .setParameter("task", r.getTaskSid())
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  /** The transfer under way that a held reservation's worker started, if any. */
  private static TaskTransfer outgoing(Reservation r, EntityManager em) {
    if (r.getStatus() != ReservationStatus.ACCEPTED
        && r.getStatus() != ReservationStatus.WRAPPING) {
      return null;
    }
    return em.createNamedQuery("TaskTransfer.activeOf", TaskTransfer.class)
        .setParameter("task", r.getTaskSid())
        .setParameter("status", TaskTransfer.Status.INITIATED)
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  /**
   * A frame: {@code {"event_type", "payload"}} as the SDK reads it, plus the event's sid, date
   * (epoch seconds), position ({@code sequence}), resource and {@code event_data} for pages that
   * want more.
   */
  private static String frame(String type, JsonObject payload, RouterEvent event) {
    JsonObjectBuilder b =
        Jsons.createObjectBuilder().add("event_type", type).add("payload", payload);
    if (event != null) {
      b.add("event_sid", event.getSid())
          .add("event_date", event.getDateCreated().getEpochSecond())
          .add("resource_type", event.getResourceType())
          .add("resource_sid", event.getResourceSid())
          .add(
              "event_data",
              Jsons.createReader(new StringReader(event.getEventData())).readObject());
      if (event.getSeq() != null) {
        b.add("sequence", event.getSeq());
      }
    }
    return b.build().toString();
  }

  private void beat() {
    Instant now = clock.instant();
    for (Connection c : bySession.values()) {
      try {
        if (!now.isBefore(c.token().expiresAt())) {
          close(c, CloseReason.CloseCodes.getCloseCode(4001), "Access Token expired");
        } else {
          send(c, HEARTBEAT);
        }
      } catch (RuntimeException e) {
        // one bad socket must not stop the heartbeat of the others (or the schedule)
        LOG.log(Level.FINE, "Heartbeat to a socket failed", e);
      }
    }
  }

  private void offlineIfStillGone(AccessTokens.Verified token) {
    pendingOffline.remove(token.workerSid());
    Set<Connection> now = byWorker.get(token.workerSid());
    if (now != null && !now.isEmpty()) {
      return;
    }
    try {
      requests.moveOffline(token.accountSid(), token.workspaceSid(), token.workerSid());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "Could not move disconnected worker " + token.workerSid() + " offline", e);
    }
  }

  private void sendAll(Collection<Connection> connections, String frame) {
    if (connections != null) {
      for (Connection c : connections) {
        send(c, frame);
      }
    }
  }

  /**
   * Sends one frame at once, blocking (for the socket's own thread: the error frame before a
   * refused socket is closed, or the answer to a client's frame).
   */
  static void sendNow(Session session, String frame) {
    try {
      session.getBasicRemote().sendText(frame);
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.FINE, "Sending to a socket failed", e);
    }
  }

  /** Queues one frame for a socket; frames reach a socket in the order they were queued. */
  static void send(Connection c, String frame) {
    if (c.session().isOpen()) {
      c.enqueue(frame);
    }
  }

  static void close(Connection c, CloseReason.CloseCode code, String reason) {
    try {
      c.session().close(new CloseReason(code, reason));
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.FINE, "Closing a socket failed", e);
    }
  }

  /** Removes from a set in the map; true if the set is now empty. */
  private static boolean remove(Map<String, Set<Connection>> map, String key, Connection c) {
    Set<Connection> set = map.get(key);
    if (set == null) {
      return true;
    }
    set.remove(c);
    return set.isEmpty();
  }

  private static Set<Connection> set() {
    return ConcurrentHashMap.newKeySet();
  }
}
