import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.task.Task;
import org.switchboard.bpm.SwitchboardPlugin;

/**
 * The BPM plugin's benchmark, run by bench/bpm/run.sh: process instances per second of a process
 * with two user tasks (review, then approve), in two variants on the same embedded Camunda 7
 * engine (PostgreSQL, job executor running):
 *
 * <ul>
 *   <li><b>listed</b>: the user tasks stay in Camunda's own task list; {@code clients} threads play
 *       the workers: each queries the unassigned tasks of its candidate group, claims one and
 *       completes it ({@code TaskService}, as Tasklist does).
 *   <li><b>routed</b>: the same process with {@code switchboard.workflowSid} on both user tasks; the
 *       plugin creates a Switchboard task for each, Switchboard routes it to a worker with the
 *       skill, the worker learns of the reservation through the workspace's event callback and
 *       accepts and completes over REST ({@code clients} threads), and the plugin's events poll
 *       moves the process on.
 * </ul>
 *
 * Both keep {@code inflight} instances running (a new one starts as one ends), and measure the
 * rate at which instances end after a warm-up, and each instance's time from start to end. The
 * variants run in turns on the same engine and workspace.
 *
 * <p>Usage: java -cp … BpmBench.java BASE_URL ACCOUNT_SID AUTH_TOKEN JDBC_URL DB_USER
 */
public class BpmBench {

  /** Threads starting process instances. */
  static final int STARTERS = 4;

  private static final Pattern SID = Pattern.compile("\"sid\":\"([A-Z]{2}[0-9a-f]{32})\"");
  private static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");

  private final String base;
  private final String account;
  private final String auth;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private HttpServer callbacks;
  private ExecutorService hands;
  private String path;
  private final AtomicInteger workerFailures = new AtomicInteger();

  // one turn's bookkeeping
  private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
  private final List<long[]> ended = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> endedKeys = ConcurrentHashMap.newKeySet();
  private volatile Semaphore slots;
  private volatile CountDownLatch allEnded;

  BpmBench(String base, String account, String token) {
    this.base = base;
    this.account = account;
    this.auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((account + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  public static void main(String[] args) throws Exception {
    BpmBench bench = new BpmBench(args[0], args[1], args[2]);
    int instances = Integer.getInteger("bench.instances", 1_000);
    int warmup = Integer.getInteger("bench.warmup", 300);
    int inflight = Integer.getInteger("bench.inflight", 200);
    int clients = Integer.getInteger("bench.clients", 16);
    int workers = Integer.getInteger("bench.workers", 200);
    int turns = Integer.getInteger("bench.turns", 2);
    long pollMillis = Long.getLong("bench.poll.ms", 1000);
    int status = 0;
    try {
      bench.run(args[3], args[4], instances, warmup, inflight, clients, workers, turns, pollMillis);
    } catch (Exception | Error e) {
      e.printStackTrace();
      status = 1;
    } finally {
      if (bench.callbacks != null) {
        bench.callbacks.stop(0);
      }
    }
    System.exit(status); // the callback receiver's and the engine's threads would keep the JVM waiting
  }

  void run(
      String jdbcUrl,
      String dbUser,
      int instances,
      int warmup,
      int inflight,
      int clients,
      int workers,
      int turns,
      long pollMillis)
      throws Exception {
    hands = Executors.newFixedThreadPool(clients);
    startCallbackReceiver();
    String[] workflows = setupSwitchboard(workers);
    String key = post("/2010-04-01/Accounts/" + account + "/Keys.json", "FriendlyName", "bench");

    SwitchboardPlugin plugin = new SwitchboardPlugin();
    plugin.setBaseUrl(base);
    plugin.setWorkspaceSid(path.substring(path.lastIndexOf('/') + 1));
    plugin.setUsername(sid(key));
    plugin.setPassword(group(SECRET, key));
    plugin.setPollIntervalMillis(pollMillis);

    DefaultJobExecutor jobExecutor = new DefaultJobExecutor();
    jobExecutor.setCorePoolSize(8);
    jobExecutor.setMaxPoolSize(8);
    jobExecutor.setQueueSize(16);
    jobExecutor.setMaxJobsPerAcquisition(8);
    jobExecutor.setWaitTimeInMillis(100);
    jobExecutor.setMaxWait(1000);
    StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
    configuration.setProcessEngineName("bench");
    configuration.setJdbcUrl(jdbcUrl);
    configuration.setJdbcDriver("org.postgresql.Driver");
    configuration.setJdbcUsername(dbUser);
    configuration.setJdbcPassword(System.getProperty("bench.db.password", ""));
    // PostgreSQL's 100 connections are shared with Switchboard's pool (30) and whatever else runs
    configuration.setJdbcMaxActiveConnections(24);
    configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
    configuration.setHistory(ProcessEngineConfiguration.HISTORY_AUDIT);
    configuration.setJobExecutor(jobExecutor);
    configuration.setJobExecutorActivate(true);
    configuration.setMetricsEnabled(false);
    configuration.setCustomPostBPMNParseListeners(new ArrayList<>(List.of(new EndCounter())));
    configuration.getProcessEnginePlugins().add(plugin);
    ProcessEngine engine = configuration.buildProcessEngine();
    try {
      engine
          .getRepositoryService()
          .createDeployment()
          .addString("listed.bpmn", bpmn("claimListed", null, null))
          .addString("routed.bpmn", bpmn("claimRouted", workflows[0], workflows[1]))
          .deploy();
      System.out.printf(
          Locale.ROOT,
          "settings: %d instances per turn after %d warm-up, %d in flight, %d worker threads,"
              + " %d Switchboard workers, plugin poll %d ms, job executor 8 threads, %d starter threads%n",
          instances, warmup, inflight, clients, workers, pollMillis, STARTERS);
      List<Double> listed = new ArrayList<>();
      List<Double> routed = new ArrayList<>();
      for (int turn = 1; turn <= turns; turn++) {
        listed.add(turn(engine, "listed", turn, instances, warmup, inflight, clients));
        routed.add(turn(engine, "routed", turn, instances, warmup, inflight, clients));
      }
      double bestListed = Collections.max(listed);
      double bestRouted = Collections.max(routed);
      System.out.printf(
          Locale.ROOT,
          "RESULT bpm best_listed_per_s=%.1f best_routed_per_s=%.1f"
              + " routed/listed=%.3f listed/routed=%.2f worker_failures=%d%n",
          bestListed, bestRouted, bestRouted / bestListed, bestListed / bestRouted,
          workerFailures.get());
    } finally {
      engine.close();
    }
  }

  /** One turn of a variant: warm-up plus measured instances; returns the measured rate. */
  double turn(
      ProcessEngine engine,
      String variant,
      int turn,
      int instances,
      int warmup,
      int inflight,
      int clients)
      throws Exception {
    int total = warmup + instances;
    startedAt.clear();
    ended.clear();
    endedKeys.clear();
    slots = new Semaphore(inflight);
    allEnded = new CountDownLatch(total);
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> listers = new ArrayList<>();
    if (variant.equals("listed")) {
      for (int i = 0; i < clients; i++) {
        String group = i % 2 == 0 ? "claims" : "finance";
        String user = "user" + i;
        Thread t = new Thread(() -> claimLoop(engine.getTaskService(), group, user, stop));
        t.start();
        listers.add(t);
      }
    }
    String process = variant.equals("listed") ? "claimListed" : "claimRouted";
    String prefix = variant + "-" + turn + "-";
    long t0 = System.nanoTime();
    // instances are started by several threads, as by the many clients of a real engine
    AtomicInteger next = new AtomicInteger();
    List<Thread> starters = new ArrayList<>();
    for (int s = 0; s < STARTERS; s++) {
      Thread t =
          new Thread(
              () -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                  slots.acquireUninterruptibly();
                  String businessKey = prefix + i;
                  startedAt.put(businessKey, System.nanoTime());
                  start(engine, process, businessKey, i);
                }
              });
      t.start();
      starters.add(t);
    }
    for (Thread t : starters) {
      t.join();
    }
    boolean done = allEnded.await(10, TimeUnit.MINUTES);
    stop.set(true);
    for (Thread t : listers) {
      t.join();
    }
    List<long[]> ends = new ArrayList<>(ended);
    ends.sort((a, b) -> Long.compare(a[0], b[0]));
    if (!done || ends.size() < total) {
      System.out.printf(
          Locale.ROOT, "turn %d %s: only %d of %d instances ended%n", turn, variant, ends.size(),
          total);
      return Double.NaN;
    }
    long from = ends.get(warmup - 1)[0];
    long to = ends.get(total - 1)[0];
    double seconds = (to - from) / 1e9;
    List<Long> latencies = new ArrayList<>();
    for (long[] end : ends.subList(warmup, total)) {
      latencies.add(end[1]);
    }
    double rate = instances / seconds;
    System.out.printf(
        Locale.ROOT,
        "RESULT bpm turn=%d variant=%s instances=%d warmup=%d seconds=%.1f instances_per_s=%.1f"
            + " instance_p50_ms=%.1f instance_p99_ms=%.1f (warm-up took %.1f s)%n",
        turn, variant, instances, warmup, seconds, rate, percentile(latencies, 50),
        percentile(latencies, 99), (from - t0) / 1e9);
    Thread.sleep(5_000); // let the job executor and the server settle between turns
    return rate;
  }

  /** Starts an instance; a start that fails (a lost connection) is tried again, 10 times. */
  static void start(ProcessEngine engine, String process, String businessKey, int i) {
    for (int attempt = 1; ; attempt++) {
      try {
        engine
            .getRuntimeService()
            .startProcessInstanceByKey(
                process, businessKey, Map.of("customer", "ACME " + i, "amount", 100 + i % 900));
        return;
      } catch (RuntimeException e) {
        if (attempt == 10) {
          throw e;
        }
        System.out.println("start of " + businessKey + " failed, trying again: " + e);
        sleep(1000);
      }
    }
  }

  /**
   * A worker at Camunda's task list: query the oldest 20 unassigned tasks of its group (as
   * Tasklist lists them, oldest first), claim one of them at random, complete it.
   */
  static void claimLoop(TaskService tasks, String group, String user, AtomicBoolean stop) {
    while (!stop.get()) {
      List<Task> open =
          tasks
              .createTaskQuery()
              .processDefinitionKey("claimListed")
              .taskCandidateGroup(group)
              .taskUnassigned()
              .orderByTaskCreateTime()
              .asc()
              .listPage(0, 20);
      if (open.isEmpty()) {
        sleep(5);
        continue;
      }
      Task task = open.get(ThreadLocalRandom.current().nextInt(open.size()));
      try {
        tasks.claim(task.getId(), user);
      } catch (TaskAlreadyClaimedException | OptimisticLockingException e) {
        continue; // another worker was quicker
      } catch (RuntimeException e) {
        continue; // completed meanwhile
      }
      for (int attempt = 1; attempt <= 10; attempt++) {
        try {
          tasks.complete(task.getId());
          break;
        } catch (RuntimeException e) {
          System.out.println("completing " + task.getId() + " failed, trying again: " + e);
          sleep(1000);
        }
      }
    }
  }

  /** Counts each instance's end once its transaction commits. */
  final class EndCounter extends AbstractBpmnParseListener {
    @Override
    public void parseProcess(Element element, ProcessDefinitionEntity definition) {
      ExecutionListener listener = this::onEnd;
      definition.addBuiltInListener(ExecutionListener.EVENTNAME_END, listener);
    }

    private void onEnd(DelegateExecution execution) {
      if (!execution.getId().equals(execution.getProcessInstanceId())) {
        return;
      }
      String businessKey = execution.getProcessBusinessKey();
      Context.getCommandContext()
          .getTransactionContext()
          .addTransactionListener(
              TransactionState.COMMITTED,
              context -> {
                long now = System.nanoTime();
                Long started = startedAt.get(businessKey);
                if (started != null && endedKeys.add(businessKey)) {
                  ended.add(new long[] {now, now - started});
                  slots.release();
                  allEnded.countDown();
                }
              });
    }
  }

  static String bpmn(String id, String reviewWorkflow, String approveWorkflow) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                     xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                     targetNamespace="https://switchboard.example/bench">
          <process id="%s" isExecutable="true" camunda:historyTimeToLive="1">
            <startEvent id="received"/>
            <sequenceFlow id="f1" sourceRef="received" targetRef="review"/>
            <userTask id="review" name="Review the claim" camunda:candidateGroups="claims">%s</userTask>
            <sequenceFlow id="f2" sourceRef="review" targetRef="approve"/>
            <userTask id="approve" name="Approve the payment" camunda:candidateGroups="finance">%s</userTask>
            <sequenceFlow id="f3" sourceRef="approve" targetRef="paid"/>
            <endEvent id="paid"/>
          </process>
        </definitions>
        """
        .formatted(id, routing(reviewWorkflow), routing(approveWorkflow));
  }

  static String routing(String workflow) {
    if (workflow == null) {
      return "";
    }
    return """
        <extensionElements><camunda:properties>
          <camunda:property name="switchboard.workflowSid" value="%s"/>
          <camunda:property name="switchboard.variables" value="customer,amount"/>
        </camunda:properties></extensionElements>"""
        .formatted(workflow);
  }

  /** A workspace with two skill queues and their workflows, and {@code workers} workers. */
  String[] setupSwitchboard(int workers) throws Exception {
    String ws =
        sid(
            post(
                "/v1/Workspaces",
                "FriendlyName", "bpm-bench-" + System.nanoTime(),
                "EventCallbackUrl",
                    "http://127.0.0.1:" + callbacks.getAddress().getPort() + "/events",
                "EventsFilter", "reservation.created"));
    path = "/v1/Workspaces/" + ws;
    String available =
        sid(get(path + "/Activities?FriendlyName=" + URLEncoder.encode("Available", StandardCharsets.UTF_8)));
    String claims = queue("Claims", "skills HAS 'claims'");
    String finance = queue("Finance", "skills HAS 'finance'");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    for (int i = 0; i < workers; i++) {
      int n = i;
      pool.execute(
          () -> {
            try {
              String skill = n % 2 == 0 ? "claims" : "finance";
              String worker =
                  sid(
                      post(
                          path + "/Workers",
                          "FriendlyName", "w" + n,
                          "Attributes", "{\"skills\":[\"" + skill + "\"]}"));
              post(path + "/Workers/" + worker, "ActivitySid", available);
            } catch (Exception e) {
              throw new RuntimeException(e);
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
    return new String[] {workflow(claims), workflow(finance)};
  }

  String queue(String name, String target) throws Exception {
    return sid(post(path + "/TaskQueues", "FriendlyName", name, "TargetWorkers", target));
  }

  String workflow(String queue) throws Exception {
    return sid(
        post(
            path + "/Workflows",
            "FriendlyName", "to " + queue,
            "Configuration",
            "{\"task_routing\":{\"filters\":[],\"default_filter\":{\"queue\":\"" + queue + "\"}}}"));
  }

  /** Workers learn of reservations from the event callback, then accept and complete over REST. */
  void startCallbackReceiver() throws Exception {
    callbacks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    callbacks.setExecutor(Executors.newFixedThreadPool(4));
    callbacks.createContext(
        "/events",
        exchange -> {
          Map<String, String> form;
          try (InputStream in = exchange.getRequestBody()) {
            form = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
          if ("reservation.created".equals(form.get("EventType"))) {
            String task = form.get("TaskSid");
            String reservation = form.get("ReservationSid");
            hands.execute(
                () -> {
                  // a worker tries again when Switchboard fails (5xx, no answer), as people do
                  if (retried(
                      () ->
                          post(
                              path + "/Tasks/" + task + "/Reservations/" + reservation,
                              "ReservationStatus", "accepted"))) {
                    retried(
                        () ->
                            post(
                                path + "/Tasks/" + task,
                                "AssignmentStatus", "completed", "Reason", "done"));
                  }
                });
          }
        });
    callbacks.start();
  }

  interface Call {
    String run() throws Exception;
  }

  /** Runs a worker's request, up to 10 times while it fails; false if it never succeeded. */
  boolean retried(Call call) {
    for (int attempt = 1; attempt <= 10; attempt++) {
      try {
        call.run();
        return true;
      } catch (IllegalStateException refused) {
        if (!refused.getMessage().contains(" -> 5")) {
          workerFailures.incrementAndGet(); // 4xx: the reservation or task moved on
          return false;
        }
      } catch (Exception e) {
        // no answer: try again
      }
      sleep(1000);
    }
    workerFailures.incrementAndGet();
    return false;
  }

  String post(String target, String... form) throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < form.length; i += 2) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(form[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
    }
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + target))
                .header("Authorization", auth)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          target + " -> " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  String get(String target) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + target))
                .header("Authorization", auth)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          target + " -> " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  static String sid(String body) {
    return group(SID, body);
  }

  static String group(Pattern pattern, String body) {
    Matcher m = pattern.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no " + pattern + " in " + body);
    }
    return m.group(1);
  }

  static Map<String, String> parse(String form) {
    Map<String, String> out = new HashMap<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
