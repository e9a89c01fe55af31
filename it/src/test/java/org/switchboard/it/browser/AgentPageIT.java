package org.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.Select;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Pbx;
import org.switchboard.it.support.Seed;
import org.switchboard.telephony.peer.FakeAmiServer;
import org.switchboard.telephony.peer.FakeAmiServer.Outcome;

/**
 * The agent page in a real browser, on Twilio's own TaskRouter SDK: an agent signs in through a
 * one-time link an administrator issued, goes available, sees the offer of a task created over
 * REST, accepts it and completes it; after a network drop the page reconnects and says what
 * happened meanwhile.
 */
@ExtendWith(ArquillianExtension.class)
class AgentPageIT {

  private final Api api = Api.asSuiteAccount();
  private Browser browser;
  private Seed seed;
  private String alice;
  private String workflow;

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @BeforeEach
  void given() {
    seed = Seed.workspace(api);
    alice = seed.worker("alice", "{\"skills\":[\"support\"]}");
    workflow = seed.workflowTo(seed.queue("Support", "skills HAS 'support'"));
    browser = new Browser();
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  @Test
  void anAgentSignsInThroughALinkAcceptsAnOfferAndCompletesTheTask() {
    // when the agent opens the sign-in link an administrator issued
    browser.open(signInLink());

    // then the page is connected, shows the worker, and the code is gone from the address bar
    browser.waitForText("#connection", "Connected");
    browser.waitForText("#worker-name", "alice");
    assertThat(selectedActivity()).isEqualTo("Offline");
    assertThat(browser.driver().getCurrentUrl()).doesNotContain("code=");

    // when the agent switches to Available
    browser.select("#activity", "Available");
    Eventually.until(
        () -> worker().getString("activity_name"), "Available"::equals, "alice available");

    // and a task is created over REST
    String task = seed.task(workflow, "{\"type\":\"support\",\"customer\":\"ACME\"}");

    // then the offer shows the task's attributes and a countdown to its timeout
    String offer = "#offers li[data-task-sid='" + task + "']";
    browser.waitFor("the offer of " + task, d -> !d.findElements(By.cssSelector(offer)).isEmpty());
    assertThat(browser.find(offer + " .attributes").getText()).contains("customer", "ACME");
    assertThat(browser.find(offer + " strong[role=timer]").getText())
        .matches("\\d+ (s|min \\d+ s)");
    browser.screenshot("agent-offer");

    // when the agent accepts
    button(offer, "Accept").click();

    // then the task is among the agent's tasks and assigned on the server
    String assigned = "#tasks li[data-task-sid='" + task + "']";
    browser.waitFor("the assigned task", d -> !d.findElements(By.cssSelector(assigned)).isEmpty());
    browser.waitForText(assigned + " .status", "Assigned");
    assertThat(seed.task(task).getString("assignment_status")).isEqualTo("assigned");
    browser.waitForText("#offers li.empty", "No offers right now.");

    // when the agent completes it
    button(assigned, "Complete").click();

    // then the task is completed on the server and leaves the page
    Eventually.until(
        () -> seed.task(task).getString("assignment_status"),
        "completed"::equals,
        "task completed");
    browser.waitForText("#tasks li.empty", "No assigned tasks.");
    browser.screenshot("agent");
  }

  @Test
  void acceptingACallDialsTheAgentsPhoneIntoTheCallersConferenceAndThePageFollowsTheCall()
      throws Exception {
    try (FakeAmiServer ami = Pbx.startAmi()) {
      // given an agent with a phone, signed in and available, and the server logged in to the PBX
      ami.onOriginate(action -> Outcome.RINGING);
      Seed.expect(
          api.post(
              seed.base + "/Workers/" + alice,
              "Attributes",
              "{\"skills\":[\"support\"],\"contact_uri\":\"PJSIP/1001\"}"),
          200);
      Pbx.awaitLogin(ami);
      browser.open(signInLink());
      browser.waitForText("#connection", "Connected");
      browser.select("#activity", "Available");
      Eventually.until(
          () -> worker().getString("activity_name"), "Available"::equals, "alice available");

      // when a caller dials in
      Pbx.Call call = Pbx.call(ami, workflow, "+33123456789");

      // then the agent is offered the call
      String offer = "#offers li[data-task-sid='" + call.task() + "']";
      browser.waitFor(
          "the offer of the call", d -> !d.findElements(By.cssSelector(offer)).isEmpty());
      browser.waitForText(offer + " .call-state", "A caller is waiting.");

      // when the agent accepts
      button(offer, "Accept").click();

      // then the page says the phone rings, and Asterisk is asked to dial the agent's phone into
      // the caller's conference for the still pending reservation
      browser.waitForText(offer + " .call-state", "Ringing your phone…");
      FakeAmiServer.Message originate = Pbx.originateTo(ami, "PJSIP/1001");
      String conference = "switchboard-" + call.task();
      assertThat(originate.get("Application")).isEqualTo("ConfBridge");
      assertThat(originate.get("Data"))
          .isEqualTo(conference + ",switchboard_bridge,switchboard_agent");
      String reservation = originate.get("ChannelId");
      assertThat(originate.variables())
          .containsEntry("SWITCHBOARD_WORKER_SID", alice)
          .containsEntry("SWITCHBOARD_RESERVATION_SID", reservation);
      assertThat(seed.reservationsOfTask(call.task()))
          .anyMatch(
              r ->
                  r.getString("sid").equals(reservation)
                      && r.getString("reservation_status").equals("pending"));
      browser.screenshot("agent-call-ringing");

      // when the agent's phone answers and joins the conference
      ami.originateResponse(originate, Outcome.ANSWER);
      ami.confbridgeJoin(conference, reservation);

      // then the page shows the call connected and the task is assigned
      String assigned = "#tasks li[data-task-sid='" + call.task() + "']";
      browser.waitFor(
          "the assigned call", d -> !d.findElements(By.cssSelector(assigned)).isEmpty());
      browser.waitForText(assigned + " .call-state", "Connected to the caller.");
      assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("assigned");
      browser.screenshot("agent-call-connected");

      // when the agent puts the caller on hold
      button(assigned, "Hold").click();

      // then Asterisk is asked to move the caller out of the conference to music on hold, and the
      // task and the page say the caller is on hold
      Eventually.until(
          () -> redirectsOf(ami, call.uniqueId()),
          r -> r.contains("switchboard-hold"),
          "the caller is redirected to hold");
      browser.waitForText(assigned + " .call-state", "The caller is on hold (hearing music).");
      assertThat(seed.task(call.task()).getString("attributes"))
          .contains("\"caller_on_hold\":true");

      // when the agent resumes the call
      button(assigned, "Resume").click();

      // then the caller is sent back into the conference
      Eventually.until(
          () -> redirectsOf(ami, call.uniqueId()),
          r -> r.equals(List.of("switchboard-hold", "switchboard-unhold")),
          "the caller is redirected back into the conference");
      browser.waitForText(assigned + " .call-state", "Connected to the caller.");

      // when the caller hangs up
      ami.hangup(call.uniqueId(), 16, "Normal Clearing");

      // then the page says so and the task wraps up
      browser.waitForText(assigned + " .call-state", "The caller hung up.");
      browser.waitForText(assigned + " .status", "Wrapping up");
      assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("wrapping");
    }
  }

  @Test
  void aColdTransferFromThePageMovesTheCallerToTheNewAgentsConference() throws Exception {
    try (FakeAmiServer ami = Pbx.startAmi()) {
      // given alice talking to a caller she accepted on the page, and bob available
      Pbx.Call call = callConnectedOnThePage(ami, "PJSIP/1101", "+33100001101");
      String first = Pbx.originateTo(ami, "PJSIP/1101").get("ChannelId");
      String bob = seed.worker("bob", "{\"skills\":[\"support\"],\"contact_uri\":\"PJSIP/1102\"}");
      seed.moveWorker(bob, "Available");
      String assigned = "#tasks li[data-task-sid='" + call.task() + "']";

      // when alice transfers the call to bob, cold, from the page
      transfer(assigned, bob, "Cold: hand over now");

      // then the page says so, her task wraps up, and Asterisk is asked to move the caller into
      // the transfer task's conference and to hang up alice's phone
      browser.waitForText(
          assigned + " .transfer-state",
          "Transferring to worker " + bob + " (cold): the caller waits for them.");
      browser.waitForText(assigned + " .status", "Wrapping up");
      String next = transferTaskOf(call.task());
      String conference = "switchboard-" + next;
      Eventually.until(
          () -> ami.actions("Hangup"),
          all -> all.stream().anyMatch(h -> first.equals(h.get("Channel"))),
          "alice's leg is hung up");
      assertThat(redirectsOf(ami, call.uniqueId())).containsExactly("switchboard-transfer");
      assertThat(ami.actions("Setvar"))
          .anyMatch(
              v ->
                  call.uniqueId().equals(v.get("Channel"))
                      && "SWITCHBOARD_CONFERENCE".equals(v.get("Variable"))
                      && conference.equals(v.get("Value")));
      browser.screenshot("agent-transfer-cold");

      // when bob accepts the transfer task with the conference instruction and his phone answers
      ami.confbridgeJoin(conference, call.uniqueId());
      String bobs = pendingReservationOf(next);
      Seed.expect(
          api.post(
              seed.base + "/Tasks/" + next + "/Reservations/" + bobs, "Instruction", "conference"),
          200);
      FakeAmiServer.Message dialled = Pbx.originateTo(ami, "PJSIP/1102");
      ami.originateResponse(dialled, Outcome.ANSWER);

      // then bob is dialled into the caller's new conference, the transfer task is his
      assertThat(dialled.get("Data")).startsWith(conference + ",");
      Eventually.until(
          () -> seed.task(next).getString("assignment_status"),
          "assigned"::equals,
          "the transfer task assigned to bob");

      // and alice's card says that bob took it
      browser.waitForText(assigned + " .transfer-state", "worker " + bob + " took the transfer.");
    }
  }

  @Test
  void aWarmTransferFromThePageToAQueueJoinsTheNewAgentToTheCall() throws Exception {
    try (FakeAmiServer ami = Pbx.startAmi()) {
      // given alice talking to a caller she accepted on the page, and bob available in tier 2
      Pbx.Call call = callConnectedOnThePage(ami, "PJSIP/1201", "+33100001201");
      String tier2 = seed.queue("Tier 2", "level == 2");
      String bob =
          seed.worker(
              "bob", "{\"skills\":[\"support\"],\"level\":2,\"contact_uri\":\"PJSIP/1202\"}");
      seed.moveWorker(bob, "Available");
      String assigned = "#tasks li[data-task-sid='" + call.task() + "']";

      // when alice transfers the call warm to the tier 2 queue
      transfer(assigned, tier2, "Warm: stay until they join");

      // then she keeps the call while the transfer is under way, and can cancel it
      browser.waitForText(
          assigned + " .transfer-state",
          "Transferring to queue " + tier2 + " (warm): stay on the line until they join.");
      browser.waitFor(
          "the Cancel transfer button",
          d ->
              d.findElements(By.cssSelector(assigned + " button")).stream()
                  .anyMatch(b -> b.getText().equals("Cancel transfer")));
      assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("assigned");

      // when bob accepts the transfer task with the conference instruction and his phone answers
      String next = transferTaskOf(call.task());
      String bobs = pendingReservationOf(next);
      Seed.expect(
          api.post(
              seed.base + "/Tasks/" + next + "/Reservations/" + bobs, "Instruction", "conference"),
          200);
      FakeAmiServer.Message dialled = Pbx.originateTo(ami, "PJSIP/1202");
      ami.originateResponse(dialled, Outcome.ANSWER);

      // then bob is dialled into the conference where the caller and alice talk, nobody is moved,
      // and alice's page tells her she can leave
      assertThat(dialled.get("Data")).startsWith("switchboard-" + call.task() + ",");
      browser.waitForText(
          assigned + " .transfer-state",
          "queue " + tier2 + " joined: hang up when you are ready to leave.");
      assertThat(redirectsOf(ami, call.uniqueId())).isEmpty();
      assertThat(seed.task(call.task()).getString("assignment_status")).isEqualTo("assigned");
      assertThat(browser.find(assigned).findElements(By.name("transfer-to"))).isEmpty();
      browser.screenshot("agent-transfer-warm");
    }
  }

  @Test
  void aSignInLinkWorksOnce() {
    String link = signInLink();
    browser.open(link);
    browser.waitForText("#worker-name", "alice");

    browser.open(link);

    browser.waitFor(
        "the refusal of a used link",
        d -> d.findElement(By.id("signed-out-reason")).getText().contains("cannot be used"));
    browser.waitForText("#connection", "Signed out");
  }

  @Test
  void afterANetworkDropThePageReconnectsAndShowsWhatHappenedMeanwhile() throws Exception {
    // given the agent is signed in and available
    browser.open(signInLink());
    browser.waitForText("#connection", "Connected");
    browser.select("#activity", "Available");
    Eventually.until(
        () -> worker().getString("activity_name"), "Available"::equals, "alice available");

    // when the browser loses the network and its socket is dropped (another session of the
    // same worker takes over with closeExistingSessions)
    ChromeDriver chrome = (ChromeDriver) browser.driver();
    ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
    offline.setOffline(true);
    chrome.setNetworkConditions(offline);
    try (Session other = Session.open(agentToken(), true)) {
      browser.waitFor(
          "the page to notice the drop",
          d -> d.findElement(By.id("log")).getText().contains("Connection lost"));
      assertThat(browser.find("#connection").getText()).isNotEqualTo("Connected");

      // and a task is offered to the agent meanwhile
      String task = seed.task(workflow, "{\"type\":\"support\",\"customer\":\"Initech\"}");
      Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "reserved");

      // when the network comes back
      chrome.deleteNetworkConditions();

      // then the page reconnects, shows the offer and says it arrived while disconnected
      browser.waitForText("#connection", "Connected");
      browser.waitFor(
          "the meanwhile report",
          d -> d.findElement(By.id("meanwhile-list")).getText().contains("New offer"));
      browser.waitFor(
          "the offer of " + task,
          d ->
              !d.findElements(By.cssSelector("#offers li[data-task-sid='" + task + "']"))
                  .isEmpty());
      browser.screenshot("agent-reconnected");
    }
  }

  /**
   * Alice, with the phone {@code contactUri}, signs in on the page, goes available, accepts a call
   * from {@code callerId} there, and her phone answers in the caller's conference.
   */
  private Pbx.Call callConnectedOnThePage(FakeAmiServer ami, String contactUri, String callerId)
      throws Exception {
    ami.onOriginate(action -> Outcome.RINGING);
    Seed.expect(
        api.post(
            seed.base + "/Workers/" + alice,
            "Attributes",
            "{\"skills\":[\"support\"],\"level\":1,\"contact_uri\":\"" + contactUri + "\"}"),
        200);
    Pbx.awaitLogin(ami);
    browser.open(signInLink());
    browser.waitForText("#connection", "Connected");
    browser.select("#activity", "Available");
    Eventually.until(
        () -> worker().getString("activity_name"), "Available"::equals, "alice available");
    Pbx.Call call = Pbx.call(ami, workflow, callerId);
    String offer = "#offers li[data-task-sid='" + call.task() + "']";
    browser.waitFor("the offer of the call", d -> !d.findElements(By.cssSelector(offer)).isEmpty());
    button(offer, "Accept").click();
    FakeAmiServer.Message originate = Pbx.originateTo(ami, contactUri);
    ami.originateResponse(originate, Outcome.ANSWER);
    ami.confbridgeJoin("switchboard-" + call.task(), originate.get("ChannelId"));
    browser.waitForText(
        "#tasks li[data-task-sid='" + call.task() + "'] .call-state", "Connected to the caller.");
    return call;
  }

  /** Fills in the transfer form of an assigned task's card and sends it. */
  private void transfer(String card, String to, String mode) {
    WebElement field = browser.find(card + " input[name=transfer-to]");
    field.sendKeys(to);
    new Select(browser.find(card + " select[name=transfer-mode]")).selectByVisibleText(mode);
    button(card, "Transfer").click();
  }

  /** The transfer task the server created for the first transfer of {@code task}. */
  private String transferTaskOf(String task) {
    return Eventually.until(
            () -> api.get(seed.base + "/Tasks/" + task + "/Transfers").json(),
            page -> !page.getJsonArray("transfers").isEmpty(),
            "the transfer of " + task)
        .getJsonArray("transfers")
        .getJsonObject(0)
        .getString("transfer_task_sid");
  }

  private String pendingReservationOf(String task) {
    return Eventually.until(
            () -> seed.reservationsOfTask(task),
            all -> all.stream().anyMatch(r -> "pending".equals(r.getString("reservation_status"))),
            "a pending reservation of " + task)
        .stream()
        .filter(r -> "pending".equals(r.getString("reservation_status")))
        .findFirst()
        .orElseThrow()
        .getString("sid");
  }

  /** The contexts Asterisk was asked to redirect a channel to, in order. */
  private static List<String> redirectsOf(FakeAmiServer ami, String uniqueId) {
    return ami.actions("Redirect").stream()
        .filter(a -> uniqueId.equals(a.get("Channel")))
        .map(a -> a.get("Context"))
        .toList();
  }

  private String signInLink() {
    ApiResponse link =
        api.post("/realtime/sign-in-links", "WorkspaceSid", seed.workspace, "WorkerSid", alice);
    Seed.expect(link, 201);
    return link.json().getString("url");
  }

  /** A worker token for alice, obtained the way the page does: a link's code exchanged. */
  private JsonObject agentToken() {
    String url = signInLink();
    String code = url.substring(url.indexOf("#code=") + 6);
    ApiResponse token = Api.anonymous().post("/realtime/agent-tokens", "Code", code);
    Seed.expect(token, 200);
    return token.json();
  }

  private JsonObject worker() {
    return api.get(seed.base + "/Workers/" + alice).json();
  }

  private String selectedActivity() {
    return new Select(browser.find("#activity")).getFirstSelectedOption().getText();
  }

  private WebElement button(String card, String text) {
    return browser.find(card).findElements(By.tagName("button")).stream()
        .filter(b -> b.getText().equals(text))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + text + " button in " + card));
  }

  /** A second live session of the worker, as the SDK opens it. */
  private record Session(WebSocket socket) implements AutoCloseable {

    static Session open(JsonObject token, boolean closeExistingSessions) throws Exception {
      URI uri =
          URI.create(
              token.getString("ws_server")
                  + "?token="
                  + Api.encode(token.getString("token"))
                  + "&closeExistingSessions="
                  + closeExistingSessions
                  + "&clientVersion=2.1.1");
      WebSocket socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  uri,
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(
                        WebSocket webSocket, CharSequence data, boolean last) {
                      webSocket.request(1);
                      return CompletableFuture.completedFuture(null);
                    }
                  })
              .get(30, TimeUnit.SECONDS);
      return new Session(socket);
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS);
    }
  }
}
