import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.switchboard.telephony.peer.FakeAmiServer;
import org.switchboard.telephony.peer.FastAgiCaller;

/**
 * Switchboard's voice burst benchmark, run by bench/voice/run.sh against a running server that
 * logs in to the fake AMI server this program starts. It plays the PBX with the wire-protocol
 * peers of the telephony adapter's tests (FastAgiCaller for FastAGI, FakeAmiServer for AMI) and
 * measures, for N calls arriving at once and N agents accepting at once:
 *
 * <ul>
 *   <li>caller answered → task created: from the FastAGI connection to the script's last command
 *       (the task is committed and SWITCHBOARD_STATUS=ok set);
 *   <li>accept → worker leg dialled into the conference: from the reservation's {@code
 *       Instruction=conference} request to the {@code Originate} reaching the PBX (a real Asterisk
 *       adds its own few ms to set the channel up); the peer answers at once with {@code
 *       OriginateResponse} Success;
 *   <li>reservation accepted after the worker joined: the {@code reservation.accepted} event's
 *       {@code event_date_ms} minus the moment the peer reported the leg answered (same clock).
 * </ul>
 *
 * Usage: java -cp telephony-adapter/target/test-classes bench/voice/VoiceBench.java BASE_URL
 * ACCOUNT_SID AUTH_TOKEN AMI_PORT AMI_SECRET FASTAGI_PORT [calls]
 */
public class VoiceBench {

  private static final Pattern SID = Pattern.compile("\"sid\":\"([A-Z]{2}[0-9a-f]{32})\"");
  private static final Pattern RESERVATION =
      Pattern.compile("\"reservation_status\":\"pending\",\"sid\":\"(WR[0-9a-f]{32})\"");
  private static final Pattern EVENT_MS = Pattern.compile("\"event_date_ms\":(\\d+)");

  private final String base;
  private final String auth;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  VoiceBench(String base, String account, String token) {
    this.base = base;
    this.auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((account + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  public static void main(String[] args) throws Exception {
    VoiceBench bench = new VoiceBench(args[0], args[1], args[2]);
    int calls = args.length > 6 ? Integer.parseInt(args[6]) : 100;
    int rounds = args.length > 7 ? Integer.parseInt(args[7]) : 1;
    int status = 1;
    try (FakeAmiServer ami = FakeAmiServer.start(Integer.parseInt(args[3]), "bench", args[4])) {
      bench.run(ami, Integer.parseInt(args[5]), calls, rounds);
      status = 0;
    } catch (Exception | Error e) {
      e.printStackTrace();
    } finally {
      System.exit(status); // the worker pools' threads would keep a failed run alive
    }
  }

  void run(FakeAmiServer ami, int fastAgiPort, int calls, int rounds) throws Exception {
    await(() -> ami.loggedIn() >= 1, "the server logged in to the fake AMI");
    String ws = sid(post("/v1/Workspaces", "FriendlyName", "voice-bench-" + System.nanoTime()));
    String path = "/v1/Workspaces/" + ws;
    String available = sid(get(path + "/Activities?FriendlyName=Available"));
    String queue = sid(post(path + "/TaskQueues", "FriendlyName", "Callers", "TargetWorkers", "1==1"));
    String workflow =
        sid(post(path + "/Workflows", "FriendlyName", "Calls", "Configuration",
            "{\"task_routing\":{\"filters\":[],\"default_filter\":{\"queue\":\"" + queue + "\"}}}"));
    ExecutorService pool = Executors.newFixedThreadPool(calls);
    all(pool, calls, i -> {
      String worker = sid(post(path + "/Workers", "FriendlyName", "agent" + i,
          "Attributes", "{\"contact_uri\":\"PJSIP/agent" + i + "\"}"));
      post(path + "/Workers/" + worker, "ActivitySid", available);
      return worker;
    });
    System.out.printf("setup: %d available agents with phones%n", calls);

    // Warm-up: one call end to end, so class loading and first queries are not measured.
    String warm = oneCall(ami, fastAgiPort, workflow, "warmup");
    await(() -> pending(path, warm) != null, "the warm-up call offered");
    ami.onOriginate(action -> FakeAmiServer.Outcome.ANSWER);
    post(path + "/Tasks/" + warm + "/Reservations/" + pending(path, warm), "Instruction", "conference");
    await(() -> get(path + "/Tasks/" + warm).contains("\"assignment_status\":\"assigned\""), "warm-up assigned");
    post(path + "/Tasks/" + warm, "AssignmentStatus", "completed", "Reason", "warm-up");

    // Each round is a burst of N calls; between rounds every call's task is completed, which
    // frees its agent. Later rounds measure a server the earlier ones warmed up.
    for (int round = 1; round <= rounds; round++) {
      String label = rounds == 1 ? "" : " round=" + round;
      List<String> tasks = burst(ami, fastAgiPort, path, workflow, pool, calls, round, label);
      for (String task : tasks) {
        post(path + "/Tasks/" + task, "AssignmentStatus", "completed", "Reason", "round over");
      }
    }
    pool.shutdownNow();
  }

  /**
   * One burst of {@code calls} callers and their agents' accepts, its figures reported under names
   * ending in {@code label}; the tasks it created.
   */
  private List<String> burst(
      FakeAmiServer ami, int fastAgiPort, String path, String workflow, ExecutorService pool,
      int calls, int round, String label) throws Exception {
    // (1) N callers at once: caller answered -> task created
    CountDownLatch go = new CountDownLatch(1);
    List<String> tasks = Collections.synchronizedList(new ArrayList<>());
    List<Long> enqueue = all(pool, calls, i -> {
      String uniqueId = "17330000" + (10 + round) + "." + i;
      String channel = "PJSIP/trunk-" + round + "-" + i;
      ami.newChannel(channel, uniqueId, "+3310000" + i);
      FastAgiCaller caller = FastAgiCaller.forRequest(
          "127.0.0.1", fastAgiPort, "enqueue?workflow=" + workflow, channel, uniqueId, "+3310000" + i);
      go.await();
      long t0 = System.nanoTime();
      caller.run("127.0.0.1", fastAgiPort, Duration.ofSeconds(60));
      long took = System.nanoTime() - t0;
      if (!"ok".equals(caller.variables().get("SWITCHBOARD_STATUS"))) {
        throw new IllegalStateException("call " + i + " not enqueued: " + caller.variables());
      }
      tasks.add(caller.variables().get("SWITCHBOARD_TASK_SID"));
      return took;
    }, go);
    report("caller_answered_to_task_created" + label, calls, enqueue);

    // every task offered to an agent
    Map<String, String> reservationOf = new ConcurrentHashMap<>();
    await(() -> {
      for (String task : tasks) {
        if (!reservationOf.containsKey(task)) {
          String r = pending(path, task);
          if (r != null) {
            reservationOf.put(task, r);
          }
        }
      }
      return reservationOf.size() == calls;
    }, "every call offered to an agent");

    // (2) N agents accept at once: accept -> worker leg dialled into the conference
    Map<String, Long> dialledAt = new ConcurrentHashMap<>();
    Map<String, Long> answeredAtMs = new ConcurrentHashMap<>();
    ami.onOriginate(action -> {
      dialledAt.put(action.get("ChannelId"), System.nanoTime());
      answeredAtMs.put(action.get("ChannelId"), System.currentTimeMillis());
      return FakeAmiServer.Outcome.ANSWER;
    });
    Map<String, Long> acceptAt = new ConcurrentHashMap<>();
    CountDownLatch accept = new CountDownLatch(1);
    List<String> ordered = List.copyOf(tasks);
    all(pool, calls, i -> {
      String task = ordered.get(i);
      String reservation = reservationOf.get(task);
      accept.await();
      acceptAt.put(reservation, System.nanoTime());
      post(path + "/Tasks/" + task + "/Reservations/" + reservation, "Instruction", "conference");
      return 0L;
    }, accept);
    await(() -> dialledAt.size() >= calls, "every worker leg dialled");
    List<Long> dial = new ArrayList<>();
    acceptAt.forEach((r, t0) -> dial.add(dialledAt.get(r) - t0));
    report("accept_to_worker_leg_dialled" + label, calls, dial);

    // (3) reservation accepted after the leg answered
    List<Long> lag = new ArrayList<>();
    await(() -> {
      lag.clear();
      for (String reservation : reservationOf.values()) {
        Matcher ms = EVENT_MS.matcher(get(path + "/Events?EventType=reservation.accepted&ReservationSid=" + reservation));
        if (ms.find()) {
          lag.add((Long.parseLong(ms.group(1)) - answeredAtMs.get(reservation)) * 1_000_000);
        }
      }
      return lag.size() == calls;
    }, "every reservation accepted");
    report("worker_answered_to_reservation_accepted" + label, calls, lag);
    return ordered;
  }

  /** One call handed over; its task sid. */
  private String oneCall(FakeAmiServer ami, int port, String workflow, String id) throws Exception {
    ami.newChannel("PJSIP/trunk-" + id, "1732999999.1", "+331");
    FastAgiCaller caller = FastAgiCaller.forRequest(
        "127.0.0.1", port, "enqueue?workflow=" + workflow, "PJSIP/trunk-" + id, "1732999999.1", "+331");
    caller.run("127.0.0.1", port, Duration.ofSeconds(60));
    return caller.variables().get("SWITCHBOARD_TASK_SID");
  }

  private String pending(String path, String task) throws Exception {
    Matcher m = RESERVATION.matcher(get(path + "/Tasks/" + task + "/Reservations"));
    return m.find() ? m.group(1) : null;
  }

  interface Step<T> {
    T run(int i) throws Exception;
  }

  /** Runs {@code step} for 0..n-1 on the pool (released together by {@code go}, if given). */
  @SafeVarargs
  static <T> List<T> all(ExecutorService pool, int n, Step<T> step, CountDownLatch... go)
      throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      futures.add(pool.submit((Callable<T>) () -> step.run(k)));
    }
    for (CountDownLatch latch : go) {
      latch.countDown();
    }
    List<T> out = new ArrayList<>();
    for (Future<T> f : futures) {
      out.add(f.get());
    }
    return out;
  }

  interface Check {
    boolean holds() throws Exception;
  }

  static void await(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not " + what + " within 120 s");
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  static void report(String name, int calls, List<Long> nanos) {
    System.out.printf(Locale.ROOT,
        "RESULT %s calls=%d min_ms=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n", name, calls,
        Collections.min(nanos) / 1e6, percentile(nanos, 50), percentile(nanos, 99),
        percentile(nanos, 100));
  }

  static double percentile(List<Long> nanos, int p) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
  }

  String post(String path, String... form) throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < form.length; i += 2) {
      body.append(body.length() > 0 ? "&" : "")
          .append(URLEncoder.encode(form[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
    }
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())), path);
  }

  String get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), path);
  }

  private String send(HttpRequest.Builder request, String path) throws Exception {
    HttpResponse<String> response =
        http.send(request.header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(path + " -> " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  static String sid(String body) {
    Matcher m = SID.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no sid in " + body);
    }
    return m.group(1);
  }
}
