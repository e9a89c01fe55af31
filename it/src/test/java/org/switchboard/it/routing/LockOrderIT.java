package org.switchboard.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * The documented lock order (a task before a worker) holds for every use case: a worker going
 * offline with {@code RejectPendingReservations} while its reservations are rejected one by one
 * never deadlocks (PostgreSQL would abort one of the two, a 409 code 20409 or a 500).
 */
@ExtendWith(ArquillianExtension.class)
class LockOrderIT {

  private static final int RESERVATIONS = 4;
  private static final int ROUNDS = 8;

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void goingOfflineWithRejectPendingReservationsRacesRejectsWithoutDeadlock() throws Exception {
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("All", "1==1");
    String workflow = seed.workflowTo(queue);
    String worker = seed.worker("racer", "{}");
    Seed.expect(
        api.post(
            seed.base + "/Workers/" + worker + "/Channels/default",
            "Capacity",
            String.valueOf(RESERVATIONS)),
        200);
    String offline = seed.activity("Offline");
    String available = seed.activity("Available");
    List<ApiResponse> answers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(RESERVATIONS + 1);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        // given the worker holding pending reservations for four tasks
        Seed.expect(api.post(seed.base + "/Workers/" + worker, "ActivitySid", available), 200);
        for (int i = 0; i < RESERVATIONS; i++) {
          seed.task(workflow, "{}");
        }
        List<JsonObject> pending =
            Eventually.until(
                () ->
                    seed.reservationsOfWorker(worker).stream()
                        .filter(r -> "pending".equals(r.getString("reservation_status")))
                        .toList(),
                r -> r.size() == RESERVATIONS,
                "four pending reservations");

        // when the worker goes offline rejecting them while each is rejected by REST at once
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiResponse>> calls = new ArrayList<>();
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return api.post(
                      seed.base + "/Workers/" + worker,
                      "ActivitySid",
                      offline,
                      "RejectPendingReservations",
                      "true");
                }));
        for (JsonObject reservation : pending) {
          calls.add(
              pool.submit(
                  () -> {
                    start.await();
                    return api.post(
                        seed.base
                            + "/Tasks/"
                            + reservation.getString("task_sid")
                            + "/Reservations/"
                            + reservation.getString("sid"),
                        "ReservationStatus",
                        "rejected");
                  }));
        }
        start.countDown();
        for (Future<ApiResponse> call : calls) {
          answers.add(call.get(60, TimeUnit.SECONDS));
        }
        // then every reservation ended rejected, each once
        assertThat(seed.reservationsOfWorker(worker))
            .allMatch(r -> !"pending".equals(r.getString("reservation_status")));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(answers)
        .as("answers aborted as deadlock victims or failed")
        .noneMatch(r -> r.status() >= 500 || r.body().contains("20409"));
    assertThat(answers.get(0).status()).isEqualTo(200);
  }
}
