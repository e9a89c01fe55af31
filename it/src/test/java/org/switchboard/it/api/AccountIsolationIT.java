package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertNotFound;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Accounts;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Database;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;
import org.switchboard.it.support.Furnished;
import org.switchboard.it.support.OpenApiContract;
import org.switchboard.it.support.Pages;
import org.switchboard.it.support.Problems;
import org.switchboard.it.support.Seed;

/**
 * Each account sees only its own workspaces, and each workspace only its own resources: every
 * operation on another account's workspace, or on anything in it, and every operation naming
 * another workspace's sids, answers 404 (never 403, which would tell that it exists) and changes
 * nothing.
 */
@ExtendWith(ArquillianExtension.class)
class AccountIsolationIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void anotherAccountGetsNotFoundForEveryOperationOnOurWorkspace() {
    // given our workspace with one of everything, and a reservation
    Seed seed = Seed.workspace(api);
    String worker = seed.worker("alice", "{}");
    String queue = seed.queue("All", "1==1");
    String workflow = seed.workflowTo(queue);
    String task = seed.task(workflow, "{}");
    seed.moveWorker(worker, "Available");
    String reservation =
        Eventually.until(() -> seed.reservationsOfTask(task), r -> !r.isEmpty(), "offered")
            .get(0)
            .getString("sid");
    String activity = seed.activity("Offline");
    String channel = seed.channel(worker, "default").getString("sid");
    String event = Pages.sids(api.get(seed.base + "/Events?WorkerSid=" + worker), "events").get(0);
    String b = seed.base;
    String before = api.get(b + "/Workers/" + worker).body();
    Api other = Accounts.another();

    // then every read answers 404
    for (String path :
        List.of(
            b,
            b + "/Activities",
            b + "/Activities/" + activity,
            b + "/Events",
            b + "/Events/" + event,
            b + "/TaskChannels",
            b + "/TaskChannels/default",
            b + "/Workers",
            b + "/Workers/" + worker,
            b + "/Workers/" + worker + "/Channels",
            b + "/Workers/" + worker + "/Channels/" + channel,
            b + "/Workers/" + worker + "/Reservations",
            b + "/Workers/" + worker + "/Reservations/" + reservation,
            b + "/Workers/" + worker + "/Statistics",
            b + "/Workers/Statistics",
            b + "/Workers/RealTimeStatistics",
            b + "/Workers/CumulativeStatistics",
            b + "/TaskQueues",
            b + "/TaskQueues/" + queue,
            b + "/TaskQueues/Statistics",
            b + "/TaskQueues/" + queue + "/Statistics",
            b + "/TaskQueues/" + queue + "/RealTimeStatistics",
            b + "/TaskQueues/" + queue + "/CumulativeStatistics",
            b + "/Workflows",
            b + "/Workflows/" + workflow,
            b + "/Workflows/" + workflow + "/Statistics",
            b + "/Workflows/" + workflow + "/RealTimeStatistics",
            b + "/Workflows/" + workflow + "/CumulativeStatistics",
            b + "/Tasks",
            b + "/Tasks/" + task,
            b + "/Tasks/" + task + "/Reservations",
            b + "/Tasks/" + task + "/Reservations/" + reservation,
            b + "/Statistics",
            b + "/RealTimeStatistics",
            b + "/CumulativeStatistics")) {
      assertNotFound(other.get(path));
    }

    // and every write answers 404
    assertNotFound(other.post(b, "FriendlyName", "stolen"));
    assertNotFound(other.post(b + "/Activities", "FriendlyName", "x"));
    assertNotFound(other.post(b + "/Activities/" + activity, "FriendlyName", "x"));
    assertNotFound(other.post(b + "/TaskChannels", "FriendlyName", "x", "UniqueName", "x"));
    assertNotFound(other.post(b + "/TaskChannels/default", "FriendlyName", "x"));
    assertNotFound(other.post(b + "/Workers", "FriendlyName", "x"));
    assertNotFound(other.post(b + "/Workers/" + worker, "FriendlyName", "x"));
    assertNotFound(other.post(b + "/Workers/" + worker + "/Channels/" + channel, "Capacity", "2"));
    assertNotFound(
        other.post(
            b + "/Workers/" + worker + "/Reservations/" + reservation,
            "ReservationStatus",
            "accepted"));
    assertNotFound(other.post(b + "/TaskQueues", "FriendlyName", "x"));
    assertNotFound(other.post(b + "/TaskQueues/" + queue, "FriendlyName", "x"));
    assertNotFound(
        other.postJson(
            b + "/TaskQueues/RealTimeStatistics", "{\"QueueSids\":[\"" + queue + "\"]}"));
    assertNotFound(other.post(b + "/Workflows", "FriendlyName", "x", "Configuration", "{}"));
    assertNotFound(other.post(b + "/Workflows/" + workflow, "FriendlyName", "x"));
    assertNotFound(other.post(b + "/Tasks", "WorkflowSid", workflow));
    assertNotFound(other.post(b + "/Tasks/" + task, "Priority", "9"));
    assertNotFound(
        other.post(
            b + "/Tasks/" + task + "/Reservations/" + reservation,
            "ReservationStatus",
            "rejected"));

    // and every delete answers 404
    for (String path :
        List.of(
            b + "/Activities/" + activity,
            b + "/TaskChannels/default",
            b + "/Workers/" + worker,
            b + "/TaskQueues/" + queue,
            b + "/Workflows/" + workflow,
            b + "/Tasks/" + task,
            b)) {
      assertNotFound(other.delete(path));
    }

    // and nothing changed
    assertThat(api.get(b).json().getString("friendly_name")).startsWith("seed-");
    assertThat(api.get(b + "/Workers/" + worker).body()).isEqualTo(before);
    assertThat(seed.task(task).getInt("priority")).isZero();
    assertThat(seed.reservationsOfTask(task).get(0).getString("reservation_status"))
        .isEqualTo("pending");
    assertThat(api.get(b + "/Workers").json().getJsonArray("workers")).hasSize(1);
  }

  @Test
  void eachAccountListsOnlyItsOwnWorkspaces() {
    // given a workspace of ours and one of another account
    Api other = Accounts.another();
    String ours = Seed.workspace(api).workspace;
    ApiResponse created = other.post("/v1/Workspaces", "FriendlyName", "Theirs");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject theirs = created.json();

    // then each lists only its own
    assertThat(Pages.sids(other.get("/v1/Workspaces"), "workspaces"))
        .containsExactly(theirs.getString("sid"));
    assertThat(Pages.sids(api.get("/v1/Workspaces?PageSize=1000"), "workspaces"))
        .contains(ours)
        .doesNotContain(theirs.getString("sid"));
    assertThat(theirs.getString("account_sid")).isNotEqualTo(Api.accountSid());
    assertNotFound(api.get("/v1/Workspaces/" + theirs.getString("sid")));
    assertNotFound(api.delete("/v1/Workspaces/" + theirs.getString("sid")));
    assertThat(other.get("/v1/Workspaces/" + theirs.getString("sid")).json()).isEqualTo(theirs);
  }

  /**
   * Every operation of the reference spec whose path names a sid, with our sids in the path, sent
   * by another account; and, by our own account, every operation whose path names a sid inside a
   * workspace, with that workspace replaced by another of ours. Each answers 404 in Twilio's shape
   * and changes no row of either workspace.
   */
  @Test
  void everyOperationOfTheSpecAnswersNotFoundForAnotherAccountsAndAnotherWorkspacesSids() {
    // given our workspace with one of everything, a pending reservation, and a second workspace
    Furnished f = Furnished.workspace(api);
    Seed seed = f.seed();
    String otherWorkspace = Seed.workspace(api).workspace;
    Api otherAccount = Accounts.another();
    String before = Database.digestOfWorkspaces(seed.workspace, otherWorkspace);

    // when each operation is tried
    List<String> tried = new ArrayList<>();
    JsonObject paths = OpenApiContract.referencePaths();
    for (String template : paths.keySet()) {
      if (!template.contains("Sid}")) {
        continue; // the list and creation of workspaces name no sid: eachAccountLists… covers them
      }
      String ours = f.fill(template);
      boolean insideWorkspace = template.contains("{WorkspaceSid}") && !onlyTheWorkspace(template);
      for (String method : paths.getJsonObject(template).keySet()) {
        if (!List.of("get", "post", "delete").contains(method)) {
          continue;
        }
        tried.add(method + " " + template);
        assertNotFoundAs(
            send(otherAccount, method, ours, template, f.queue()),
            method + " " + ours + " by another account");
        if (insideWorkspace) {
          String elsewhere = ours.replace(seed.workspace, otherWorkspace);
          assertNotFoundAs(
              send(api, method, elsewhere, template, f.queue()), method + " " + elsewhere);
        }
      }
    }

    // then every operation of the spec was tried, and none changed a row
    assertThat(tried).hasSize(59);
    assertThat(Database.digestOfWorkspaces(seed.workspace, otherWorkspace)).isEqualTo(before);
    assertThat(f.reservationStatus()).isEqualTo("pending");
  }

  /** Whether the path's only sid is the workspace's (its lists and statistics). */
  private static boolean onlyTheWorkspace(String template) {
    return template.replace("{WorkspaceSid}", "").indexOf('{') < 0;
  }

  /** A request a client could mean: the form each operation requires, plausibly filled. */
  private static ApiResponse send(
      Api client, String method, String path, String template, String queue) {
    return switch (method) {
      case "get" -> client.get(path);
      case "delete" -> client.delete(path);
      default ->
          path.endsWith("/TaskQueues/RealTimeStatistics")
              ? client.postJson(path, "{\"QueueSids\":[\"" + queue + "\"]}")
              : client.post(path, formFor(template));
    };
  }

  private static String[] formFor(String template) {
    if (template.endsWith("/Reservations/{Sid}")) {
      return new String[] {"ReservationStatus", "accepted"};
    }
    if (template.endsWith("/Channels/{Sid}")) {
      return new String[] {"Capacity", "2"};
    }
    if (template.endsWith("/Tasks") || template.endsWith("/Tasks/{Sid}")) {
      return new String[] {"Attributes", "{\"stolen\":true}", "Priority", "9"};
    }
    if (template.endsWith("/Workflows")) {
      return new String[] {"FriendlyName", "stolen", "Configuration", "{\"task_routing\":{}}"};
    }
    if (template.endsWith("/TaskChannels")) {
      return new String[] {"FriendlyName", "stolen", "UniqueName", "stolen"};
    }
    return new String[] {"FriendlyName", "stolen"};
  }

  private static void assertNotFoundAs(ApiResponse response, String what) {
    assertThat(response.status()).as(what + ": " + response).isEqualTo(404);
    Problems.assertNotFound(response);
  }
}
