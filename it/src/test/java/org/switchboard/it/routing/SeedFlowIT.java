package org.switchboard.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Seed;

/**
 * TaskRouter's example application flow over the REST API: workers offline, a task waits, a worker
 * goes available and gets a reservation, accepts, completes, capacity is released, the worker goes
 * offline; every step is an event.
 */
@ExtendWith(ArquillianExtension.class)
class SeedFlowIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void aTaskWaitsForAnAvailableWorkerWhoAcceptsAndCompletesIt() {
    // given workers who are offline, a queue for support agents and a workflow into it
    Seed seed = Seed.workspace(api);
    String alice =
        seed.worker("alice", "{\"skills\":[\"support\",\"billing\"],\"languages\":[\"en\"]}");
    String bob = seed.worker("bob", "{\"skills\":[\"sales\"]}");
    String queue = seed.queue("Support", "skills HAS 'support'");
    String workflow = seed.workflowTo(queue);

    // when a task is created, it waits in the queue: nobody is available
    String task = seed.task(workflow, "{\"type\":\"support\",\"customer\":\"ACME\"}");
    JsonObject waiting =
        Eventually.until(
            () -> seed.task(task),
            t -> queue.equals(t.getString("task_queue_sid", null)),
            "queued");
    assertThat(waiting.getString("assignment_status")).isEqualTo("pending");
    assertThat(seed.reservationsOfTask(task)).isEmpty();

    // when bob (not in the queue) and then alice become available
    seed.moveWorker(bob, "Available");
    seed.moveWorker(alice, "Available");

    // then alice, and only alice, is offered the task, and the offer takes her capacity
    List<JsonObject> offered =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "reserved");
    assertThat(offered).hasSize(1);
    JsonObject reservation = offered.get(0);
    assertThat(reservation.getString("worker_sid")).isEqualTo(alice);
    assertThat(reservation.getString("reservation_status")).isEqualTo("pending");
    assertThat(seed.task(task).getString("assignment_status")).isEqualTo("reserved");
    assertThat(seed.channel(alice, "default").getInt("assigned_tasks")).isEqualTo(1);
    assertThat(seed.channel(alice, "default").getInt("available_capacity_percentage")).isZero();
    assertThat(seed.reservationsOfWorker(bob)).isEmpty();

    // when alice accepts
    ApiResponse accepted =
        api.post(
            seed.base + "/Workers/" + alice + "/Reservations/" + reservation.getString("sid"),
            "ReservationStatus",
            "accepted");

    // then the task is hers
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    assertThat(accepted.json().getString("reservation_status")).isEqualTo("accepted");
    assertThat(seed.task(task).getString("assignment_status")).isEqualTo("assigned");

    // when the work is done
    ApiResponse completed =
        api.post(
            seed.base + "/Tasks/" + task, "AssignmentStatus", "completed", "Reason", "resolved");

    // then the task is completed and alice's capacity is free again
    assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
    assertThat(completed.json().getString("assignment_status")).isEqualTo("completed");
    assertThat(completed.json().getString("reason")).isEqualTo("resolved");
    assertThat(seed.reservationsOfTask(task).get(0).getString("reservation_status"))
        .isEqualTo("completed");
    assertThat(seed.channel(alice, "default").getInt("assigned_tasks")).isZero();
    assertThat(seed.channel(alice, "default").getInt("available_capacity_percentage"))
        .isEqualTo(100);

    // finally alice goes offline, and every step left its event, in order
    seed.moveWorker(alice, "Offline");
    List<String> types =
        api
            .get(seed.base + "/Events?TaskSid=" + task + "&PageSize=100")
            .json()
            .getJsonArray("events")
            .getValuesAs(JsonObject.class)
            .stream()
            .map(e -> e.getString("event_type"))
            .toList();
    assertThat(types)
        .contains(
            "task.created",
            "task-queue.entered",
            "reservation.created",
            "reservation.accepted",
            "reservation.completed",
            "task.completed");
  }

  @Test
  void aTimedOutReservationMovesTheWorkerAwayAndTheTaskOnToTheNext() {
    // given two available agents and a workflow whose reservations time out after 1 s
    Seed seed = Seed.workspace(api);
    String first = seed.worker("first", "{\"team\":\"a\"}");
    String queue = seed.queue("Team A", "team == 'a'");
    String workflow = seed.workflowTo(queue, "TaskReservationTimeout", "1");
    seed.moveWorker(first, "Available");
    String task = seed.task(workflow, "{}");
    JsonObject firstOffer =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "reserved").get(0);
    assertThat(firstOffer.getString("worker_sid")).isEqualTo(first);
    // offers made from now on last two minutes (the first keeps its one second), so the second
    // worker's offer is certainly still pending when it is looked at
    Seed.expect(
        api.post(seed.base + "/Workflows/" + workflow, "TaskReservationTimeout", "120"), 200);
    String second = seed.worker("second", "{\"team\":\"a\"}");
    seed.moveWorker(second, "Available");

    // when nobody answers the first offer in time
    List<JsonObject> offers =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> r.size() == 2, "offered again");

    // then it timed out, the first worker is in the timeout activity, the second has the offer
    JsonObject timedOut =
        offers.stream()
            .filter(r -> r.getString("worker_sid").equals(first))
            .findFirst()
            .orElseThrow();
    JsonObject secondOffer =
        offers.stream()
            .filter(r -> r.getString("worker_sid").equals(second))
            .findFirst()
            .orElseThrow();
    assertThat(timedOut.getString("reservation_status")).isEqualTo("timeout");
    assertThat(secondOffer.getString("reservation_status")).isEqualTo("pending");
    JsonObject firstWorker = api.get(seed.base + "/Workers/" + first).json();
    assertThat(firstWorker.getString("activity_name")).isEqualTo("Offline");
    assertThat(seed.channel(first, "default").getInt("assigned_tasks")).isZero();
  }

  @Test
  void aRejectedTaskGoesToSomeoneElseAndNeverBackToTheWorkerWhoRejectedIt() {
    // given one available agent who will reject
    Seed seed = Seed.workspace(api);
    String picky = seed.worker("picky", "{}");
    String queue = seed.queue("Everyone", "1==1");
    String workflow = seed.workflowTo(queue);
    seed.moveWorker(picky, "Available");
    String task = seed.task(workflow, "{}");
    JsonObject offer =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "reserved").get(0);

    // when the agent rejects and moves to Unavailable
    ApiResponse rejected =
        api.post(
            seed.base + "/Tasks/" + task + "/Reservations/" + offer.getString("sid"),
            "ReservationStatus",
            "rejected",
            "WorkerActivitySid",
            seed.activity("Unavailable"));
    assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
    assertThat(api.get(seed.base + "/Workers/" + picky).json().getString("activity_name"))
        .isEqualTo("Unavailable");

    // and comes back, while a colleague becomes available
    seed.moveWorker(picky, "Available");
    String colleague = seed.worker("colleague", "{}");
    seed.moveWorker(colleague, "Available");

    // then the colleague gets the task, the picky agent is not offered it again
    List<JsonObject> offers =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> r.size() == 2, "offered again");
    assertThat(offers)
        .extracting(r -> r.getString("worker_sid") + ":" + r.getString("reservation_status"))
        .containsExactlyInAnyOrder(picky + ":rejected", colleague + ":pending");
  }

  @Test
  void aReservationAddressedUnderAnotherTaskIsNotFoundThereAndStaysAsItWas() {
    // given a reservation of one task, and a second task of the workspace
    Seed seed = Seed.workspace(api);
    String agent = seed.worker("agent", "{}");
    String queue = seed.queue("Everyone", "1==1");
    String workflow = seed.workflowTo(queue);
    seed.moveWorker(agent, "Available");
    String task = seed.task(workflow, "{}");
    JsonObject offer =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "reserved").get(0);
    String other = seed.task(workflow, "{}");

    // when it is accepted under the second task
    ApiResponse misaddressed =
        api.post(
            seed.base + "/Tasks/" + other + "/Reservations/" + offer.getString("sid"),
            "ReservationStatus",
            "accepted");

    // then there is no such reservation there, and neither task changed
    assertThat(misaddressed.status()).as(misaddressed.toString()).isEqualTo(404);
    assertThat(misaddressed.json().getInt("code")).isEqualTo(20404);
    assertThat(seed.reservationsOfTask(task))
        .extracting(r -> r.getString("reservation_status"))
        .containsExactly("pending");
    assertThat(api.get(seed.base + "/Tasks/" + other).json().getString("assignment_status"))
        .isEqualTo("pending");
  }

  @Test
  void twoWorkersAcceptingAtOnceOneWins() {
    // given a queue that offers each task to two workers at once
    Seed seed = Seed.workspace(api);
    String one = seed.worker("one", "{}");
    String two = seed.worker("two", "{}");
    String queue = seed.queue("Pair", "1==1", "MaxReservedWorkers", "2");
    String workflow = seed.workflowTo(queue);
    seed.moveWorker(one, "Available");
    seed.moveWorker(two, "Available");
    String task = seed.task(workflow, "{}");
    List<JsonObject> offers =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> r.size() == 2, "offered twice");

    // when both accept
    ApiResponse a =
        api.post(
            seed.base + "/Tasks/" + task + "/Reservations/" + offers.get(0).getString("sid"),
            "ReservationStatus",
            "accepted");
    ApiResponse b =
        api.post(
            seed.base + "/Tasks/" + task + "/Reservations/" + offers.get(1).getString("sid"),
            "ReservationStatus",
            "accepted");

    // then the first wins, the second reservation was rescinded and its accept refused
    assertThat(a.status()).isEqualTo(200);
    assertThat(b.status()).isEqualTo(409);
    assertThat(b.json().getInt("code")).isEqualTo(20001);
    assertThat(seed.reservationsOfTask(task))
        .extracting(r -> r.getString("reservation_status"))
        .containsExactlyInAnyOrder("accepted", "rescinded");
    String loser = offers.get(1).getString("worker_sid");
    assertThat(seed.channel(loser, "default").getInt("assigned_tasks")).isZero();
  }

  @Test
  void aCanceledTaskCancelsItsReservationAndFreesTheWorker() {
    // given a task offered to a worker
    Seed seed = Seed.workspace(api);
    String worker = seed.worker("w", "{}");
    String workflow = seed.workflowTo(seed.queue("All", "1==1"));
    seed.moveWorker(worker, "Available");
    String task = seed.task(workflow, "{}");
    Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "reserved");

    // when the task is canceled
    ApiResponse canceled =
        api.post(
            seed.base + "/Tasks/" + task, "AssignmentStatus", "canceled", "Reason", "caller left");

    // then its reservation is canceled and the worker's capacity is free
    assertThat(canceled.status()).as(canceled.toString()).isEqualTo(200);
    assertThat(canceled.json().getString("assignment_status")).isEqualTo("canceled");
    assertThat(seed.reservationsOfTask(task).get(0).getString("reservation_status"))
        .isEqualTo("canceled");
    assertThat(seed.channel(worker, "default").getInt("assigned_tasks")).isZero();
  }
}
