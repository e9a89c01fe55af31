import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The realtime benchmark (issue 8): N workers connected over the event bridge's WebSocket, each
 * with its own Access Token from the sign-in flow; then, one at a time, a task is created over REST
 * and the time until the chosen worker's socket receives {@code reservation.created} is measured.
 * Also the server's heap per connected socket (from {@code jcmd}, if the server's pid is given).
 *
 * <p>{@code java bench/realtime/RealtimeBench.java <baseUrl> <accountSid> <authToken> [sockets]
 * [samples] [serverPid]}. Plain JDK, no dependencies.
 */
public class RealtimeBench {

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final Pattern SID = Pattern.compile("\"sid\":\"([A-Z]{2}[0-9a-f]{32})\"");
  static final Pattern CODE = Pattern.compile("\"code\":\"([^\"]+)\"");
  static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
  static final Pattern TASK_SID = Pattern.compile("\"task_sid\":\"(WT[0-9a-f]{32})\"");

  static String base;
  static String auth;
  static final Map<String, Long> arrivals = new ConcurrentHashMap<>();
  static final AtomicInteger activityUpdates = new AtomicInteger();
  static final Map<String, AtomicInteger> closes = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    base = args[0];
    auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
    int sockets = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    int samples = args.length > 4 ? Integer.parseInt(args[4]) : 200;
    String pid = args.length > 5 ? args[5] : null;

    String ws = sid(post("/v1/Workspaces", "FriendlyName", "realtime-bench-" + System.nanoTime()));
    String wsBase = "/v1/Workspaces/" + ws;
    List<String> workers = new ArrayList<>();
    for (int i = 0; i < sockets; i++) {
      workers.add(sid(post(wsBase + "/Workers", "FriendlyName", "w" + i, "Attributes", "{\"skills\":[\"support\"]}")));
    }
    String queue = sid(post(wsBase + "/TaskQueues", "FriendlyName", "Support", "TargetWorkers", "skills HAS 'support'"));
    String workflow = sid(post(wsBase + "/Workflows", "FriendlyName", "Main", "Configuration",
        "{\"task_routing\":{\"filters\":[],\"default_filter\":{\"queue\":\"" + queue + "\"}}}"));
    String available = find(get(wsBase + "/Activities?FriendlyName=Available"), SID);
    System.out.println("setup: workspace " + ws + ", " + sockets + " workers");

    long heapBefore = heap(pid);
    CountDownLatch initialised = new CountDownLatch(sockets);
    List<WebSocket> open = new ArrayList<>();
    String wsRoot = base.replaceFirst("^http", "ws") + "/realtime/ws?closeExistingSessions=false&clientVersion=bench&setWorkerOfflineIfDisconnected=false&token=";
    for (String worker : workers) {
      String code = find(post("/realtime/sign-in-links", "WorkspaceSid", ws, "WorkerSid", worker), CODE);
      String token = find(postAnonymous("/realtime/agent-tokens", "Code", code), TOKEN);
      open.add(HTTP.newWebSocketBuilder().buildAsync(URI.create(wsRoot + token), new Listener(initialised)).join());
    }
    if (!initialised.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not every socket got its init frame");
    }
    long heapAfter = heap(pid);
    if (pid != null) {
      System.out.printf("RESULT heap sockets=%d before_mib=%.1f after_mib=%.1f per_socket_kib=%.1f%n",
          sockets, heapBefore / 1048576.0, heapAfter / 1048576.0, (heapAfter - heapBefore) / 1024.0 / sockets);
    }
    for (String worker : workers) {
      post(wsBase + "/Workers/" + worker, "ActivitySid", available);
    }
    // Let the routing passes of 'worker became available' settle: every socket saw its update.
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (activityUpdates.get() < sockets && System.nanoTime() < settle) {
      Thread.sleep(100);
    }
    System.out.println("available: " + activityUpdates.get() + " worker.activity.update frames");

    List<Double> latencies = new ArrayList<>();
    int missed = 0;
    for (int i = 0; i < Math.min(samples, sockets); i++) {
      long start = System.nanoTime();
      String task = sid(post(wsBase + "/Tasks", "WorkflowSid", workflow, "Attributes", "{\"n\":" + i + "}"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Long arrived;
      while ((arrived = arrivals.get(task)) == null && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      if (arrived == null) {
        missed++;
        System.out.println("no reservation.created frame for " + task + " within 60 s; sockets closed: " + closes);
      } else {
        latencies.add((arrived - start) / 1e6);
      }
    }
    Collections.sort(latencies);
    System.out.printf("RESULT realtime sockets=%d samples=%d missed=%d create_to_frame_ms p50=%.1f p99=%.1f max=%.1f%n",
        sockets, latencies.size(), missed, pct(latencies, 50), pct(latencies, 99), latencies.get(latencies.size() - 1));
    System.out.println("sockets closed by the server during the run: " + closes);
    for (WebSocket w : open) {
      w.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  /** Records when each task's reservation.created frame arrives. */
  static final class Listener implements WebSocket.Listener {
    private final CountDownLatch initialised;
    private final StringBuilder partial = new StringBuilder();

    Listener(CountDownLatch initialised) {
      this.initialised = initialised;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      closes.computeIfAbsent(code + " " + reason, k -> new AtomicInteger()).incrementAndGet();
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closes.computeIfAbsent("error " + error, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        long now = System.nanoTime();
        String frame = partial.toString();
        partial.setLength(0);
        if (frame.startsWith("{\"event_type\":\"init\"")) {
          initialised.countDown();
        } else if (frame.startsWith("{\"event_type\":\"worker.activity.update\"")) {
          activityUpdates.incrementAndGet();
        } else if (frame.startsWith("{\"event_type\":\"reservation.created\"")) {
          Matcher m = TASK_SID.matcher(frame);
          if (m.find()) {
            arrivals.putIfAbsent(m.group(1), now);
          }
        }
      }
      ws.request(1);
      return null;
    }
  }

  static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  /** Used heap after a full GC, from jcmd; 0 without a pid. */
  static long heap(String pid) throws Exception {
    if (pid == null) {
      return 0;
    }
    run("jcmd", pid, "GC.run");
    String info = run("jcmd", pid, "GC.heap_info");
    Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
    long used = 0;
    if (m.find()) {
      used = Long.parseLong(m.group(1)) * 1024; // the first "used" is the whole heap's
    }
    return used;
  }

  static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  static String post(String path, String... form) throws Exception {
    return send(path, true, form);
  }

  static String postAnonymous(String path, String... form) throws Exception {
    return send(path, false, form);
  }

  static String send(String path, boolean withAuth, String... form) throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < form.length; i += 2) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(form[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (withAuth) {
      request.header("Authorization", auth);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  static String get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  static String sid(String body) {
    return find(body, SID);
  }

  static String find(String body, Pattern pattern) {
    Matcher m = pattern.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException(pattern + " not in " + body);
    }
    return m.group(1);
  }
}
