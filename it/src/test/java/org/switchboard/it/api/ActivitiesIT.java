package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;
import static org.switchboard.it.support.Problems.assertNotFound;
import static org.switchboard.it.support.Problems.assertProblem;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Pages;
import org.switchboard.it.support.Seed;

/** {@code /v1/Workspaces/{WorkspaceSid}/Activities}: all five operations and their bad input. */
@ExtendWith(ArquillianExtension.class)
class ActivitiesIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void createsFetchesRenamesAndDeletesAnActivity() {
    // given
    Seed seed = Seed.workspace(api);

    // when
    ApiResponse created =
        api.post(seed.base + "/Activities", "FriendlyName", "Lunch", "Available", "false");

    // then
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject activity = created.json();
    String sid = activity.getString("sid");
    String path = seed.base + "/Activities/" + sid;
    assertThat(sid).matches("WA[0-9a-f]{32}");
    assertThat(activity.getString("friendly_name")).isEqualTo("Lunch");
    assertThat(activity.getBoolean("available")).isFalse();
    assertThat(activity.getString("workspace_sid")).isEqualTo(seed.workspace);
    assertThat(activity.getString("account_sid")).isEqualTo(Api.accountSid());
    assertThat(activity.getString("url")).isEqualTo(Api.root() + path);
    assertThat(activity.getJsonObject("links").getString("workspace"))
        .isEqualTo(Api.root() + seed.base);
    assertThat(api.get(path).json()).isEqualTo(activity);

    // when renamed
    ApiResponse renamed = api.post(path, "FriendlyName", "Long lunch");

    // then
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.json().getString("friendly_name")).isEqualTo("Long lunch");
    assertThat(renamed.json().getBoolean("available")).isFalse();
    assertThat(api.get(path).json().getString("friendly_name")).isEqualTo("Long lunch");

    // when deleted, it is gone
    assertThat(api.delete(path).status()).isEqualTo(204);
    assertNotFound(api.get(path));
    assertNotFound(api.post(path, "FriendlyName", "Back"));
    assertNotFound(api.delete(path));

    // and each step is an event about the activity, oldest first
    List<String> types =
        api
            .get(seed.base + "/Events?ResourceSid=" + sid)
            .json()
            .getJsonArray("events")
            .getValuesAs(JsonObject.class)
            .stream()
            .map(e -> e.getString("event_type"))
            .toList();
    assertThat(types).containsExactly("activity.created", "activity.updated", "activity.deleted");
  }

  @Test
  void listsByNameAndAvailabilityPageByPage() {
    // given the three default activities and four more
    Seed seed = Seed.workspace(api);
    List<String> all =
        new ArrayList<>(Pages.sids(api.get(seed.base + "/Activities"), "activities"));
    for (String name : List.of("Break", "Training", "Meeting", "Ready")) {
      all.add(
          api.post(
                  seed.base + "/Activities",
                  "FriendlyName",
                  name,
                  "Available",
                  String.valueOf(name.equals("Ready")))
              .json()
              .getString("sid"));
    }

    // then the filters select by name and by availability
    assertThat(Pages.sids(api.get(seed.base + "/Activities?FriendlyName=Training"), "activities"))
        .containsExactly(all.get(4));
    List<JsonObject> available =
        api.get(seed.base + "/Activities?Available=true")
            .json()
            .getJsonArray("activities")
            .getValuesAs(JsonObject.class);
    assertThat(available)
        .extracting(a -> a.getString("friendly_name"))
        .containsExactly("Available", "Ready");
    assertThat(Pages.sids(api.get(seed.base + "/Activities?Available=false"), "activities"))
        .hasSize(5);
    // as the reference says, 1 and yes also mean true, and any other value false
    assertThat(Pages.sids(api.get(seed.base + "/Activities?Available=yes"), "activities"))
        .containsExactly(all.get(1), all.get(6));
    assertThat(Pages.sids(api.get(seed.base + "/Activities?Available=1"), "activities"))
        .containsExactly(all.get(1), all.get(6));
    assertThat(Pages.sids(api.get(seed.base + "/Activities?Available=perhaps"), "activities"))
        .hasSize(5);

    // and the list pages in creation order
    Pages.assertPagesThrough(api, seed.base + "/Activities", "activities", all);
  }

  @Test
  void rejectsBadInputAndChangesNothing() {
    // given
    Seed seed = Seed.workspace(api);
    String path = seed.base + "/Activities/" + seed.activity("Available");
    JsonObject before = api.get(path).json();
    List<String> activities = Pages.sids(api.get(seed.base + "/Activities"), "activities");

    // then
    assertInvalid(api.post(seed.base + "/Activities", "Available", "true"), "FriendlyName");
    assertInvalid(api.post(seed.base + "/Activities", "FriendlyName", " "), "FriendlyName");
    assertInvalid(
        api.post(seed.base + "/Activities", "FriendlyName", "x".repeat(65)), "FriendlyName");
    assertInvalid(
        api.post(seed.base + "/Activities", "FriendlyName", "Maybe", "Available", "perhaps"),
        "Available");
    assertProblem(
        api.post(seed.base + "/Activities", "FriendlyName", "Offline"), 409, 20001, "Offline");
    assertInvalid(api.post(path, "FriendlyName", ""), "FriendlyName");
    assertInvalid(api.post(path, "FriendlyName", "y".repeat(65)), "FriendlyName");
    assertProblem(api.post(path, "FriendlyName", "Unavailable"), 409, 20001, "Unavailable");
    assertInvalid(api.get(seed.base + "/Activities?PageSize=1001"), "PageSize");
    assertInvalid(api.get(seed.base + "/Activities?PageSize=ten"), "PageSize");
    assertInvalid(api.get(seed.base + "/Activities?Page=-1"), "Page");
    assertInvalid(api.get(seed.base + "/Activities?PageToken=garbage"), "PageToken");

    // and nothing changed
    assertThat(api.get(path).json()).isEqualTo(before);
    assertThat(Pages.sids(api.get(seed.base + "/Activities"), "activities"))
        .containsExactlyElementsOf(activities);
  }

  @Test
  void keepsActivitiesThatAreInUse() {
    // given an activity a worker is in, and the workspace's default activity
    Seed seed = Seed.workspace(api);
    String lunch =
        api.post(seed.base + "/Activities", "FriendlyName", "Lunch").json().getString("sid");
    String worker = seed.worker("alice", "{}");
    Seed.expect(api.post(seed.base + "/Workers/" + worker, "ActivitySid", lunch), 200);

    // when deleting them
    ApiResponse inUse = api.delete(seed.base + "/Activities/" + lunch);
    ApiResponse isDefault = api.delete(seed.base + "/Activities/" + seed.activity("Offline"));

    // then both stay
    assertProblem(inUse, 409, 20001, lunch);
    assertProblem(isDefault, 409, 20001, "default");
    assertThat(api.get(seed.base + "/Activities/" + lunch).status()).isEqualTo(200);
    assertThat(api.get(seed.base + "/Workers/" + worker).json().getString("activity_sid"))
        .isEqualTo(lunch);

    // when the worker leaves it, it can go
    seed.moveWorker(worker, "Offline");
    assertThat(api.delete(seed.base + "/Activities/" + lunch).status()).isEqualTo(204);
  }

  @Test
  void allowsAtMostOneHundredActivitiesPerWorkspace() {
    // given a workspace with its three default activities and 97 more
    Seed seed = Seed.workspace(api);
    for (int i = 0; i < 97; i++) {
      Seed.expect(api.post(seed.base + "/Activities", "FriendlyName", "activity " + i), 201);
    }

    // when
    ApiResponse oneTooMany = api.post(seed.base + "/Activities", "FriendlyName", "one too many");

    // then
    assertProblem(oneTooMany, 409, 20001, "100");
    assertThat(api.get(seed.base + "/Activities?PageSize=1000").json().getJsonArray("activities"))
        .hasSize(100);
  }

  @Test
  void answersUnknownActivitiesAndWorkspacesWith404() {
    Seed seed = Seed.workspace(api);
    String unknown = seed.base + "/Activities/WA" + "0".repeat(32);

    assertNotFound(api.get(unknown));
    assertNotFound(api.post(unknown, "FriendlyName", "x"));
    assertNotFound(api.delete(unknown));
    assertNotFound(api.get("/v1/Workspaces/WS" + "0".repeat(32) + "/Activities"));
    assertNotFound(
        api.post("/v1/Workspaces/WS" + "0".repeat(32) + "/Activities", "FriendlyName", "x"));
  }
}
