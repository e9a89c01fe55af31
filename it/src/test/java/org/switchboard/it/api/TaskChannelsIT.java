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

/** {@code /v1/Workspaces/{WorkspaceSid}/TaskChannels}: all five operations and their bad input. */
@ExtendWith(ArquillianExtension.class)
class TaskChannelsIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void aNewWorkspaceHasTheDefaultChannelsInCreationOrder() {
    Seed seed = Seed.workspace(api);

    List<JsonObject> channels =
        api.get(seed.base + "/TaskChannels")
            .json()
            .getJsonArray("channels")
            .getValuesAs(JsonObject.class);

    assertThat(channels)
        .extracting(c -> c.getString("unique_name"))
        .containsExactly("default", "voice", "chat", "sms", "video", "email");
    assertThat(channels).allSatisfy(c -> assertThat(c.getString("sid")).matches("TC[0-9a-f]{32}"));
    Pages.assertPagesThrough(
        api,
        seed.base + "/TaskChannels",
        "channels",
        channels.stream().map(c -> c.getString("sid")).toList());
  }

  @Test
  void createsFetchesUpdatesAndDeletesAChannelByItsSidOrUniqueName() {
    // given a workspace with a worker
    Seed seed = Seed.workspace(api);
    String worker = seed.worker("alice", "{}");

    // when
    ApiResponse created =
        api.post(
            seed.base + "/TaskChannels",
            "FriendlyName",
            "Social media",
            "UniqueName",
            "social",
            "ChannelOptimizedRouting",
            "true");

    // then
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject channel = created.json();
    String sid = channel.getString("sid");
    assertThat(channel.getString("friendly_name")).isEqualTo("Social media");
    assertThat(channel.getString("unique_name")).isEqualTo("social");
    assertThat(channel.getBoolean("channel_optimized_routing")).isTrue();
    assertThat(channel.getString("workspace_sid")).isEqualTo(seed.workspace);
    assertThat(channel.getString("account_sid")).isEqualTo(Api.accountSid());
    assertThat(channel.getString("url")).isEqualTo(Api.root() + seed.base + "/TaskChannels/" + sid);
    assertThat(api.get(seed.base + "/TaskChannels/" + sid).json()).isEqualTo(channel);
    assertThat(api.get(seed.base + "/TaskChannels/social").json()).isEqualTo(channel);
    // and the existing worker got a channel of capacity 1 on it
    JsonObject workerChannel = seed.channel(worker, "social");
    assertThat(workerChannel.getString("task_channel_sid")).isEqualTo(sid);
    assertThat(workerChannel.getInt("configured_capacity")).isEqualTo(1);

    // when updated through its unique name
    ApiResponse updated =
        api.post(
            seed.base + "/TaskChannels/social",
            "FriendlyName",
            "Social",
            "ChannelOptimizedRouting",
            "false");

    // then
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json().getString("friendly_name")).isEqualTo("Social");
    assertThat(updated.json().getBoolean("channel_optimized_routing")).isFalse();
    assertThat(updated.json().getString("unique_name")).isEqualTo("social");

    // when deleted, it is gone, with the workers' channels on it
    assertThat(api.delete(seed.base + "/TaskChannels/" + sid).status()).isEqualTo(204);
    assertNotFound(api.get(seed.base + "/TaskChannels/" + sid));
    assertNotFound(api.get(seed.base + "/TaskChannels/social"));
    assertNotFound(api.get(seed.base + "/Workers/" + worker + "/Channels/social"));
    assertNotFound(api.delete(seed.base + "/TaskChannels/" + sid));
    assertNotFound(api.post(seed.base + "/TaskChannels/" + sid, "FriendlyName", "x"));
  }

  @Test
  void rejectsBadInputAndChangesNothing() {
    // given
    Seed seed = Seed.workspace(api);
    String path = seed.base + "/TaskChannels/voice";
    JsonObject before = api.get(path).json();
    List<String> channels = Pages.sids(api.get(seed.base + "/TaskChannels"), "channels");

    // then
    String list = seed.base + "/TaskChannels";
    assertInvalid(api.post(list, "UniqueName", "fax"), "FriendlyName");
    assertInvalid(api.post(list, "FriendlyName", "Fax"), "UniqueName");
    assertInvalid(
        api.post(list, "FriendlyName", "x".repeat(65), "UniqueName", "fax"), "FriendlyName");
    assertInvalid(
        api.post(list, "FriendlyName", "Fax", "UniqueName", "u".repeat(65)), "UniqueName");
    assertInvalid(
        api.post(
            list, "FriendlyName", "Fax", "UniqueName", "fax", "ChannelOptimizedRouting", "yes"),
        "ChannelOptimizedRouting");
    assertProblem(
        api.post(list, "FriendlyName", "Voice 2", "UniqueName", "voice"), 409, 20001, "voice");
    assertInvalid(api.post(path, "FriendlyName", ""), "FriendlyName");
    assertInvalid(api.post(path, "ChannelOptimizedRouting", "1"), "ChannelOptimizedRouting");

    // and nothing changed
    assertThat(api.get(path).json()).isEqualTo(before);
    assertThat(Pages.sids(api.get(list), "channels")).containsExactlyElementsOf(channels);
  }

  @Test
  void keepsAChannelTasksUseAndAllowsAtMostFifteen() {
    // given a task on the chat channel
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("All", "1==1"));
    seed.task(workflow, "{}", "TaskChannel", "chat");

    // when deleting the channel
    ApiResponse inUse = api.delete(seed.base + "/TaskChannels/chat");

    // then it stays
    assertProblem(inUse, 409, 20001, "chat");
    assertThat(api.get(seed.base + "/TaskChannels/chat").status()).isEqualTo(200);

    // when filling the workspace up to 15 channels and adding one more
    List<String> names = new ArrayList<>();
    for (int i = 6; i < 15; i++) {
      names.add("channel" + i);
      Seed.expect(
          api.post(
              seed.base + "/TaskChannels", "FriendlyName", "C" + i, "UniqueName", "channel" + i),
          201);
    }
    ApiResponse oneTooMany =
        api.post(seed.base + "/TaskChannels", "FriendlyName", "C15", "UniqueName", "channel15");

    // then
    assertProblem(oneTooMany, 409, 20001, "15");
    assertThat(api.get(seed.base + "/TaskChannels").json().getJsonArray("channels")).hasSize(15);
  }
}
