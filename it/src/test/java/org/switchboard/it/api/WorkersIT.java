package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;
import static org.switchboard.it.support.Problems.assertNotFound;
import static org.switchboard.it.support.Problems.assertProblem;

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
import org.switchboard.it.support.Pages;
import org.switchboard.it.support.Seed;

/**
 * {@code /v1/Workspaces/{WorkspaceSid}/Workers}, their Channels and Reservations: every operation,
 * the list filters, ETag and If-Match, and bad input.
 */
@ExtendWith(ArquillianExtension.class)
class WorkersIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void createsFetchesUpdatesAndDeletesAWorkerWithETags() {
    // given
    Seed seed = Seed.workspace(api);
    String available = seed.activity("Available");

    // when
    ApiResponse created =
        api.post(
            seed.base + "/Workers",
            "FriendlyName",
            "alice",
            "Attributes",
            "{\"skills\":[\"support\"]}");

    // then it starts in the default activity, Offline
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject worker = created.json();
    String sid = worker.getString("sid");
    String path = seed.base + "/Workers/" + sid;
    assertThat(sid).matches("WK[0-9a-f]{32}");
    assertThat(worker.getString("friendly_name")).isEqualTo("alice");
    assertThat(worker.getString("attributes")).isEqualTo("{\"skills\":[\"support\"]}");
    assertThat(worker.getString("activity_sid")).isEqualTo(seed.activity("Offline"));
    assertThat(worker.getString("activity_name")).isEqualTo("Offline");
    assertThat(worker.getBoolean("available")).isFalse();
    assertThat(worker.getString("account_sid")).isEqualTo(Api.accountSid());
    assertThat(worker.getString("workspace_sid")).isEqualTo(seed.workspace);
    assertThat(worker.getString("url")).isEqualTo(Api.root() + path);
    assertThat(worker.getJsonObject("links").getString("channels"))
        .isEqualTo(Api.root() + path + "/Channels");
    assertThat(worker.getJsonObject("links").getString("reservations"))
        .isEqualTo(Api.root() + path + "/Reservations");

    // and a fetch gives it with an ETag
    ApiResponse fetched = api.get(path);
    assertThat(fetched.json()).isEqualTo(worker);
    String etag = fetched.header("ETag").orElseThrow();

    // when updated with that ETag
    ApiResponse updated =
        api.postIfMatch(
            path,
            etag,
            "ActivitySid",
            available,
            "Attributes",
            "{\"skills\":[\"sales\"]}",
            "FriendlyName",
            "alice b");

    // then every field changed and the ETag moved on
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json().getString("activity_name")).isEqualTo("Available");
    assertThat(updated.json().getBoolean("available")).isTrue();
    assertThat(updated.json().getString("attributes")).isEqualTo("{\"skills\":[\"sales\"]}");
    assertThat(updated.json().getString("friendly_name")).isEqualTo("alice b");
    assertThat(updated.header("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
    assertThat(api.get(path).json()).isEqualTo(updated.json());

    // when updated or deleted with the stale ETag
    ApiResponse staleUpdate = api.postIfMatch(path, etag, "FriendlyName", "mallory");
    ApiResponse staleDelete = api.deleteIfMatch(path, etag);

    // then both fail with 412 and change nothing
    assertProblem(staleUpdate, 412, 20412, null);
    assertProblem(staleDelete, 412, 20412, null);
    assertThat(api.get(path).json()).isEqualTo(updated.json());

    // when deleted with the current ETag, it is gone
    assertThat(api.deleteIfMatch(path, updated.header("ETag").orElseThrow()).status())
        .isEqualTo(204);
    assertNotFound(api.get(path));
    assertNotFound(api.post(path, "FriendlyName", "x"));
    assertNotFound(api.delete(path));
    assertNotFound(api.get(path + "/Channels"));
  }

  @Test
  void listsWithEveryDocumentedFilter() {
    // given five workers in several activities and a queue of the support staff
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{\"skills\":[\"support\"],\"level\":3}");
    String bob = seed.worker("bob", "{\"skills\":[\"sales\"],\"level\":1}");
    String carol = seed.worker("carol", "{\"skills\":[\"support\",\"sales\"],\"level\":5}");
    String dave = seed.worker("dave", "{}");
    String erin = seed.worker("erin", "{\"skills\":[\"support\"]}");
    seed.moveWorker(alice, "Available");
    seed.moveWorker(erin, "Available");
    seed.moveWorker(dave, "Unavailable");
    String queue = seed.queue("Support", "skills HAS 'support'");
    String workers = seed.base + "/Workers";

    // then
    assertThat(names(workers + "?ActivityName=Available")).containsExactly("alice", "erin");
    assertThat(names(workers + "?ActivitySid=" + seed.activity("Offline")))
        .containsExactly("bob", "carol");
    assertThat(names(workers + "?Available=true")).containsExactly("alice", "erin");
    assertThat(names(workers + "?Available=false")).containsExactly("bob", "carol", "dave");
    // as the reference says, 1 and yes also mean true, and any other value false
    assertThat(names(workers + "?Available=1")).containsExactly("alice", "erin");
    assertThat(names(workers + "?Available=yes")).containsExactly("alice", "erin");
    assertThat(names(workers + "?Available=no")).containsExactly("bob", "carol", "dave");
    // the expression sees the worker's own fields besides its attributes
    assertThat(
            names(
                workers
                    + "?TargetWorkersExpression="
                    + Api.encode("activity_name == 'Offline' AND level > 2")))
        .containsExactly("carol");
    assertThat(
            names(
                workers
                    + "?TargetWorkersExpression="
                    + Api.encode("friendly_name IN ['bob', 'dave'] OR sid == '" + erin + "'")))
        .containsExactly("bob", "dave", "erin");
    assertThat(names(workers + "?FriendlyName=carol")).containsExactly("carol");
    assertThat(names(workers + "?TargetWorkersExpression=" + Api.encode("level > 2")))
        .containsExactly("alice", "carol");
    assertThat(names(workers + "?TaskQueueSid=" + queue)).containsExactly("alice", "carol", "erin");
    assertThat(names(workers + "?TaskQueueName=Support")).containsExactly("alice", "carol", "erin");
    assertThat(names(workers + "?TaskQueueName=Support&Available=true"))
        .containsExactly("alice", "erin");
    assertThat(names(workers + "?Ordering=DateStatusChanged:asc"))
        .containsExactly("bob", "carol", "alice", "erin", "dave");
    assertThat(names(workers + "?Ordering=DateStatusChanged:desc"))
        .containsExactly("dave", "erin", "alice", "carol", "bob");
    Pages.assertPagesThrough(api, workers, "workers", List.of(alice, bob, carol, dave, erin));
    Pages.assertPagesThrough(
        api,
        workers + "?Ordering=DateStatusChanged:desc",
        "workers",
        List.of(dave, erin, alice, carol, bob));
  }

  @Test
  void rejectsBadWorkerInputAndChangesNothing() {
    // given
    Seed seed = Seed.workspace(api);
    String worker = seed.worker("alice", "{\"level\":1}");
    String path = seed.base + "/Workers/" + worker;
    JsonObject before = api.get(path).json();
    String list = seed.base + "/Workers";
    String otherWorkspacesActivity = Seed.workspace(api).activity("Available");

    // then creates
    assertInvalid(api.post(list, "Attributes", "{}"), "FriendlyName");
    assertInvalid(api.post(list, "FriendlyName", "z".repeat(65)), "FriendlyName");
    assertInvalid(api.post(list, "FriendlyName", "bob", "Attributes", "{\"a\":"), "Attributes");
    assertInvalid(api.post(list, "FriendlyName", "bob", "Attributes", "[1,2]"), "Attributes");
    assertInvalid(
        api.post(list, "FriendlyName", "bob", "Attributes", longAttributes()), "Attributes");
    assertInvalid(
        api.post(list, "FriendlyName", "bob", "ActivitySid", "WA" + "0".repeat(32)), "ActivitySid");
    assertInvalid(
        api.post(list, "FriendlyName", "bob", "ActivitySid", otherWorkspacesActivity),
        "ActivitySid");
    assertProblem(api.post(list, "FriendlyName", "alice"), 409, 20001, "alice");

    // and updates, where a good value beside a bad one is not applied either
    assertInvalid(
        api.post(path, "Attributes", "{\"level\":2}", "ActivitySid", "WA" + "1".repeat(32)),
        "ActivitySid");
    assertInvalid(api.post(path, "FriendlyName", "alice 2", "Attributes", "nope"), "Attributes");
    assertInvalid(api.post(path, "Attributes", longAttributes()), "Attributes");
    assertInvalid(api.post(path, "FriendlyName", ""), "FriendlyName");
    assertInvalid(
        api.post(
            path,
            "ActivitySid",
            seed.activity("Available"),
            "RejectPendingReservations",
            "sometimes"),
        "RejectPendingReservations");

    // and list filters
    assertInvalid(
        api.get(list + "?TargetWorkersExpression=" + Api.encode("level > ")),
        "TargetWorkersExpression");
    ApiResponse badExpression =
        api.get(list + "?TargetWorkersExpression=" + Api.encode("level >> 2"));
    assertInvalid(badExpression, "column");
    assertInvalid(api.get(list + "?Ordering=Height:asc"), "Ordering");

    // and nothing changed
    assertThat(api.get(path).json()).isEqualTo(before);
    assertThat(Pages.sids(api.get(list), "workers")).containsExactly(worker);
  }

  @Test
  void configuresAWorkersChannels() {
    // given
    Seed seed = Seed.workspace(api);
    String worker = seed.worker("alice", "{}");
    String channels = seed.base + "/Workers/" + worker + "/Channels";

    // when listing
    List<JsonObject> all =
        api.get(channels).json().getJsonArray("channels").getValuesAs(JsonObject.class);

    // then there is one per task channel, each with capacity 1 and free
    assertThat(all)
        .extracting(c -> c.getString("task_channel_unique_name"))
        .containsExactly("default", "voice", "chat", "sms", "video", "email");
    JsonObject chat = all.get(2);
    String chatSid = chat.getString("sid");
    assertThat(chatSid).matches("WC[0-9a-f]{32}");
    assertThat(chat.getString("worker_sid")).isEqualTo(worker);
    assertThat(chat.getString("workspace_sid")).isEqualTo(seed.workspace);
    assertThat(chat.getString("account_sid")).isEqualTo(Api.accountSid());
    assertThat(chat.getInt("configured_capacity")).isEqualTo(1);
    assertThat(chat.getInt("assigned_tasks")).isZero();
    assertThat(chat.getInt("available_capacity_percentage")).isEqualTo(100);
    assertThat(chat.getBoolean("available")).isTrue();
    assertThat(chat.getString("url")).isEqualTo(Api.root() + channels + "/" + chatSid);
    assertThat(api.get(channels + "/" + chatSid).json()).isEqualTo(chat);
    assertThat(api.get(channels + "/chat").json()).isEqualTo(chat);
    Pages.assertPagesThrough(
        api, channels, "channels", all.stream().map(c -> c.getString("sid")).toList());

    // when configured
    ApiResponse configured =
        api.post(channels + "/" + chatSid, "Capacity", "3", "Available", "false");

    // then
    assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
    assertThat(configured.json().getInt("configured_capacity")).isEqualTo(3);
    assertThat(configured.json().getBoolean("available")).isFalse();
    assertThat(api.get(channels + "/chat").json()).isEqualTo(configured.json());

    // when configured with bad values, nothing changes
    assertInvalid(api.post(channels + "/chat", "Capacity", "lots"), "Capacity");
    assertInvalid(api.post(channels + "/chat", "Capacity", "51"), "Capacity");
    assertInvalid(api.post(channels + "/chat", "Capacity", "-1"), "Capacity");
    assertInvalid(api.post(channels + "/chat", "Capacity", "2", "Available", "often"), "Available");
    assertThat(api.get(channels + "/chat").json()).isEqualTo(configured.json());
    assertNotFound(api.get(channels + "/WC" + "0".repeat(32)));
    assertNotFound(api.post(channels + "/fax", "Capacity", "1"));
  }

  @Test
  void answersAWorkersReservationsAndKeepsAWorkerWhoHoldsOne() {
    // given a task offered to alice
    Seed seed = Seed.workspace(api);
    String alice = seed.worker("alice", "{\"skills\":[\"support\"]}");
    String task = seed.task(seed.workflowTo(seed.queue("Support", "skills HAS 'support'")), "{}");
    seed.moveWorker(alice, "Available");
    JsonObject reservation =
        Eventually.until(() -> seed.reservationsOfWorker(alice), r -> !r.isEmpty(), "offered")
            .get(0);
    String reservations = seed.base + "/Workers/" + alice + "/Reservations";
    String path = reservations + "/" + reservation.getString("sid");

    // then the worker's reservations list, filter and fetch it
    assertThat(reservation.getString("sid")).matches("WR[0-9a-f]{32}");
    assertThat(reservation.getString("task_sid")).isEqualTo(task);
    assertThat(reservation.getString("worker_sid")).isEqualTo(alice);
    assertThat(reservation.getString("worker_name")).isEqualTo("alice");
    assertThat(reservation.getString("reservation_status")).isEqualTo("pending");
    assertThat(reservation.getString("url")).isEqualTo(Api.root() + path);
    assertThat(api.get(path).json()).isEqualTo(reservation);
    assertThat(Pages.sids(api.get(reservations + "?ReservationStatus=pending"), "reservations"))
        .containsExactly(reservation.getString("sid"));
    assertThat(Pages.sids(api.get(reservations + "?ReservationStatus=accepted"), "reservations"))
        .isEmpty();
    assertInvalid(api.get(reservations + "?ReservationStatus=maybe"), "ReservationStatus");

    // when deleting alice while she holds it
    ApiResponse delete = api.delete(seed.base + "/Workers/" + alice);

    // then she stays
    assertProblem(delete, 409, 20001, alice);
    assertThat(api.get(seed.base + "/Workers/" + alice).status()).isEqualTo(200);

    // when answering it badly, nothing changes
    assertInvalid(api.post(path, "ReservationStatus", "thinking"), "ReservationStatus");
    assertInvalid(api.post(path, "Instruction", "dance"), "Instruction");
    assertInvalid(api.post(path), "ReservationStatus");
    assertInvalid(
        api.post(path, "ReservationStatus", "rejected", "WorkerActivitySid", "WA" + "2".repeat(32)),
        "WorkerActivitySid");
    assertThat(api.get(path).json()).isEqualTo(reservation);

    // when she rejects it and goes offline
    ApiResponse rejected =
        api.post(
            path, "ReservationStatus", "rejected", "WorkerActivitySid", seed.activity("Offline"));

    // then
    assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
    assertThat(rejected.json().getString("reservation_status")).isEqualTo("rejected");
    assertThat(api.get(seed.base + "/Workers/" + alice).json().getString("activity_name"))
        .isEqualTo("Offline");
    // and a rejected reservation cannot be accepted any more
    assertProblem(api.post(path, "ReservationStatus", "accepted"), 409, 20001, null);
    assertThat(api.get(path).json().getString("reservation_status")).isEqualTo("rejected");

    // and without a live reservation she can be deleted
    assertThat(api.delete(seed.base + "/Workers/" + alice).status()).isEqualTo(204);
    assertNotFound(api.get(path));
  }

  private List<String> names(String path) {
    ApiResponse response = api.get(path);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().getJsonArray("workers").getValuesAs(JsonObject.class).stream()
        .map(w -> w.getString("friendly_name"))
        .toList();
  }

  static String longAttributes() {
    return "{\"notes\":\"" + "n".repeat(4100) + "\"}";
  }
}
