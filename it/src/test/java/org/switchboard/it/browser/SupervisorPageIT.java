package org.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Pbx;
import org.switchboard.it.support.Pbx.Call;
import org.switchboard.it.support.Seed;
import org.switchboard.telephony.peer.FakeAmiServer;
import org.switchboard.telephony.peer.FakeAmiServer.Outcome;

/**
 * The supervisor page in a real browser: signed in by a one-time link (never with the account's
 * AuthToken), it shows a queue's figures change as a task flows through it (created, offered,
 * accepted, completed), and lists the calls in progress with buttons that dial the supervisor in
 * (monitor, whisper, barge).
 */
@ExtendWith(ArquillianExtension.class)
class SupervisorPageIT {

  private static FakeAmiServer ami;

  private final Api api = Api.asSuiteAccount();
  private Browser browser;

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @BeforeAll
  static void startPbx() throws Exception {
    ami = Pbx.startAmi();
  }

  @AfterAll
  static void stopPbx() {
    ami.close();
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
  void aSupervisorWhispersToTheAgentOfACallInProgressFromThePage() throws Exception {
    // given a caller talking to alice
    Pbx.awaitLogin(ami);
    ami.onOriginate(action -> Outcome.RINGING);
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Support", "1==1"));
    String alice = seed.worker("alice", "{\"contact_uri\":\"PJSIP/9601\"}");
    Call call = Pbx.call(ami, workflow, "+33100000960");
    seed.moveWorker(alice, "Available");
    String reservation =
        Eventually.until(() -> seed.reservationsOfTask(call.task()), r -> !r.isEmpty(), "offered")
            .get(0)
            .getString("sid");
    Seed.expect(
        api.post(
            seed.base + "/Tasks/" + call.task() + "/Reservations/" + reservation,
            "Instruction",
            "conference"),
        200);
    ami.originateResponse(Pbx.originateTo(ami, "PJSIP/9601"), Outcome.ANSWER);
    Eventually.until(
        () -> seed.task(call.task()).getString("assignment_status"),
        "assigned"::equals,
        "alice is talking to the caller");

    // when the supervisor opens the page, enters a phone and chooses Whisper on the call
    signIn(seed);
    String card = "#calls li[data-task-sid='" + call.task() + "'] ";
    browser.waitFor(
        "the call in progress",
        d -> !d.findElements(By.cssSelector(card + "button[data-mode=whisper]")).isEmpty());
    assertThat(browser.find(card + ".meta").getText()).contains("alice");
    browser.find("#supervisor-phone").sendKeys("PJSIP/9602");
    browser.find(card + "button[data-mode=whisper]").click();

    // then the supervisor's phone is dialled into ChanSpy on alice's leg, whispering
    FakeAmiServer.Message spy = Pbx.originateTo(ami, "PJSIP/9602");
    assertThat(spy.get("Application")).isEqualTo("ChanSpy");
    assertThat(spy.get("Data")).isEqualTo(reservation + ",qEuw");
    browser.waitFor(
        "the page says so",
        d -> d.findElement(By.id("supervise-status")).getText().startsWith("Whisper: dialling"));

    // when the supervisor barges in instead
    browser.find(card + "button[data-mode=barge]").click();

    // then a second leg barges into the call
    Eventually.until(
        () -> ami.actions("Originate"),
        all ->
            all.stream()
                .anyMatch(
                    a ->
                        "PJSIP/9602".equals(a.get("Channel"))
                            && (reservation + ",qEuB").equals(a.get("Data"))),
        "the supervisor barges in");
    browser.screenshot("supervisor-calls");
  }

  /** Opens the one-time link an administrator makes: the browser never sees the AuthToken. */
  private void signIn(Seed seed) {
    ApiResponse link =
        api.post("/realtime/supervisor-sign-in-links", "WorkspaceSid", seed.workspace);
    Seed.expect(link, 201);
    browser.open(link.json().getString("url"));
    browser.waitFor("the workspace", d -> d.findElement(By.id("workspace")).isDisplayed());
    assertThat(
            new Select(browser.find("#workspace")).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo(seed.workspace);
    assertThat(browser.driver().getCurrentUrl())
        .as("the code left the address bar")
        .doesNotContain("code=");
    Object stored =
        ((JavascriptExecutor) browser.driver())
            .executeScript("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)");
    assertThat(String.valueOf(stored))
        .contains("token")
        .doesNotContain(System.getProperty("switchboard.it.auth.token"));
  }

  @Test
  void aQueuesFiguresFollowATaskFromCreationToCompletion() {
    // given a workspace with one offline worker, a support queue and a workflow into it
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{\"skills\":[\"support\"]}");
    String queue = seed.queue("Support", "skills HAS 'support'");
    String workflow = seed.workflowTo(queue);

    // when the supervisor signs in and chooses the workspace
    signIn(seed);

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
