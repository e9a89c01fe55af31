package org.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Seed;

/**
 * The supervisor page in a real browser: signed in with the account's credentials, it shows a
 * queue's figures change as a task flows through it (created, offered, accepted, completed).
 */
@ExtendWith(ArquillianExtension.class)
class SupervisorPageIT {

  private final Api api = Api.asSuiteAccount();
  private Browser browser;

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @BeforeEach
  void openBrowser() {
    browser = new Browser();
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  @Test
  void aQueuesFiguresFollowATaskFromCreationToCompletion() {
    // given a workspace with one offline worker, a support queue and a workflow into it
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{\"skills\":[\"support\"]}");
    String queue = seed.queue("Support", "skills HAS 'support'");
    String workflow = seed.workflowTo(queue);

    // when the supervisor signs in and chooses the workspace
    browser.open(Api.root() + "/supervisor/");
    browser.find("#account-sid").sendKeys(Api.accountSid());
    browser.find("#auth-token").sendKeys(System.getProperty("switchboard.it.auth.token"));
    browser.find("#signin button[type=submit]").click();
    browser.waitFor("the workspace list", d -> d.findElement(By.id("workspace")).isDisplayed());
    new Select(browser.find("#workspace")).selectByValue(seed.workspace);

    // then the queue shows no task and one offline worker
    String row = "tr[data-queue-sid='" + queue + "'] ";
    browser.waitForText(row + "th", "Support");
    browser.waitForText(row + "[data-figure=pending]", "0");
    browser.waitForText(row + "[data-figure=offline]", "1");
    browser.waitForText(row + "[data-figure=available]", "0");
    browser.waitForText("#stream", "Event stream: live");

    // when a task is created, it is pending in the queue, and its event shows in the stream
    String task = seed.task(workflow, "{\"type\":\"support\",\"customer\":\"ACME\"}");
    browser.waitForText(row + "[data-figure=pending]", "1");
    browser.waitForText("#figures [data-figure=pending] dd", "1");
    browser.waitFor(
        "task.created of " + task + " among the latest events",
        d -> d.findElement(By.id("events")).getText().contains("task.created " + task));

    // when alice becomes available, the task is offered to her: one reservation outstanding
    seed.moveWorker(alice, "Available");
    browser.waitForText(row + "[data-figure=reserved]", "1");
    browser.waitForText(row + "[data-figure=pending]", "0");
    browser.waitForText(row + "[data-figure=available]", "1");
    browser.waitForText(row + "[data-figure=offline]", "0");

    // when she accepts, the task is assigned
    List<JsonObject> reservations =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "reserved");
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + task + "/Reservations/" + reservations.get(0).getString("sid"),
            "ReservationStatus",
            "accepted"),
        200);
    browser.waitForText(row + "[data-figure=assigned]", "1");
    browser.waitForText(row + "[data-figure=reserved]", "0");

    // when the task is completed, nothing is left in the queue and one acceptance is counted
    Seed.expect(
        api.post(seed.base + "/Tasks/" + task, "AssignmentStatus", "completed", "Reason", "done"),
        200);
    browser.waitForText(row + "[data-figure=assigned]", "0");
    browser.waitForText(row + "[data-figure=accepted]", "1");

    // and both plots are drawn
    assertThat(browser.driver().findElements(By.cssSelector("#chart-waiting canvas"))).hasSize(1);
    assertThat(browser.driver().findElements(By.cssSelector("#chart-assignments canvas")))
        .hasSize(1);
    browser.screenshot("supervisor");
  }
}
