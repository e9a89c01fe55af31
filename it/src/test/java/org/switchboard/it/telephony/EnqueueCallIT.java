package org.switchboard.it.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Seed;
import org.switchboard.telephony.peer.FastAgiCaller;

/**
 * A call handed to the deployed EAR's FastAGI server (over the real FastAGI protocol, by a peer
 * that plays Asterisk's side) becomes a voice task, and the dialplan learns where to send the
 * caller; bad arguments set an error status instead of leaving the call hanging.
 */
@ExtendWith(ArquillianExtension.class)
class EnqueueCallIT {

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void anInboundCallBecomesAVoiceTask() throws Exception {
    // given a workflow
    Seed seed = Seed.workspace(api);
    String workflow = seed.workflowTo(seed.queue("Callers", "1==1"));

    // when Asterisk runs AGI(agi://127.0.0.1:4573/enqueue?workflow=…&attributes=…&priority=5)
    FastAgiCaller caller =
        FastAgiCaller.forRequest(
                "127.0.0.1",
                port(),
                "enqueue?workflow="
                    + workflow
                    + "&attributes=%7B%22lang%22%3A%22es%22%7D&priority=5",
                "PJSIP/trunk-00000001",
                "1732520000.42",
                "+33123456789")
            .withEnvironment("agi_dnid", "3000");
    caller.run("127.0.0.1", port(), Duration.ofSeconds(20));

    // then the channel variables name the task and its conference
    String taskSid = caller.variables().get("SWITCHBOARD_TASK_SID");
    assertThat(caller.variables()).containsEntry("SWITCHBOARD_STATUS", "ok");
    assertThat(taskSid).matches("WT[0-9a-f]{32}");
    assertThat(caller.variables())
        .containsEntry("SWITCHBOARD_CONFERENCE", "switchboard-" + taskSid);

    // and the task carries the call
    JsonObject task = seed.task(taskSid);
    assertThat(task.getString("task_channel_unique_name")).isEqualTo("voice");
    assertThat(task.getInt("priority")).isEqualTo(5);
    assertThat(task.getString("workflow_sid")).isEqualTo(workflow);
    assertThat(task.getString("attributes"))
        .contains("\"lang\":\"es\"")
        .contains("\"call_sid\":\"1732520000.42\"")
        .contains("\"from\":\"+33123456789\"")
        .contains("\"to\":\"3000\"")
        .contains("\"channel\":\"PJSIP/trunk-00000001\"")
        .contains("\"language\":\"en\"");
  }

  @Test
  void aWorkflowCanBeNamedByItsFriendlyNameInAWorkspace() throws Exception {
    // given a workflow with a friendly name
    Seed seed = Seed.workspace(api);
    String queue = seed.queue("Callers", "1==1");
    String workflow =
        seed.workflow(
            "Support line",
            "{\"task_routing\":{\"filters\":[],\"default_filter\":{\"queue\":\"" + queue + "\"}}}");

    // when the dialplan names it by friendly name and workspace
    FastAgiCaller caller =
        FastAgiCaller.forRequest(
            "127.0.0.1",
            port(),
            "enqueue?workflow=Support%20line&workspace=" + seed.workspace,
            "PJSIP/trunk-3",
            "1732520000.77",
            "100");
    caller.run("127.0.0.1", port(), Duration.ofSeconds(20));

    // then the task is created in that workflow
    assertThat(caller.variables()).containsEntry("SWITCHBOARD_STATUS", "ok");
    assertThat(seed.task(caller.variables().get("SWITCHBOARD_TASK_SID")).getString("workflow_sid"))
        .isEqualTo(workflow);
  }

  @Test
  void anUnknownWorkflowSetsAnErrorAndCreatesNoTask() throws Exception {
    Seed seed = Seed.workspace(api);
    String unknown = "WW" + "0".repeat(32);

    FastAgiCaller caller =
        FastAgiCaller.forRequest(
            "127.0.0.1", port(), "enqueue?workflow=" + unknown, "PJSIP/trunk-2", "1.2", "100");
    caller.run("127.0.0.1", port(), Duration.ofSeconds(20));

    assertThat(caller.variables()).containsEntry("SWITCHBOARD_STATUS", "error");
    assertThat(caller.variables().get("SWITCHBOARD_ERROR")).contains(unknown);
    assertThat(caller.variables()).doesNotContainKey("SWITCHBOARD_TASK_SID");
    assertThat(api.get(seed.base + "/Tasks").json().getJsonArray("tasks")).isEmpty();
  }

  private static int port() {
    return 4573 + Integer.getInteger("switchboard.it.port.offset", 10000);
  }
}
