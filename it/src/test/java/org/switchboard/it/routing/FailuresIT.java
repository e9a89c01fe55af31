package org.switchboard.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.File;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.CallbackReceiver;
import org.switchboard.it.support.Database;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.SecondServer;
import org.switchboard.it.support.Seed;

/**
 * What an operator's worst days do to two servers on one database, the slowest scenarios of the
 * suite in one class on the suite's own servers (the test server and the shared second one): the
 * database restarted under load (requests fail fast with a 503, never a 500, and both servers
 * recover on their own within seconds), and a server killed ({@code kill -9}) mid-storm (the tasks
 * it committed but never routed are found and routed by the other server; every invariant holds;
 * every callback is delivered). Nothing is lost or doubled in either.
 *
 * <p>Restarting PostgreSQL disturbs every other client of the machine's server, so it happens once,
 * here, and only when the restart command exists ({@code switchboard.it.db.restart}, by default
 * Debian's {@code pg_ctlcluster 15 main restart}, run as root).
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailuresIT {

  private static final Logger LOG = Logger.getLogger(FailuresIT.class.getName());

  /** Recovery after the database is back, at most. */
  private static final Duration RECOVERY = Duration.ofSeconds(10);

  private static SecondServer second;

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @BeforeAll
  static void startSecondServer() throws Exception {
    second = SecondServer.shared(); // stopped when the suite ends
  }

  /**
   * One answer under load: which server, its status, Twilio's code, how long it took and when it
   * came (ms since the load started).
   */
  private record Answer(int server, int status, int code, long millis, long at, String body) {}

  @Test
  @Order(1)
  void aDatabaseRestartUnderLoadAnswers503NeverA500AndBothServersRecoverWithinSeconds()
      throws Exception {
    List<String> restart =
        List.of(
            System.getProperty("switchboard.it.db.restart", "pg_ctlcluster 15 main restart")
                .split("\\s+"));
    Assumptions.assumeTrue(
        onPath(restart.get(0)), "no " + restart.get(0) + " here to restart PostgreSQL with");
    try (CallbackReceiver receiver = new CallbackReceiver()) {
      // given two servers, twelve free workers with room for 600 tasks, events reported
      Api one = Api.asSuiteAccount();
      List<Api> servers = List.of(one, one.on(second.root()));
      Seed seed = Seed.workspace(one);
      Seed.expect(one.post(seed.base, "EventCallbackUrl", receiver.url("/events")), 200);
      for (int i = 0; i < 12; i++) {
        String worker = seed.worker("w" + i, "{}");
        Seed.expect(
            one.post(seed.base + "/Workers/" + worker + "/Channels/default", "Capacity", "50"),
            200);
        seed.moveWorker(worker, "Available");
      }
      String workflow = seed.workflowTo(seed.queue("All", "1==1"));

      // when clients create and list tasks through both servers while PostgreSQL restarts
      Queue<Answer> answers = new ConcurrentLinkedQueue<>();
      Set<Integer> createdOk = java.util.concurrent.ConcurrentHashMap.newKeySet();
      AtomicInteger numbers = new AtomicInteger();
      CountDownLatch stop = new CountDownLatch(1);
      long start = System.nanoTime();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int client = c;
        running.add(
            clients.submit(
                () -> {
                  int i = 0;
                  while (stop.getCount() > 0 && numbers.get() < 400) {
                    int server = (client + i++) % 2;
                    Api api = servers.get(server);
                    long sent = System.nanoTime();
                    ApiResponse response;
                    int n = -1;
                    try {
                      if (i % 2 == 0) {
                        n = numbers.incrementAndGet();
                        response =
                            api.post(
                                seed.base + "/Tasks",
                                "WorkflowSid",
                                workflow,
                                "Attributes",
                                "{\"n\":" + n + "}");
                      } else {
                        response = api.get(seed.base + "/Tasks?PageSize=5");
                      }
                    } catch (UncheckedIOException e) {
                      answers.add(
                          new Answer(server, -1, 0, millis(sent), millis(start), e.toString()));
                      continue;
                    }
                    int code = 0;
                    if (response.status() >= 400) {
                      try {
                        code = response.json().getInt("code", 0);
                      } catch (RuntimeException notJson) {
                        code = -1; // not Twilio's error shape: reported by the assertions below
                      }
                    }
                    if (response.status() == 201) {
                      createdOk.add(n);
                    }
                    answers.add(
                        new Answer(
                            server,
                            response.status(),
                            code,
                            millis(sent),
                            millis(start),
                            response.status() >= 400 ? response.body() : ""));
                    // a request every 100 ms per client, until told to stop
                    if (stop.await(100, TimeUnit.MILLISECONDS)) {
                      break;
                    }
                  }
                  return null;
                }));
      }
      Eventually.until(answers::size, n -> n >= 20, "the load under way on both servers");
      long restartAt = millis(start);
      Process restarting =
          new ProcessBuilder(restart).redirectErrorStream(true).inheritIO().start();
      assertThat(restarting.waitFor(60, TimeUnit.SECONDS)).as("PostgreSQL restarted").isTrue();
      long backAt = millis(start);
      LOG.info("PostgreSQL restarted between " + restartAt + " and " + backAt + " ms");
      // the clients go on until both servers have answered well for a while, at most 25 s
      Eventually.poll(
          () -> recoveredAt(answers, backAt),
          at -> at[0] >= 0 && at[1] >= 0 && millis(start) > Math.max(at[0], at[1]) + 3000,
          Duration.ofSeconds(25));
      stop.countDown();
      for (Future<?> f : running) {
        f.get(1, TimeUnit.MINUTES);
      }
      clients.shutdown();

      // then no answer was a 500 (or any 5xx but 503), every 503 was Twilio's error asking to retry
      List<Answer> all = new ArrayList<>(answers);
      LOG.info(
          "answers: "
              + all.size()
              + ", 503s: "
              + all.stream().filter(a -> a.status() == 503).count()
              + ", failed connections: "
              + all.stream().filter(a -> a.status() < 0).count());
      assertThat(all.stream().filter(a -> a.status() >= 500 && a.status() != 503).toList())
          .as("answers other than 503 among the server errors")
          .isEmpty();
      assertThat(all.stream().filter(a -> a.status() < 0).toList())
          .as("requests without an answer")
          .isEmpty();
      assertThat(all.stream().filter(a -> a.status() == 503 && a.code() != 20503).toList())
          .as("503s not in Twilio's error shape")
          .isEmpty();
      // and failed fast rather than hang
      assertThat(all.stream().filter(a -> a.millis() > 10_000).toList())
          .as("requests that took more than 10 s")
          .isEmpty();
      // and both servers answered every request well again within seconds of the database's return
      long[] recovered = recoveredAt(all, backAt);
      assertThat(recovered[0]).as("first server recovered").isNotNegative();
      assertThat(recovered[1]).as("second server recovered").isNotNegative();
      assertThat(Math.max(recovered[0], recovered[1]) - backAt)
          .as("ms after the database's return until both servers answered every request")
          .isLessThanOrEqualTo(RECOVERY.toMillis());

      // and no task was lost or doubled: each one answered 201 exists once, no task twice
      assertThat(
              Database.rows(
                  "select attributes from task where workspace_sid = ? group by attributes"
                      + " having count(*) > 1",
                  seed.workspace))
          .as("tasks created twice")
          .isEmpty();
      Set<Integer> stored = new HashSet<>();
      for (String attributes :
          Database.rows("select attributes from task where workspace_sid = ?", seed.workspace)) {
        stored.add(Integer.parseInt(attributes.replaceAll("[^0-9]", "")));
      }
      assertThat(stored).as("tasks answered 201").containsAll(createdOk);
      // and every task was routed: each got its reservation, whatever pass the outage broke
      Eventually.poll(
          () -> unreserved(seed.workspace), rows -> rows.isEmpty(), Duration.ofSeconds(30));
      assertThat(unreserved(seed.workspace)).as("tasks never offered").isEmpty();
      Storm.invariantsHoldIn(seed.workspace);
      // and every event was reported to the callback URL
      assertEveryEventDelivered(receiver, seed.workspace);
    }
  }

  @Test
  @Order(2)
  void aServerKilledMidStormLosesNothingAndTheTasksItNeverRoutedAreRouted() throws Exception {
    try (CallbackReceiver receiver = new CallbackReceiver()) {
      // given the storm's workspace: twelve workers of capacity 2, two offers a task, 4 s timeouts
      Api one = Api.asSuiteAccount();
      Api two = one.on(second.root());
      Seed seed = Seed.workspace(one);
      Seed.expect(one.post(seed.base, "EventCallbackUrl", receiver.url("/events")), 200);
      List<String> workers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String worker = seed.worker("storm-" + i, "{}");
        Seed.expect(
            one.post(seed.base + "/Workers/" + worker + "/Channels/default", "Capacity", "2"), 200);
        seed.moveWorker(worker, "Available");
        workers.add(worker);
      }
      String queue = seed.queue("Storm", "1==1", "MaxReservedWorkers", "2");
      String workflow = seed.workflowTo(queue, "TaskReservationTimeout", "4");
      // a second, fresh workflow: the first task of a new workflow version waits for its rules to
      // compile, so the burst through the second server is still unrouted when it is killed
      String burstWorkflow = seed.workflowTo(queue, "TaskReservationTimeout", "600");

      // when a storm runs through both servers
      AtomicBoolean secondAlive = new AtomicBoolean(true);
      Queue<String> failures = new ConcurrentLinkedQueue<>();
      // eight clients, each starting its next step after a think time of up to 200 ms
      ScheduledExecutorService storm = Executors.newScheduledThreadPool(8);
      Random random = new Random(18);
      // think times drawn apart from the steps' seeds: a step's own random choices (which server
      // it creates its task on, first of all) must not depend on how long its client waited
      Random thinkTimes = new Random(19);
      List<Future<?>> steps = new ArrayList<>();
      long[] thinking = new long[8];
      for (int i = 0; i < 160; i++) {
        long stepSeed = random.nextLong();
        thinking[i % 8] += thinkTimes.nextInt(200);
        steps.add(
            storm.schedule(
                () -> stormStep(seed, one, two, secondAlive, workflow, workers, stepSeed, failures),
                thinking[i % 8],
                TimeUnit.MILLISECONDS));
      }
      // and, mid-storm, a burst of tasks goes through the second server, which is then killed
      Eventually.until(
          () -> steps.stream().filter(Future::isDone).count(), n -> n >= 20, "the storm under way");
      Set<String> burst = java.util.concurrent.ConcurrentHashMap.newKeySet();
      ExecutorService bursting = Executors.newFixedThreadPool(8);
      List<Future<?>> creations = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        int n = i;
        creations.add(
            bursting.submit(
                () -> {
                  ApiResponse created =
                      two.post(
                          seed.base + "/Tasks",
                          "WorkflowSid",
                          burstWorkflow,
                          "Attributes",
                          "{\"burst\":" + n + "}");
                  if (created.status() == 201) {
                    burst.add(created.json().getString("sid"));
                  }
                  return null;
                }));
      }
      for (Future<?> f : creations) {
        f.get(1, TimeUnit.MINUTES);
      }
      secondAlive.set(false);
      SecondServer.killShared();
      long killedAt = System.nanoTime();
      bursting.shutdown();
      int unplacedAtKill = unplaced(seed.workspace).size();
      LOG.info(
          "killed the second server with "
              + unplacedAtKill
              + " task(s) committed and not yet placed; "
              + burst.size()
              + " created in the burst");

      // then the surviving server finds the tasks the killed one never routed, within seconds
      List<String> stranded =
          Eventually.poll(() -> unplaced(seed.workspace), List::isEmpty, Duration.ofSeconds(15));
      assertThat(stranded)
          .as(
              "tasks still never placed "
                  + (System.nanoTime() - killedAt) / 1_000_000
                  + " ms after the kill ("
                  + unplacedAtKill
                  + " at the kill)")
          .isEmpty();
      for (Future<?> step : steps) {
        step.get(5, TimeUnit.MINUTES);
      }
      storm.shutdown();
      assertThat(failures).as("storm steps that failed on the surviving server").isEmpty();
      // and, once the storm's leftovers (tasks left to time out, or rejected) are canceled and the
      // workers its timeouts took offline (the workspace's TimeoutActivity) are back, every task of
      // the burst is offered, accepted and completed
      for (String task :
          Database.rows(
              "select sid from task where workspace_sid = ?"
                  + " and assignment_status in ('PENDING', 'RESERVED')",
              seed.workspace)) {
        if (!burst.contains(task)) {
          one.post(seed.base + "/Tasks/" + task, "AssignmentStatus", "canceled", "Reason", "over");
        }
      }
      for (String worker : workers) {
        seed.moveWorker(worker, "Available");
      }
      completeAll(seed, one, burst);

      // and the killed server comes back
      second = SecondServer.shared();
      for (String worker : workers) {
        seed.moveWorker(worker, "Available");
      }
      // and every overdue reservation timed out, once
      Eventually.until(
          () ->
              Database.rows(
                  "select count(*) from reservation where workspace_sid = ?"
                      + " and reservation_status = 'PENDING'"
                      + " and timeout_at < now() - interval '3 seconds'",
                  seed.workspace),
          rows -> rows.get(0).equals("0"),
          "every overdue reservation timed out");
      Storm.invariantsHoldIn(seed.workspace);
      assertThat(unplaced(seed.workspace)).as("tasks never placed").isEmpty();
      // and every event written before or after the crash reached the callback URL
      assertEveryEventDelivered(receiver, seed.workspace);
      // and the restarted server serves again
      assertThat(two.get(seed.base + "/Tasks?PageSize=1").status()).isEqualTo(200);
    }
  }

  /** A storm step: create a task, then accept (and maybe complete), reject or let it time out. */
  private static void stormStep(
      Seed shared,
      Api one,
      Api two,
      AtomicBoolean secondAlive,
      String workflow,
      List<String> workers,
      long stepSeed,
      Queue<String> failures) {
    Random random = new Random(stepSeed);
    try {
      String task = null;
      for (int attempt = 0; task == null && attempt < 3; attempt++) {
        Api api = random.nextBoolean() && secondAlive.get() ? two : one;
        try {
          ApiResponse created =
              api.post(
                  shared.base + "/Tasks",
                  "WorkflowSid",
                  workflow,
                  "Attributes",
                  "{\"n\":" + random.nextInt(1000) + "}");
          if (created.status() == 201) {
            task = created.json().getString("sid");
          }
        } catch (UncheckedIOException e) {
          // the second server was killed under this request: try again on the first
        }
      }
      if (task == null) {
        failures.add("no task created");
        return;
      }
      int dice = random.nextInt(10);
      Seed seed = shared.through(one);
      String taskSid = task;
      List<JsonObject> offered =
          Eventually.poll(
              () -> seed.reservationsOfTask(taskSid),
              r -> r.stream().anyMatch(x -> "pending".equals(x.getString("reservation_status"))),
              Duration.ofSeconds(20));
      for (JsonObject reservation : offered) {
        if (!"pending".equals(reservation.getString("reservation_status"))) {
          continue;
        }
        String path =
            shared.base + "/Tasks/" + task + "/Reservations/" + reservation.getString("sid");
        Api api = random.nextBoolean() && secondAlive.get() ? two : one;
        try {
          if (dice <= 5) {
            ApiResponse accepted = api.post(path, "ReservationStatus", "accepted");
            if (accepted.status() == 200 && random.nextBoolean()) {
              api.post(
                  shared.base + "/Tasks/" + task, "AssignmentStatus", "completed", "Reason", "ok");
            }
          } else if (dice <= 7) {
            api.post(path, "ReservationStatus", "rejected");
          }
        } catch (UncheckedIOException e) {
          // killed under this request: what committed stays, what did not never happened
        }
      }
    } catch (RuntimeException e) {
      failures.add(e.toString());
    }
  }

  /**
   * Accepts and completes every task of the set, offer by offer, through the given server: each
   * round accepts the pending offers and completes the assigned tasks, until none is left open.
   */
  private static void completeAll(Seed shared, Api api, Set<String> tasks) {
    Seed seed = shared.through(api);
    Set<String> open = new HashSet<>(tasks);
    Set<String> left =
        Eventually.poll(
            () -> {
              for (String task : List.copyOf(open)) {
                if (settled(shared, seed, api, task)) {
                  open.remove(task);
                }
              }
              return open;
            },
            Set::isEmpty,
            Duration.ofSeconds(90));
    assertThat(left).as("tasks of the burst never offered and accepted").isEmpty();
  }

  /**
   * Completes the task if it is assigned, else accepts its first pending offer; whether it is done.
   */
  private static boolean settled(Seed shared, Seed seed, Api api, String task) {
    String status = seed.task(task).getString("assignment_status");
    if (!status.equals("pending") && !status.equals("reserved")) {
      if (status.equals("assigned")) {
        api.post(shared.base + "/Tasks/" + task, "AssignmentStatus", "completed", "Reason", "done");
      }
      return true;
    }
    for (JsonObject r : seed.reservationsOfTask(task)) {
      if ("pending".equals(r.getString("reservation_status"))
          && api.post(
                      shared.base + "/Tasks/" + task + "/Reservations/" + r.getString("sid"),
                      "ReservationStatus",
                      "accepted")
                  .status()
              == 200) {
        return false;
      }
    }
    return false;
  }

  /** Pending tasks never placed in a queue. */
  private static List<String> unplaced(String workspace) {
    return Database.rows(
        "select sid from task where workspace_sid = ? and assignment_status = 'PENDING'"
            + " and task_queue_sid is null",
        workspace);
  }

  /** Tasks without any reservation. */
  private static List<String> unreserved(String workspace) {
    return Database.rows(
        "select t.sid, t.assignment_status from task t where t.workspace_sid = ?"
            + " and not exists (select 1 from reservation r where r.task_sid = t.sid)",
        workspace);
  }

  /** Every event of the workspace reaches the callback URL (at least once) within a minute. */
  private static void assertEveryEventDelivered(CallbackReceiver receiver, String workspace) {
    List<String> missing =
        Eventually.poll(
            () -> {
              Set<String> received = new HashSet<>();
              for (CallbackReceiver.Received r : receiver.received()) {
                received.add(r.form().get("Sid"));
              }
              List<String> events =
                  new ArrayList<>(
                      Database.rows("select sid from event where workspace_sid = ?", workspace));
              events.removeAll(received);
              return events;
            },
            List::isEmpty,
            Duration.ofSeconds(75));
    assertThat(missing).as("events never delivered to the callback URL").isEmpty();
  }

  /**
   * Per server, the moment (ms since the start) after the database's return from which it answered
   * every request without a server error; -1 if it never did.
   */
  private static long[] recoveredAt(java.util.Collection<Answer> answers, long backAt) {
    long[] recovered = {-1, -1};
    for (int server = 0; server < 2; server++) {
      long lastBad = -1;
      boolean anyGood = false;
      for (Answer a : answers) {
        if (a.server() != server || a.at() < backAt) {
          continue;
        }
        if (a.status() < 0 || a.status() >= 500) {
          lastBad = Math.max(lastBad, a.at());
        }
      }
      for (Answer a : answers) {
        if (a.server() == server && a.at() > Math.max(lastBad, backAt) && a.status() < 500) {
          anyGood = true;
        }
      }
      recovered[server] = anyGood ? Math.max(lastBad, backAt) : -1;
    }
    return recovered;
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, command).canExecute()) {
        return true;
      }
    }
    return new File(command).canExecute();
  }

  private static long millis(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1_000_000;
  }
}
