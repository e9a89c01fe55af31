package org.switchboard.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.Database;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.SecondServer;
import org.switchboard.it.support.Seed;

/**
 * Deadlines that pass while Switchboard is down fire once it is back, and only once: a reservation
 * timeout and a task TTL both fall due while the application is undeployed. No other server may run
 * on the database meanwhile, so the suite's shared second server is stopped first.
 */
@ExtendWith(ArquillianExtension.class)
class DeadlinesAcrossRestartIT {

  private static final String NAME = "restartable";

  @ArquillianResource private Deployer deployer;

  private final Api api = Api.asSuiteAccount();

  @Deployment(name = NAME, managed = false, testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void deadlinesThatPassWhileDownFireOnceAfterTheRestart() {
    // a second server on the suite's database, left running by an earlier test, would (rightly)
    // fire the deadlines while this one is down: this test is about the only server being down
    SecondServer.stopShared();
    deployer.deploy(NAME);
    // given a pending reservation and a waiting task, both with deadlines far off
    Seed seed = Seed.workspace(api);
    String worker = seed.worker("sleepy", "{\"team\":\"a\"}");
    String workflow =
        seed.workflowTo(seed.queue("Team A", "team == 'a'"), "TaskReservationTimeout", "600");
    String orphanWorkflow = seed.workflowTo(seed.queue("Nobody", "team == 'nobody'"));
    seed.moveWorker(worker, "Available");
    String offered = seed.task(workflow, "{}");
    String expiring = seed.task(orphanWorkflow, "{}", "Timeout", "600");
    JsonObject reservation =
        Eventually.until(() -> seed.reservationsOfTask(offered), r -> !r.isEmpty(), "reserved")
            .get(0);

    // when Switchboard is down while both deadlines pass (the stored deadlines are moved into the
    // past rather than waited for)
    deployer.undeploy(NAME);
    Database.execute(
        "update reservation set timeout_at = now() - interval '1 second' where sid = ?",
        reservation.getString("sid"));
    Database.execute(
        "update task set expires_at = now() - interval '1 second' where sid = ?", expiring);
    assertThat(
            Database.rows(
                "select reservation_status from reservation where sid = ?",
                reservation.getString("sid")))
        .as("nothing fired while the application was down")
        .containsExactly("PENDING");
    deployer.deploy(NAME);

    // then both fire once it is back
    Eventually.until(
        () -> seed.reservationsOfTask(offered).get(0).getString("reservation_status"),
        "timeout"::equals,
        "timed out after the restart");
    JsonObject expired =
        Eventually.until(
            () -> seed.task(expiring),
            t -> "canceled".equals(t.getString("assignment_status")),
            "expired after the restart");
    assertThat(expired.getString("reason")).isEqualTo("Task TTL Exceeded");
    assertThat(api.get(seed.base + "/Workers/" + worker).json().getString("activity_name"))
        .isEqualTo("Offline");
    List<String> timeouts =
        Database.rows(
            "select sid from event where reservation_sid = ? and event_type = 'reservation.timeout'",
            reservation.getString("sid"));
    assertThat(timeouts).as("reservation.timeout events").hasSize(1);
    assertThat(
            Database.rows(
                "select sid from event where task_sid = ? and event_type = 'task.canceled'",
                expiring))
        .hasSize(1);
    deployer.undeploy(NAME);
  }
}
