package org.switchboard.it.support;

import jakarta.json.JsonObject;
import java.util.UUID;

/**
 * Builds the setup of TaskRouter's example flow through the API, as an integrator would: a
 * workspace, workers, a queue and a workflow. Each call checks its own response.
 */
public final class Seed {

  private final Api api;
  public final String workspace;
  public final String base;

  private Seed(Api api, String workspace) {
    this.api = api;
    this.workspace = workspace;
    this.base = "/v1/Workspaces/" + workspace;
  }

  /** A new workspace with a unique name. */
  public static Seed workspace(Api api) {
    ApiResponse created =
        api.post(
            "/v1/Workspaces",
            "FriendlyName",
            "seed-" + UUID.randomUUID().toString().substring(0, 8));
    expect(created, 201);
    return new Seed(api, created.json().getString("sid"));
  }

  /** The same workspace, reached through another client (e.g. another server of the cluster). */
  public Seed through(Api other) {
    return new Seed(other, workspace);
  }

  /** The sid of one of the workspace's activities, by name. */
  public String activity(String name) {
    return api
        .get(base + "/Activities?FriendlyName=" + Api.encode(name))
        .json()
        .getJsonArray("activities")
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(a -> a.getString("friendly_name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no activity " + name))
        .getString("sid");
  }

  public String worker(String name, String attributes) {
    ApiResponse created =
        api.post(base + "/Workers", "FriendlyName", name, "Attributes", attributes);
    expect(created, 201);
    return created.json().getString("sid");
  }

  public String queue(String name, String targetWorkers, String... more) {
    String[] form = new String[4 + more.length];
    form[0] = "FriendlyName";
    form[1] = name;
    form[2] = "TargetWorkers";
    form[3] = targetWorkers;
    System.arraycopy(more, 0, form, 4, more.length);
    ApiResponse created = api.post(base + "/TaskQueues", form);
    expect(created, 201);
    return created.json().getString("sid");
  }

  public String workflow(String name, String configuration, String... more) {
    String[] form = new String[4 + more.length];
    form[0] = "FriendlyName";
    form[1] = name;
    form[2] = "Configuration";
    form[3] = configuration;
    System.arraycopy(more, 0, form, 4, more.length);
    ApiResponse created = api.post(base + "/Workflows", form);
    expect(created, 201);
    return created.json().getString("sid");
  }

  /** A workflow sending every task to one queue. */
  public String workflowTo(String queue, String... more) {
    return workflow(
        "to " + queue,
        "{\"task_routing\":{\"filters\":[],\"default_filter\":{\"queue\":\"" + queue + "\"}}}",
        more);
  }

  public String task(String workflow, String attributes, String... more) {
    String[] form = new String[4 + more.length];
    form[0] = "WorkflowSid";
    form[1] = workflow;
    form[2] = "Attributes";
    form[3] = attributes;
    System.arraycopy(more, 0, form, 4, more.length);
    ApiResponse created = api.post(base + "/Tasks", form);
    expect(created, 201);
    return created.json().getString("sid");
  }

  public void moveWorker(String worker, String activityName) {
    expect(api.post(base + "/Workers/" + worker, "ActivitySid", activity(activityName)), 200);
  }

  public JsonObject task(String sid) {
    ApiResponse response = api.get(base + "/Tasks/" + sid);
    expect(response, 200);
    return response.json();
  }

  /** Waits until the task's assignment status is {@code status} ({@link Eventually}'s time). */
  public void awaitStatus(String task, String status) {
    Eventually.until(
        () -> task(task).getString("assignment_status"),
        status::equals,
        "task " + task + " is " + status);
  }

  public java.util.List<JsonObject> reservationsOfTask(String task) {
    ApiResponse response = api.get(base + "/Tasks/" + task + "/Reservations");
    expect(response, 200);
    return response.json().getJsonArray("reservations").getValuesAs(JsonObject.class);
  }

  /** The sid of the task's pending reservation, once it has one ({@link Eventually}'s time). */
  public String awaitPendingReservation(String task) {
    return Eventually.until(
            () -> reservationsOfTask(task),
            r -> r.stream().anyMatch(x -> x.getString("reservation_status").equals("pending")),
            "task " + task + " is offered")
        .stream()
        .filter(x -> x.getString("reservation_status").equals("pending"))
        .findFirst()
        .orElseThrow()
        .getString("sid");
  }

  public java.util.List<JsonObject> reservationsOfWorker(String worker) {
    ApiResponse response = api.get(base + "/Workers/" + worker + "/Reservations");
    expect(response, 200);
    return response.json().getJsonArray("reservations").getValuesAs(JsonObject.class);
  }

  /** The types of a task's events, oldest first. */
  public java.util.List<String> eventTypes(String task) {
    ApiResponse response = api.get(base + "/Events?TaskSid=" + task + "&PageSize=200");
    expect(response, 200);
    return response.json().getJsonArray("events").getValuesAs(JsonObject.class).stream()
        .map(e -> e.getString("event_type"))
        .toList();
  }

  public JsonObject channel(String worker, String channel) {
    ApiResponse response = api.get(base + "/Workers/" + worker + "/Channels/" + channel);
    expect(response, 200);
    return response.json();
  }

  public static void expect(ApiResponse response, int status) {
    if (response.status() != status) {
      throw new AssertionError("expected " + status + " but got " + response);
    }
  }
}
