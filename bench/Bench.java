import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Switchboard's routing benchmark, run by bench/run.sh against a running server. It drives the
 * public REST API only and learns of reservations through the workspace's event callback, so what
 * it measures is what an integrator sees:
 *
 * <ul>
 *   <li>(a) full task lifecycles per second: create, reservation, accept, complete, with N workers;
 *   <li>(b) latency from the task-create request to the reservation.created callback, p50/p99,
 *       with 1,000 and 10,000 available workers, and with 10,000 tasks pending elsewhere.
 * </ul>
 *
 * Usage: java Bench.java BASE_URL ACCOUNT_SID AUTH_TOKEN [scenario...]
 */
public class Bench {

  private static final Pattern SID = Pattern.compile("\"sid\":\"([A-Z]{2}[0-9a-f]{32})\"");

  private final String base;
  private final String auth;
  /**
   * HTTP/1.1 with a pool of kept-alive connections, as Twilio's helper libraries talk to the API
   * (their HTTP clients speak HTTP/1.1). {@code -Dbench.http=2} makes the JDK client upgrade to
   * HTTP/2 (h2c), which it does by default: all client threads then share one connection.
   */
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(
              "2".equals(System.getProperty("bench.http"))
                  ? HttpClient.Version.HTTP_2
                  : HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final Map<String, CountDownLatch> reservationLatch = new ConcurrentHashMap<>();
  private final Map<String, String> reservationOfTask = new ConcurrentHashMap<>();
  private final Map<String, Long> reservedAtNanos = new ConcurrentHashMap<>();
  private HttpServer callbacks;

  Bench(String base, String account, String token) {
    this.base = base;
    this.auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((account + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  public static void main(String[] args) throws Exception {
    Bench bench = new Bench(args[0], args[1], args[2]);
    List<String> scenarios =
        args.length > 3 ? List.of(args).subList(3, args.length) : List.of("lifecycles", "latency");
    bench.startCallbackReceiver();
    try {
      for (String scenario : scenarios) {
        switch (scenario) {
          case "lifecycles" ->
              bench.lifecycles(
                  Integer.getInteger("bench.workers", 200),
                  Integer.getInteger("bench.tasks", 2_000),
                  Integer.getInteger("bench.clients", 16),
                  Integer.getInteger("bench.warmup.round", 1_000),
                  Integer.getInteger("bench.warmup.max", 20_000));
          case "rules" ->
              bench.rules(
                  Integer.getInteger("bench.workers", 200),
                  Integer.getInteger("bench.tasks", 2_000),
                  Integer.getInteger("bench.clients", 16),
                  Integer.getInteger("bench.warmup.round", 1_000),
                  Integer.getInteger("bench.warmup.max", 20_000));
          case "latency" -> {
            bench.latency(1_000, 0, 200);
            bench.latency(10_000, 0, 200);
            bench.latency(1_000, 10_000, 200);
          }
          case "offer" -> {
            // the 1,000-worker figure alone, in rounds on fresh workspaces of the same server
            for (int round = 0; round < Integer.getInteger("bench.offer.rounds", 3); round++) {
              bench.latency(1_000, 0, 200);
            }
          }
          case "floor" ->
              bench.floor(
                  Integer.getInteger("bench.workers", 200),
                  Integer.getInteger("bench.tasks", 2_000),
                  Integer.getInteger("bench.clients", 16),
                  Integer.getInteger("bench.floor.warmup", 10_000));
          case "scale" -> {
            bench.latency(1_000, 0, 200);
            Setup big =
                bench.latency(
                    Integer.getInteger("bench.scale.workers", 15_000),
                    Integer.getInteger("bench.scale.pending", 100_000),
                    200);
            bench.reads(big, 100);
          }
          default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
      }
    } finally {
      bench.callbacks.stop(0);
    }
    System.exit(0); // the callback receiver's threads would keep the JVM (and run.sh) waiting
  }

  /** The pause after each warm-up round, in which the server's JIT compiler catches up. */
  static final int WARMUP_PAUSE_SECONDS = 15;

  /**
   * (a) Lifecycles per second with {@code workers} workers and {@code clients} client threads.
   * Lifecycles run first, the same way on the same workspace, in rounds of {@code warmupRound},
   * each followed by a pause of {@link #WARMUP_PAUSE_SECONDS}, until the server's rate stops rising
   * (two rounds in a row no more than 3 % above the best before them) or {@code warmupMax} have
   * run. On a 2-core machine shared with PostgreSQL and the load, the server's JIT compiler gets
   * little CPU while the load runs and needs many thousands of lifecycles and some idle seconds to
   * compile the hot paths; a server serving a contact centre is measured after that, not in its
   * first minutes. The measured run starts after the same pause.
   */
  void lifecycles(int workers, int tasks, int clients, int warmupRound, int warmupMax)
      throws Exception {
    Setup setup = setup(workers, "{}", 1);
    int warmup = 0;
    double best = 0;
    int flat = 0;
    // at least bench.warmup.min lifecycles, whatever the rates say: on two cores a round slowed by
    // anything else on the machine can end the warm-up of a server that is still getting faster
    int warmupMin = Integer.getInteger("bench.warmup.min", 0);
    while (warmupRound > 0 && warmup < warmupMax && (flat < 2 || warmup < warmupMin)) {
      Run round = runLifecycles(setup, warmupRound, clients);
      warmup += warmupRound;
      double rate = (warmupRound - round.failures()) / round.seconds();
      System.out.printf(Locale.ROOT, "warm-up: %d lifecycles, %.1f/s, %d failures%n", warmupRound,
          rate, round.failures());
      flat = rate > best * 1.03 ? 0 : flat + 1;
      best = Math.max(best, rate);
      Thread.sleep(WARMUP_PAUSE_SECONDS * 1000L);
    }
    Cpu before = Cpu.now();
    Run run = runLifecycles(setup, tasks, clients);
    Cpu used = Cpu.now().minus(before);
    System.out.printf(
        Locale.ROOT,
        "RESULT lifecycles workers=%d tasks=%d clients=%d warmup=%d seconds=%.1f"
            + " lifecycles_per_s=%.1f failures=%d lifecycle_p50_ms=%.1f lifecycle_p99_ms=%.1f%n",
        workers, tasks, clients, warmup, run.seconds(), (tasks - run.failures()) / run.seconds(),
        run.failures(), percentile(run.latencies(), 50), percentile(run.latencies(), 99));
    String[] names = {"create_request", "create_to_reservation_created", "accept_request",
        "complete_request"};
    for (int i = 0; i < names.length; i++) {
      System.out.printf(Locale.ROOT, "RESULT lifecycle_phase %s p50_ms=%.1f p99_ms=%.1f%n",
          names[i], percentile(run.phases().get(i), 50), percentile(run.phases().get(i), 99));
    }
    int done = tasks - run.failures();
    System.out.printf(
        Locale.ROOT,
        "RESULT lifecycle_cpu per_lifecycle server_ms=%.2f database_ms=%.2f client_ms=%.2f"
            + " machine_ms=%.2f%n",
        used.server() * 1e3 / done, used.database() * 1e3 / done, used.client() * 1e3 / done,
        used.machine() * 1e3 / done);
  }

  /** One of the floor's requests; {@code n} counts them, for requests that take turns. */
  interface FloorRequest {
    void send(int n) throws Exception;
  }

  /**
   * (f) What a request costs the server whatever it does, beside what a lifecycle's three cost:
   * after {@code warmup} lifecycles, {@code 3 × lifecycles} reads of the workspace (authentication,
   * RESTEasy, the session bean, the workspace from the second-level cache, JSON), then as many
   * reads of one task (the same plus a row read in a transaction), then as many updates of a
   * worker that change nothing (a writing transaction with no write: the worker read, locked and
   * re-read, then a commit that waits for the WAL's flush), then {@code lifecycles} lifecycles
   * (three requests each), all with {@code clients} clients, each printed with the server's and
   * PostgreSQL's CPU per request. The reads are the floor under any of the lifecycle's requests on
   * this stack, the empty update the floor under a writing one.
   */
  void floor(int workers, int lifecycles, int clients, int warmup) throws Exception {
    Setup setup = setup(workers, "{}", 1);
    Run round = runLifecycles(setup, warmup, clients);
    System.out.printf(Locale.ROOT, "warm-up: %d lifecycles in %.1f s, %d failures%n", warmup,
        round.seconds(), round.failures());
    String task = createTask(setup, "{\"floor\":true}");
    List<String> workerSids = new ArrayList<>();
    Matcher workerSid = SID.matcher(get(setup.path + "/Workers?PageSize=1000"));
    while (workerSid.find()) {
      workerSids.add(workerSid.group(1));
    }
    Map<String, FloorRequest> requests = new LinkedHashMap<>();
    requests.put("workspace", n -> get(setup.path));
    requests.put("task", n -> get(setup.path + "/Tasks/" + task));
    // a writing request with nothing to write: the worker read, locked (FOR UPDATE, which
    // PostgreSQL logs in its WAL, so the commit waits for the flush like a lifecycle's) and
    // re-read; workers taken in turn, so clients do not queue on one lock
    requests.put("worker_update_empty",
        n -> post(setup.path + "/Workers/" + workerSids.get(n % workerSids.size())));
    for (Map.Entry<String, FloorRequest> request : requests.entrySet()) {
      for (int pass = 0; pass < 2; pass++) { // the first pass warms the read's own code up
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger failures = new AtomicInteger();
        Cpu before = Cpu.now();
        long start = System.nanoTime();
        for (int i = 0; i < lifecycles * 3; i++) {
          int n = i;
          pool.execute(() -> {
            try {
              request.getValue().send(n);
            } catch (Exception e) {
              failures.incrementAndGet();
            }
          });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        Cpu used = Cpu.now().minus(before);
        int done = lifecycles * 3 - failures.get();
        if (pass == 1) {
          System.out.printf(Locale.ROOT,
              "RESULT floor read=%s requests=%d clients=%d per_s=%.1f failures=%d"
                  + " per_request server_ms=%.3f database_ms=%.3f client_ms=%.3f%n",
              request.getKey(), done, clients, done / seconds, failures.get(),
              used.server() * 1e3 / done, used.database() * 1e3 / done,
              used.client() * 1e3 / done);
        }
      }
    }
    Cpu before = Cpu.now();
    Run run = runLifecycles(setup, lifecycles, clients);
    Cpu used = Cpu.now().minus(before);
    int done = lifecycles - run.failures();
    System.out.printf(Locale.ROOT,
        "RESULT floor lifecycles=%d clients=%d per_s=%.1f failures=%d per_request (3 a lifecycle)"
            + " server_ms=%.3f database_ms=%.3f client_ms=%.3f%n",
        done, clients, done / run.seconds(), run.failures(),
        used.server() * 1e3 / done / 3, used.database() * 1e3 / done / 3,
        used.client() * 1e3 / done / 3);
  }

  /**
   * CPU seconds used so far on this machine (Linux): by the Switchboard server (a java process
   * started with {@code jboss.home.dir}), by PostgreSQL's processes, by this client, and by the
   * whole machine (every core, from /proc/stat). Zero for what does not run here (a remote
   * server). PostgreSQL's connections are pooled, so its backends live through a measured run; the
   * CPU of one that exits during the run is not counted.
   */
  record Cpu(double server, double database, double client, double machine) {
    static Cpu now() {
      double server = 0;
      double database = 0;
      for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
        ProcessHandle.Info info = process.info();
        double seconds = seconds(info);
        if (info.command().orElse("").endsWith("/postgres")) {
          database += seconds;
        } else if (info.commandLine().orElse("").contains("-Djboss.home.dir=")) {
          server += seconds;
        }
      }
      double client = seconds(ProcessHandle.current().info());
      return new Cpu(server, database, client, machineBusySeconds());
    }

    /** A process's CPU time so far, in seconds (0 if the system does not tell). */
    private static double seconds(ProcessHandle.Info info) {
      return info.totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    /**
     * Every core's busy time since boot, from /proc/stat's first line: user, nice, system, irq and
     * softirq (guest time is part of user; idle, I/O wait and steal are not this machine's work).
     */
    private static double machineBusySeconds() {
      try {
        String[] ticks = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int field : new int[] {1, 2, 3, 6, 7}) {
          busy += Long.parseLong(ticks[field]);
        }
        return busy / 100.0; // USER_HZ, 100 on Linux
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    Cpu minus(Cpu earlier) {
      return new Cpu(
          server - earlier.server,
          database - earlier.database,
          client - earlier.client,
          machine - earlier.machine);
    }
  }

  /** What one batch of lifecycles took: in all, per lifecycle, and per step of a lifecycle. */
  record Run(double seconds, int failures, List<Long> latencies, List<List<Long>> phases) {}

  Run runLifecycles(Setup setup, int tasks, int clients) throws InterruptedException {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<List<Long>> phases = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      phases.add(Collections.synchronizedList(new ArrayList<>()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicInteger failures = new AtomicInteger();
    long start = System.nanoTime();
    for (int i = 0; i < tasks; i++) {
      pool.execute(
          () -> {
            try {
              long t0 = System.nanoTime();
              String task = createTask(setup, setup.taskAttributes());
              long t1 = System.nanoTime();
              String reservation = awaitReservation(task);
              long t2 = System.nanoTime();
              post(setup.path + "/Tasks/" + task + "/Reservations/" + reservation,
                  "ReservationStatus", "accepted");
              long t3 = System.nanoTime();
              post(setup.path + "/Tasks/" + task, "AssignmentStatus", "completed", "Reason", "done");
              long t4 = System.nanoTime();
              latencies.add(t4 - t0);
              phases.get(0).add(t1 - t0);
              phases.get(1).add(t2 - t1);
              phases.get(2).add(t3 - t2);
              phases.get(3).add(t4 - t3);
            } catch (Exception e) {
              failures.incrementAndGet();
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
    return new Run((System.nanoTime() - start) / 1e9, failures.get(), latencies, phases);
  }

  private boolean latencyWarmedUp;

  /**
   * (b) Create-to-reservation.created latency with {@code workers} available workers and
   * {@code pendingElsewhere} tasks waiting in a queue nobody serves. Tasks are created one at a
   * time; each reservation is accepted and completed before the next, so every sample sees the
   * same number of free workers.
   */
  Setup latency(int workers, int pendingElsewhere, int samples) throws Exception {
    Setup setup = setup(workers, "{\"team\":\"bench\"}", 1);
    // the first measurement of a fresh server runs after full lifecycles that warm it up (its JIT
    // needs thousands; see the lifecycle runs in RESULTS.md), so that it measures the server and
    // not its start; -Dbench.latency.warmup=0 measures a cold server
    int warmup = Integer.getInteger("bench.latency.warmup", 5_000);
    if (!latencyWarmedUp && warmup > 0) {
      Run round = runLifecycles(setup, warmup, 8);
      latencyWarmedUp = true;
      System.out.printf(Locale.ROOT, "warm-up: %d lifecycles in %.1f s, %d failures%n", warmup,
          round.seconds(), round.failures());
    }
    if (pendingElsewhere > 0) {
      String nobody = queue(setup.path, "Nobody", "team == 'nobody'");
      String wf = workflow(setup.path, nobody);
      ExecutorService pool = Executors.newFixedThreadPool(16);
      AtomicInteger failed = new AtomicInteger();
      long start = System.nanoTime();
      for (int i = 0; i < pendingElsewhere; i++) {
        pool.execute(() -> {
          try {
            post(setup.path + "/Tasks", "WorkflowSid", wf, "Attributes", "{\"idle\":true}");
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        });
      }
      pool.shutdown();
      // every pending task exists before the first sample (a bounded wait once let the samples
      // run beside creations still under way)
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        System.out.printf(Locale.ROOT, "creating %d pending tasks: %.0f s so far%n",
            pendingElsewhere, (System.nanoTime() - start) / 1e9);
      }
      System.out.printf(Locale.ROOT, "setup: %d pending tasks in %.1f s, %d failed%n",
          pendingElsewhere - failed.get(), (System.nanoTime() - start) / 1e9, failed.get());
    }
    List<Long> latencies = new ArrayList<>();
    List<Long> requests = new ArrayList<>(); // the create request alone: to its response
    List<Long> deliveries = new ArrayList<>(); // the response to the callback's arrival
    for (int i = 0; i < samples + 20; i++) {
      long t0 = System.nanoTime();
      String task = createTask(setup, "{\"n\":" + i + "}");
      long answered = System.nanoTime();
      String reservation = awaitReservation(task);
      long reserved = reservedAtNanos.get(task);
      if (i >= 20) {
        latencies.add(reserved - t0); // the first 20 warm the server up
        requests.add(answered - t0);
        deliveries.add(reserved - answered);
      }
      post(setup.path + "/Tasks/" + task + "/Reservations/" + reservation,
          "ReservationStatus", "accepted");
      post(setup.path + "/Tasks/" + task, "AssignmentStatus", "completed", "Reason", "done");
    }
    System.out.printf(
        Locale.ROOT,
        "RESULT latency workers=%d pending_elsewhere=%d samples=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
        workers, pendingElsewhere, samples, percentile(latencies, 50), percentile(latencies, 99),
        percentile(latencies, 100));
    System.out.printf(
        Locale.ROOT,
        "  of which the create request p50_ms=%.1f p99_ms=%.1f max_ms=%.1f;"
            + " its answer to the callback's arrival p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
        percentile(requests, 50), percentile(requests, 99), percentile(requests, 100),
        percentile(deliveries, 50), percentile(deliveries, 99), percentile(deliveries, 100));
    return setup;
  }

  /**
   * (e) What an administrator or a wallboard reads from a big workspace: the first page of its
   * tasks and workers, and the statistics a supervisor page polls, {@code samples} requests each,
   * one at a time.
   */
  void reads(Setup setup, int samples) throws Exception {
    // the queue holding the pending tasks
    String queue = sid(get(setup.path + "/TaskQueues?FriendlyName=Nobody"));
    String[][] reads = {
      {"tasks_page", setup.path + "/Tasks?PageSize=50"},
      {"pending_tasks_page", setup.path + "/Tasks?AssignmentStatus=pending&PageSize=50"},
      {"workers_page", setup.path + "/Workers?PageSize=50"},
      {"workspace_statistics", setup.path + "/Statistics"},
      {"workspace_realtime_statistics", setup.path + "/RealTimeStatistics"},
      {"queue_realtime_statistics", setup.path + "/TaskQueues/" + queue + "/RealTimeStatistics"},
      {"queues_statistics", setup.path + "/TaskQueues/Statistics?PageSize=50"},
      {"workers_statistics", setup.path + "/Workers/Statistics"}
    };
    for (String[] read : reads) {
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < samples + 5; i++) {
        long t0 = System.nanoTime();
        get(read[1]);
        if (i >= 5) {
          latencies.add(System.nanoTime() - t0); // the first 5 warm the request up
        }
      }
      System.out.printf(
          Locale.ROOT,
          "RESULT read %s samples=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
          read[0], samples, percentile(latencies, 50), percentile(latencies, 99),
          percentile(latencies, 100));
    }
  }

  record Setup(String path, String workflow, String taskAttributes) {
    Setup(String path, String workflow) {
      this(path, workflow, "{\"n\":1}");
    }

    Setup with(String otherWorkflow, String attributes) {
      return new Setup(path, otherWorkflow, attributes);
    }
  }

  /** How many rules (and JSON filters) the rules scenario routes with. */
  static final int RULES = 50;

  /**
   * (d) The same routing written as TaskRouter JSON (50 filters, the last one matching) and as a
   * rule set (50 rules, one matching), measured in turns (JSON, rules, JSON, rules) after a common
   * warm-up; then a new rule set version is activated under load and the time until the first
   * new task is placed by it is measured.
   */
  void rules(int workers, int tasks, int clients, int warmupRound, int warmupMax)
      throws Exception {
    Setup base = setup(workers, "{}", 1);
    String queue = queue(base.path, "Rules", "1==1");
    String next = queue(base.path, "Rules next", "1==1");
    StringBuilder filters = new StringBuilder();
    StringBuilder drl =
        new StringBuilder(
            "package bench;\nimport org.switchboard.routing.rules.TaskFact;\n"
                + "import org.switchboard.routing.rules.RouteTo;\n");
    for (int i = 1; i <= RULES; i++) {
      String type = i == RULES ? "bench" : "t" + i;
      filters.append(i == 1 ? "" : ",")
          .append("{\"filter_friendly_name\":\"f").append(i)
          .append("\",\"expression\":\"type == '").append(type)
          .append("'\",\"targets\":[{\"queue\":\"").append(queue).append("\"}]}");
      drl.append("rule \"Type ").append(type).append(" goes to the rules queue\"\nwhen\n")
          .append("    TaskFact( attributes[\"type\"] == \"").append(type).append("\" )\n")
          .append("then\n    insert(RouteTo.queue(\"Rules\"));\nend\n");
    }
    String json = sid(post(base.path + "/Workflows", "FriendlyName", "json50", "Configuration",
        "{\"task_routing\":{\"filters\":[" + filters + "],\"default_filter\":{\"queue\":\""
            + queue + "\"}}}"));
    String ruleSet = sid(post(base.path + "/RuleSets", "FriendlyName", "rules50", "Drl",
        drl.toString()));
    String rules = sid(post(base.path + "/Workflows", "FriendlyName", "drl50", "Configuration",
        "{\"task_routing\":{\"rule_set\":\"" + ruleSet + "\",\"default_filter\":{\"queue\":\""
            + queue + "\"}}}"));
    String attributes = "{\"type\":\"bench\"}";
    Setup asJson = base.with(json, attributes);
    Setup asRules = base.with(rules, attributes);
    int warmup = 0;
    double best = 0;
    int flat = 0;
    while (warmupRound > 0 && warmup < warmupMax && flat < 2) {
      Run a = runLifecycles(asJson, warmupRound / 2, clients);
      Run b = runLifecycles(asRules, warmupRound / 2, clients);
      warmup += warmupRound;
      double rate = (warmupRound - a.failures() - b.failures()) / (a.seconds() + b.seconds());
      System.out.printf(Locale.ROOT, "warm-up: %d lifecycles, %.1f/s%n", warmupRound, rate);
      flat = rate > best * 1.03 ? 0 : flat + 1;
      best = Math.max(best, rate);
      Thread.sleep(WARMUP_PAUSE_SECONDS * 1000L);
    }
    for (int turn = 1; turn <= 2; turn++) {
      for (Setup setup : List.of(asJson, asRules)) {
        Run run = runLifecycles(setup, tasks, clients);
        System.out.printf(
            Locale.ROOT,
            "RESULT rules variant=%s turn=%d rules=%d lifecycles_per_s=%.1f failures=%d"
                + " create_to_reservation_created_p50_ms=%.1f p99_ms=%.1f%n",
            setup == asJson ? "json" : "drl", turn, RULES,
            (tasks - run.failures()) / run.seconds(), run.failures(),
            percentile(run.phases().get(1), 50), percentile(run.phases().get(1), 99));
        Thread.sleep(WARMUP_PAUSE_SECONDS * 1000L);
      }
    }
    // activation under load: lifecycles run on the rule set while version 2 (to "Rules next") is
    // activated; then tasks are created one by one until one is placed in the new queue
    post(base.path + "/RuleSets/" + ruleSet + "/Versions", "Drl",
        drl.toString().replace("RouteTo.queue(\"Rules\")", "RouteTo.queue(\"Rules next\")"));
    ExecutorService load = Executors.newSingleThreadExecutor();
    var background = load.submit(() -> runLifecycles(asRules, tasks, clients));
    Thread.sleep(2_000);
    long t0 = System.nanoTime();
    post(base.path + "/RuleSets/" + ruleSet, "ActiveVersion", "2");
    long activated = System.nanoTime();
    long placedNew;
    int probes = 0;
    while (true) {
      probes++;
      String task = createTask(asRules, attributes);
      String reservation = awaitReservation(task);
      String body = get(base.path + "/Tasks/" + task);
      boolean moved = body.contains("\"task_queue_sid\":\"" + next + "\"");
      post(base.path + "/Tasks/" + task + "/Reservations/" + reservation,
          "ReservationStatus", "accepted");
      post(base.path + "/Tasks/" + task, "AssignmentStatus", "completed", "Reason", "done");
      if (moved) {
        placedNew = reservedAtNanos.get(task);
        break;
      }
    }
    Run loaded = background.get();
    load.shutdown();
    System.out.printf(
        Locale.ROOT,
        "RESULT activation request_ms=%.1f to_first_task_of_new_version_ms=%.1f probes=%d"
            + " background_lifecycles_per_s=%.1f background_failures=%d%n",
        (activated - t0) / 1e6, (placedNew - t0) / 1e6, probes,
        (tasks - loaded.failures()) / loaded.seconds(), loaded.failures());
  }

  Setup setup(int workers, String attributes, int capacity) throws Exception {
    String ws =
        sid(post("/v1/Workspaces", "FriendlyName", "bench-" + System.nanoTime(),
            "EventCallbackUrl", "http://127.0.0.1:" + callbacks.getAddress().getPort() + "/events",
            "EventsFilter", "reservation.created"));
    String path = "/v1/Workspaces/" + ws;
    String available = activitySid(path, "Available");
    String queue = queue(path, "Bench", "1==1");
    String workflow = workflow(path, queue);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    long start = System.nanoTime();
    for (int i = 0; i < workers; i++) {
      int n = i;
      pool.execute(() -> {
        try {
          String worker = sid(post(path + "/Workers", "FriendlyName", "w" + n, "Attributes", attributes));
          post(path + "/Workers/" + worker, "ActivitySid", available);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
    System.out.printf(Locale.ROOT, "setup: %d available workers in %.1f s%n", workers,
        (System.nanoTime() - start) / 1e9);
    return new Setup(path, workflow);
  }

  String queue(String path, String name, String target) throws Exception {
    return sid(post(path + "/TaskQueues", "FriendlyName", name, "TargetWorkers", target));
  }

  String workflow(String path, String queue) throws Exception {
    return sid(post(path + "/Workflows", "FriendlyName", "to " + queue, "Configuration",
        "{\"task_routing\":{\"filters\":[],\"default_filter\":{\"queue\":\"" + queue + "\"}}}"));
  }

  String createTask(Setup setup, String attributes) throws Exception {
    String body = post(setup.path + "/Tasks", "WorkflowSid", setup.workflow, "Attributes", attributes);
    String task = sid(body);
    reservationLatch.computeIfAbsent(task, k -> new CountDownLatch(1));
    return task;
  }

  String awaitReservation(String task) throws InterruptedException {
    CountDownLatch latch = reservationLatch.computeIfAbsent(task, k -> new CountDownLatch(1));
    if (!latch.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no reservation.created for " + task + " within 60 s");
    }
    reservationLatch.remove(task);
    return reservationOfTask.remove(task);
  }

  void startCallbackReceiver() throws IOException {
    callbacks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    callbacks.setExecutor(Executors.newFixedThreadPool(8));
    callbacks.createContext("/events", exchange -> {
      long now = System.nanoTime();
      Map<String, String> form;
      try (InputStream in = exchange.getRequestBody()) {
        form = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
      if ("reservation.created".equals(form.get("EventType"))) {
        String task = form.get("TaskSid");
        reservedAtNanos.put(task, now);
        reservationOfTask.put(task, form.get("ReservationSid"));
        reservationLatch.computeIfAbsent(task, k -> new CountDownLatch(1)).countDown();
      }
    });
    callbacks.start();
  }

  String activitySid(String path, String name) throws Exception {
    String body = get(path + "/Activities?FriendlyName=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    return sid(body);
  }

  String post(String path, String... form) throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < form.length; i += 2) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(form[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
    }
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(path + " -> " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  String get(String path) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth).GET().build(),
        HttpResponse.BodyHandlers.ofString());
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

  static Map<String, String> parse(String form) {
    Map<String, String> out = new HashMap<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  static double percentile(List<Long> nanos, int p) {
    if (nanos.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
  }
}
