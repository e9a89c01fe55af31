package org.switchboard.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Database;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Seed;

/**
 * A randomized concurrent storm: many workers with capacity 2 accept, reject, let reservations time
 * out and go offline and online while tasks pour in, all at once from many threads, each request
 * sent to one of the given servers at random. Then the invariants are checked in the database
 * itself: no worker holds more than its capacity, every worker's capacity count equals the
 * reservations that hold it, no task has more pending reservations than its queue allows or more
 * than one accepted, nothing stays reserved to an offline worker, and no reservation timed out
 * twice.
 */
final class Storm {

  private static final int WORKERS = 12;
  private static final int THREADS = 12;

  /** How long a step waits for its task to be offered (long: CI machines may be loaded). */
  private static final java.time.Duration OFFER_WAIT = java.time.Duration.ofSeconds(20);

  private final List<Api> servers;
  private final int tasks;

  Storm(List<Api> servers, int tasks) {
    this.servers = List.copyOf(servers);
    this.tasks = tasks;
  }

  void invariantsHoldWhateverTheInterleaving() throws Exception {
    // given workers with capacity 2 on the default channel, a queue offering each task to two
    Api api = servers.get(0);
    Seed seed = Seed.workspace(api);
    List<String> workers = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      String worker = seed.worker("storm-" + i, "{}");
      Seed.expect(
          api.post(seed.base + "/Workers/" + worker + "/Channels/default", "Capacity", "2"), 200);
      seed.moveWorker(worker, "Available");
      workers.add(worker);
    }
    String queue = seed.queue("Storm", "1==1", "MaxReservedWorkers", "2");
    String workflow = seed.workflowTo(queue, "TaskReservationTimeout", "4");
    String available = seed.activity("Available");
    String offline = seed.activity("Offline");

    // when tasks pour in while workers answer at random
    Random random = new Random(42);
    AtomicInteger created = new AtomicInteger();
    java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    for (int i = 0; i < tasks; i++) {
      long seed1 = random.nextLong();
      pool.execute(
          () -> {
            // an exception or failed assertion in a pool thread would vanish with the thread:
            // each is kept, and the test fails on it below
            try {
              step(seed, workers, workflow, available, offline, new Random(seed1), created)
                  .forEach(failures::add);
            } catch (Throwable e) {
              failures.add(e.toString());
            }
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    for (String worker : workers) {
      seed.moveWorker(worker, "Available");
    }

    // then, once the storm settles, the invariants hold in the database
    Eventually.until(
        () ->
            Database.rows(
                "select count(*) from reservation where workspace_sid = ? and reservation_status = 'PENDING'"
                    + " and timeout_at < now() - interval '3 seconds'",
                seed.workspace),
        rows -> rows.get(0).equals("0"),
        "every overdue reservation timed out");
    assertThat(failures).as("requests that failed during the storm").isEmpty();
    assertThat(created.get()).isEqualTo(tasks);
    List<String> outcomes =
        Database.rows(
            "select reservation_status from reservation where workspace_sid = ?"
                + " group by reservation_status order by reservation_status",
            seed.workspace);
    assertThat(outcomes)
        .as("workers really answered offers during the storm (which answers depends on timing)")
        .containsAnyOf("ACCEPTED", "WRAPPING", "COMPLETED", "REJECTED");
    invariantsHoldIn(seed.workspace);
  }

  /**
   * The routing invariants of docs/routing.md, checked in the database for one workspace: no worker
   * above capacity, capacity counts that agree with the reservations, at most two pending
   * reservations a task, at most one accepted, task states that agree with their reservations, no
   * reservation timed out twice.
   */
  static void invariantsHoldIn(String workspace) {
    assertThat(
            Database.rows(
                "select wc.sid, wc.assigned_tasks, wc.configured_capacity from worker_channel wc"
                    + " where wc.workspace_sid = ? and wc.assigned_tasks > wc.configured_capacity",
                workspace))
        .as("workers above capacity")
        .isEmpty();
    assertThat(
            Database.rows(
                "select wc.sid, wc.assigned_tasks, count(r.sid) from worker_channel wc"
                    + " left join reservation r on r.worker_sid = wc.worker_sid"
                    + " and r.task_channel_sid = wc.task_channel_sid"
                    + " and r.reservation_status in ('PENDING','ACCEPTED','WRAPPING')"
                    + " where wc.workspace_sid = ? group by wc.sid, wc.assigned_tasks"
                    + " having wc.assigned_tasks <> count(r.sid)",
                workspace))
        .as("capacity counts that disagree with the reservations holding capacity")
        .isEmpty();
    assertThat(
            Database.rows(
                "select task_sid, count(*) from reservation where workspace_sid = ?"
                    + " and reservation_status = 'PENDING' group by task_sid having count(*) > 2",
                workspace))
        .as("tasks with more pending reservations than MaxReservedWorkers")
        .isEmpty();
    assertThat(
            Database.rows(
                "select task_sid from reservation where workspace_sid = ?"
                    + " and reservation_status in ('ACCEPTED','WRAPPING','COMPLETED')"
                    + " group by task_sid having count(*) > 1",
                workspace))
        .as("tasks accepted by two workers")
        .isEmpty();
    assertThat(
            Database.rows(
                "select t.sid, t.assignment_status from task t where t.workspace_sid = ?"
                    + " and ((t.assignment_status = 'RESERVED' and not exists (select 1 from reservation r"
                    + " where r.task_sid = t.sid and r.reservation_status = 'PENDING'))"
                    + " or (t.assignment_status = 'ASSIGNED' and not exists (select 1 from reservation r"
                    + " where r.task_sid = t.sid and r.reservation_status = 'ACCEPTED')))",
                workspace))
        .as("task states that disagree with their reservations")
        .isEmpty();
    assertThat(
            Database.rows(
                "select reservation_sid from event where workspace_sid = ?"
                    + " and event_type = 'reservation.timeout'"
                    + " group by reservation_sid having count(*) > 1",
                workspace))
        .as("reservations that timed out twice")
        .isEmpty();
  }

  /** One client's turn; returns the answers that were server errors. */
  private List<String> step(
      Seed shared,
      List<String> workers,
      String workflow,
      String available,
      String offline,
      Random random,
      AtomicInteger created) {
    Api api = servers.get(random.nextInt(servers.size()));
    Seed seed = shared.through(api);
    List<String> errors = new ArrayList<>();
    String task = seed.task(workflow, "{\"n\":" + random.nextInt(1000) + "}");
    created.incrementAndGet();
    String worker = workers.get(random.nextInt(workers.size()));
    int dice = random.nextInt(10);
    if (dice == 0) {
      serverError(errors, api.post(seed.base + "/Workers/" + worker, "ActivitySid", offline));
      serverError(errors, api.post(seed.base + "/Workers/" + worker, "ActivitySid", available));
      return errors;
    }
    List<JsonObject> offered =
        Eventually.poll(
            () -> seed.reservationsOfTask(task),
            r -> r.stream().anyMatch(x -> "pending".equals(x.getString("reservation_status"))),
            OFFER_WAIT);
    for (JsonObject reservation : offered) {
      if (!"pending".equals(reservation.getString("reservation_status"))) {
        continue;
      }
      String path = seed.base + "/Tasks/" + task + "/Reservations/" + reservation.getString("sid");
      if (dice <= 5) {
        ApiResponse accepted = api.post(path, "ReservationStatus", "accepted");
        serverError(errors, accepted);
        if (accepted.status() == 200 && random.nextBoolean()) {
          ApiResponse completed =
              api.post(
                  seed.base + "/Tasks/" + task, "AssignmentStatus", "completed", "Reason", "done");
          if (completed.status() != 200) {
            throw new AssertionError("completing an accepted task failed: " + completed);
          }
        }
      } else if (dice <= 7) {
        // a 4xx is a fair answer (the offer may have timed out meanwhile); a 5xx never is
        serverError(errors, api.post(path, "ReservationStatus", "rejected"));
      }
      // otherwise leave it to time out
    }
    return errors;
  }

  private static void serverError(List<String> errors, ApiResponse response) {
    if (response.status() >= 500) {
      errors.add(response.toString());
    }
  }
}
