package org.switchboard.it.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A workspace with one of everything (activity, event, task channel, worker and its channel, queue,
 * workflow, task) and a pending reservation, with the sid that fills each {@code {…Sid}} of the
 * reference spec's path templates: for tests that go through every operation.
 */
public record Furnished(Seed seed, String queue, String task, Map<String, String> sids) {

  public static Furnished workspace(Api api) {
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
    Map<String, String> sids = new LinkedHashMap<>();
    sids.put("Activities", seed.activity("Offline"));
    sids.put(
        "Events", Pages.sids(api.get(seed.base + "/Events?WorkerSid=" + worker), "events").get(0));
    sids.put("Tasks", task);
    sids.put("TaskChannels", seed.channel(worker, "default").getString("task_channel_sid"));
    sids.put("TaskQueues", queue);
    sids.put("Workers", worker);
    sids.put("Workflows", workflow);
    sids.put("Reservations", reservation);
    sids.put("Channels", seed.channel(worker, "default").getString("sid"));
    return new Furnished(seed, queue, task, sids);
  }

  /** The path with this workspace's sids: each {@code {…Sid}} by the collection it follows. */
  public String fill(String template) {
    String[] segments = template.split("/");
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].startsWith("{")) {
        String collection = segments[i - 1];
        segments[i] =
            "Workspaces".equals(collection)
                ? seed.workspace
                : Objects.requireNonNull(sids.get(collection), "no sid for " + collection);
      }
    }
    return String.join("/", segments);
  }

  /** The pending reservation's status, as the API shows it. */
  public String reservationStatus() {
    return seed.reservationsOfTask(task).get(0).getString("reservation_status");
  }
}
