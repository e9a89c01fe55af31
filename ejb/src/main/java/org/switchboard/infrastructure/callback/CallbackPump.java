package org.switchboard.infrastructure.callback;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.application.ReservationService;
import org.switchboard.application.ReservationUpdate;
import org.switchboard.domain.reservation.Instructions;
import org.switchboard.domain.shared.Jsons;

/**
 * Delivers the outbox: right after each commit that recorded events, and every second for retries
 * and for callbacks left by a stopped server. Each request is a form POST signed with {@code
 * X-Twilio-Signature} and given {@link #TIMEOUT_SECONDS} seconds, sent from the container's managed
 * executor so that a slow receiver never holds up routing. An assignment callback's JSON answer
 * ({@code {"instruction": "accept"}}, {@code "reject"}, {@code "dequeue"}, {@code "call"}, {@code
 * "redirect"} or {@code "conference"}, with their parameters) is applied to the reservation.
 *
 * <p>At most {@link #MAX_IN_FLIGHT} callbacks are handed to the executor and not yet finished: a
 * receiver that is down while events pour in leaves tens of thousands of callbacks due, and they
 * wait in the outbox (the database), not in the executor's queue, so memory does not grow with
 * them. A callback committed while the limit is reached waits in memory, up to {@link
 * #MAX_DEFERRED} of them, and is sent as soon as a delivery finishes (or by the next pump, within a
 * second); past that it stays in the outbox and a later pump sends it once its lease runs out
 * ({@link CallbackStore#LEASE}).
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CallbackPump {

  private static final Logger LOG = Logger.getLogger(CallbackPump.class.getName());

  /** TaskRouter gives a callback receiver this long to answer. */
  public static final int TIMEOUT_SECONDS = 5;

  private static final int BATCH = 50;

  /** Callbacks handed to the executor and not yet finished, at most: a few per sender thread. */
  static final int MAX_IN_FLIGHT = 200;

  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

  /**
   * Callbacks committed while {@link #MAX_IN_FLIGHT} were being sent, kept for the next free
   * permit, at most: each holds its URL and form body (a few KB), so a few MB in all.
   */
  static final int MAX_DEFERRED = 2_000;

  private final Queue<CallbackStore.Claimed> deferred = new ConcurrentLinkedQueue<>();
  private final AtomicInteger deferredCount = new AtomicInteger();

  @EJB private CallbackStore store;
  @EJB private ReservationService reservations;

  @Resource(lookup = "java:jboss/ee/concurrency/executor/switchboard-callbacks")
  private ManagedExecutorService executor;

  /** Sent callbacks not yet recorded as delivered. */
  private final Queue<Long> delivered = new ConcurrentLinkedQueue<>();

  private static final int DELIVERED_BATCH = 100;

  private final AtomicBoolean pumping = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();

  /**
   * The JDK's HTTP client, HTTP/1.1 only (no {@code h2c} upgrade offered to receivers), keeping
   * connections to a receiver open between callbacks and following no redirects, as TaskRouter does
   * not. It replaced the JAX-RS client, whose every request built a provider registry and ran its
   * filter and entity-writer chains: in a profile of the lifecycle benchmark that was more than
   * half of a delivery's CPU, for a form POST whose body is already written. The client's own
   * threads (its selector and a cached pool) carry the I/O while the executor's thread waits for
   * the answer; they are not the managed executor's, which would deadlock once all its threads
   * waited.
   */
  private HttpClient client;

  @PostConstruct
  void open() {
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @PreDestroy
  void close() {
    recordDelivered();
    // from JDK 21 the client closes its connections and its selector thread; before, they end
    // when it is collected
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(Level.FINE, "Closing the callback client failed", e);
      }
    }
  }

  /**
   * After a commit that wrote a callback, send it at once (it was leased to this server when it was
   * written). If {@link #MAX_IN_FLIGHT} callbacks are being sent, it waits for a free permit among
   * the deferred ones, or, past {@link #MAX_DEFERRED}, for its lease to run out and a later pump;
   * so does it if the executor refuses (shutting down).
   */
  public void onCommitted(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) CallbackOutbox.Queued queued) {
    if (inFlight.tryAcquire()) {
      send(queued.callback());
    } else if (deferredCount.incrementAndGet() <= MAX_DEFERRED) {
      deferred.add(queued.callback());
    } else {
      deferredCount.decrementAndGet();
      LOG.fine("Callback delivery left to its lease: " + MAX_IN_FLIGHT + " are being sent");
    }
  }

  /**
   * Hands a callback to the executor, holding a permit of {@link #inFlight} until it is sent; the
   * permit then passes to a deferred callback, if one waits.
   */
  private void send(CallbackStore.Claimed callback) {
    try {
      executor.execute(
          () -> {
            try {
              deliver(callback);
            } finally {
              CallbackStore.Claimed next = nextDeferred();
              if (next == null) {
                inFlight.release();
              } else {
                send(next);
              }
            }
          });
    } catch (RejectedExecutionException e) {
      inFlight.release();
      LOG.fine("Callback delivery not started: " + e);
    }
  }

  private CallbackStore.Claimed nextDeferred() {
    CallbackStore.Claimed next = deferred.poll();
    if (next != null) {
      deferredCount.decrementAndGet();
    }
    return next;
  }

  /**
   * Sends deferred callbacks while permits are free: one committed just as the last delivery
   * finished found no permit and no delivery left to hand it on.
   */
  private void sendDeferred() {
    while (!deferred.isEmpty() && inFlight.tryAcquire()) {
      CallbackStore.Claimed next = nextDeferred();
      if (next == null) {
        inFlight.release();
        return;
      }
      send(next);
    }
  }

  /** Every second: retries that are due, and callbacks whose sender's lease ran out. */
  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void tick() {
    recordDelivered();
    pump();
  }

  /**
   * Marks the callbacks sent since the last call delivered, in one transaction. Deliveries are
   * recorded in batches (every second, or every {@link #DELIVERED_BATCH}) rather than one
   * transaction each: until recorded, a callback is still leased, so nobody sends it again unless
   * this server stops first, and then it is sent again, as at-least-once delivery allows (the
   * receiver has its {@code I-Twilio-Idempotency-Token}).
   */
  void recordDelivered() {
    List<Long> ids = new ArrayList<>();
    for (Long id = delivered.poll(); id != null; id = delivered.poll()) {
      ids.add(id);
    }
    if (!ids.isEmpty()) {
      try {
        store.delivered(ids);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Recording delivered callbacks failed; they may be sent again", e);
      }
    }
  }

  void pump() {
    if (!pumping.compareAndSet(false, true)) {
      return;
    }
    try {
      sendDeferred();
      do {
        again.set(false);
        int room = drainUpTo(BATCH);
        List<CallbackStore.Claimed> claimed = List.of();
        try {
          if (room > 0) {
            claimed = store.claimDue(room);
          }
        } finally {
          inFlight.release(room - claimed.size()); // the permits no callback took
        }
        for (CallbackStore.Claimed callback : claimed) {
          send(callback);
          again.set(true);
        }
      } while (again.get());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Callback delivery pass failed; the next one retries", e);
    } finally {
      pumping.set(false);
    }
  }

  /** Takes up to {@code max} permits of {@link #inFlight} without waiting; how many it took. */
  private int drainUpTo(int max) {
    int taken = 0;
    while (taken < max && inFlight.tryAcquire()) {
      taken++;
    }
    return taken;
  }

  private void deliver(CallbackStore.Claimed callback) {
    String error;
    try {
      // the signature covers the URL and the parameters: parsed once, signed for each URL tried
      Map<String, String> parameters = parse(callback.body());
      HttpResponse<String> response = post(callback.url(), callback, parameters);
      if (response == null && callback.fallbackUrl() != null && !callback.fallbackUrl().isBlank()) {
        response = post(callback.fallbackUrl(), callback, parameters);
      }
      if (response != null) {
        delivered.add(callback.id());
        if (delivered.size() >= DELIVERED_BATCH) {
          recordDelivered();
        }
        if (callback.kind() == OutboundCallback.Kind.ASSIGNMENT) {
          applyInstruction(callback, response.body());
        }
        return;
      }
      error = "no 2xx answer from " + callback.url();
    } catch (RuntimeException e) {
      error = e.toString();
    }
    LOG.fine("Callback " + callback.id() + " failed: " + error);
    store.failed(callback.id(), error);
  }

  /** The response if the receiver answered 2xx within {@link #TIMEOUT_SECONDS}, else null. */
  private HttpResponse<String> post(
      String url, CallbackStore.Claimed callback, Map<String, String> parameters) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header(
                  "X-Twilio-Signature", TwilioSignature.sign(callback.authToken(), url, parameters))
              // the same on every attempt, so a receiver can tell a repeat from a new callback
              .header("I-Twilio-Idempotency-Token", "switchboard-callback-" + callback.id())
              .POST(HttpRequest.BodyPublishers.ofString(callback.body(), StandardCharsets.UTF_8))
              .build();
      HttpResponse<String> response =
          client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return response.statusCode() / 100 == 2 ? response : null;
    } catch (IOException | RuntimeException e) {
      LOG.fine("Callback to " + url + " failed: " + e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.fine("Callback to " + url + " interrupted");
      return null;
    }
  }

  private void applyInstruction(CallbackStore.Claimed callback, String body) {
    JsonObject answer;
    try (JsonReader reader = Jsons.createReader(new StringReader(body == null ? "" : body))) {
      answer = reader.readObject();
    } catch (RuntimeException e) {
      return; // not JSON: the reservation stays pending for the worker to answer
    }
    JsonValue instruction = answer.get("instruction");
    if (!(instruction instanceof JsonString name)) {
      return;
    }
    // TaskRouter's callback names (to, url, call_sid, post_work_activity_sid, …) by their REST
    // names; post_work_activity_sid is not the next activity: it applies when the call ends
    Map<String, String> parameters =
        new LinkedHashMap<>(Instructions.fromCallback(name.getString(), answer));
    String activity = parameters.remove("WorkerActivitySid");
    if (activity == null) {
      activity = parameters.remove("ActivitySid");
    }
    try {
      reservations.apply(
          callback.workspaceSid(),
          callback.reservationSid(),
          new ReservationUpdate(null, name.getString(), activity, parameters, null));
    } catch (RuntimeException e) {
      LOG.log(
          Level.INFO,
          "Instruction of the assignment callback for "
              + callback.reservationSid()
              + " not applied",
          e);
    }
  }

  static Map<String, String> parse(String form) {
    Map<String, String> parameters = new HashMap<>();
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      parameters.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return parameters;
  }
}
