package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.JpaActivityRepository;
import org.switchboard.infrastructure.jpa.JpaWorkspaceRepository;

/**
 * Workspace use cases. Each method is one transaction; a workspace of another account is treated as
 * one that does not exist. Concurrent updates of one workspace are guarded by its {@code @Version}:
 * the later commit fails with an optimistic-lock conflict instead of overwriting.
 */
@Stateless
public class WorkspaceService {

  @Inject private JpaWorkspaceRepository workspaces;
  @Inject private JpaActivityRepository activities;
  @Inject private Clock clock;

  @jakarta.ejb.EJB private TaskQueueService queues;
  @jakarta.ejb.EJB private WorkflowService workflows;
  @PersistenceContext private EntityManager em;

  /**
   * Creates a workspace with TaskRouter's default activities and task channels.
   *
   * @throws InvalidParameterException if FriendlyName is missing or a value is malformed
   */
  /** TaskRouter's one workspace template: a queue of every worker and a workflow to it. */
  public static final String FIFO = "FIFO";

  public Workspace create(String accountSid, WorkspaceSettings settings) {
    return create(accountSid, settings, null);
  }

  /**
   * Creates a workspace; with {@code template} {@code FIFO} (TaskRouter's only template) also its
   * "Sample Queue" of every worker and a "Default Fifo Workflow" routing every task to it.
   *
   * @throws InvalidParameterException naming {@code Template} for any other template
   */
  public Workspace create(String accountSid, WorkspaceSettings settings, String template) {
    if (template != null && !FIFO.equals(template)) {
      throw new InvalidParameterException("Template", "Template must be FIFO");
    }
    Workspace workspace = createWorkspace(accountSid, settings);
    if (template != null) {
      TaskQueue queue =
          queues.create(
              accountSid,
              workspace.getSid(),
              new TaskQueueService.Settings("Sample Queue", "1==1", null, null, null, null));
      workflows.create(
          accountSid,
          workspace.getSid(),
          new WorkflowService.Settings(
              "Default Fifo Workflow",
              "{\"task_routing\":{\"filters\":[],\"default_filter\":{\"queue\":\""
                  + queue.getSid()
                  + "\"}}}",
              null,
              null,
              null,
              false));
    }
    return workspace;
  }

  private Workspace createWorkspace(String accountSid, WorkspaceSettings settings) {
    Instant now = clock.instant();
    Workspace workspace = new Workspace(accountSid, settings.friendlyName(), now);
    workspaces.add(workspace);
    workspace.createDefaultActivities(now).forEach(activities::add);
    // a microsecond apart, so lists (by creation time, then sid) show them in this order
    int order = 0;
    for (String[] channel : TaskChannel.DEFAULTS) {
      em.persist(
          new TaskChannel(
              workspace,
              channel[1],
              channel[0],
              null,
              now.plus(order++, java.time.temporal.ChronoUnit.MICROS)));
    }
    apply(workspace, settings, now);
    return workspace;
  }

  /**
   * @throws NotFoundException if the account has no such workspace
   */
  public Workspace get(String accountSid, String sid) {
    return workspaces.find(accountSid, sid).orElseThrow(() -> notFound(sid));
  }

  public Page<Workspace> list(String accountSid, String friendlyName, PageRequest request) {
    return workspaces.list(accountSid, friendlyName, request);
  }

  /**
   * Changes the given settings of a workspace.
   *
   * @throws NotFoundException if the account has no such workspace
   * @throws InvalidParameterException if a value is malformed or an activity is not the workspace's
   */
  public Workspace update(String accountSid, String sid, WorkspaceSettings settings) {
    Workspace workspace = workspaces.find(accountSid, sid).orElseThrow(() -> notFound(sid));
    Instant now = clock.instant();
    if (settings.friendlyName() != null) {
      workspace.rename(settings.friendlyName(), now);
    }
    apply(workspace, settings, now);
    return workspace;
  }

  /**
   * Deletes a workspace and everything in it.
   *
   * @throws NotFoundException if the account has no such workspace
   */
  public void delete(String accountSid, String sid) {
    Workspace workspace = workspaces.find(accountSid, sid).orElseThrow(() -> notFound(sid));
    workspaces.remove(workspace);
  }

  private void apply(Workspace workspace, WorkspaceSettings settings, Instant now) {
    if (settings.eventCallbackUrl() != null || settings.eventsFilter() != null) {
      String url =
          settings.eventCallbackUrl() != null
              ? checkUrl("EventCallbackUrl", settings.eventCallbackUrl())
              : workspace.getEventCallbackUrl();
      String filter =
          settings.eventsFilter() != null ? settings.eventsFilter() : workspace.getEventsFilter();
      workspace.changeEventCallback(url, filter, now);
    }
    if (settings.multiTaskEnabled() != null) {
      workspace.changeMultiTasking(settings.multiTaskEnabled(), now);
    }
    if (settings.prioritizeQueueOrder() != null) {
      workspace.changeQueueOrder(settings.prioritizeQueueOrder(), now);
    }
    if (settings.defaultActivitySid() != null) {
      workspace.changeDefaultActivity(
          activity(workspace, "DefaultActivitySid", settings.defaultActivitySid()), now);
    }
    if (settings.timeoutActivitySid() != null) {
      workspace.changeTimeoutActivity(
          activity(workspace, "TimeoutActivitySid", settings.timeoutActivitySid()), now);
    }
  }

  private Activity activity(Workspace workspace, String parameter, String sid) {
    Activity activity = em.find(Activity.class, sid);
    if (activity == null || !activity.getWorkspace().getSid().equals(workspace.getSid())) {
      throw new InvalidParameterException(
          parameter, parameter + " " + sid + " is not an Activity of this workspace");
    }
    return activity;
  }

  /** An empty URL clears the callback; anything else must be an absolute http(s) URL. */
  static String checkUrl(String parameter, String value) {
    if (value.isEmpty()) {
      return value;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (uri.getHost() != null && ("http".equals(scheme) || "https".equals(scheme))) {
        return value;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new InvalidParameterException(parameter, parameter + " must be an absolute http(s) URL");
  }

  private static NotFoundException notFound(String sid) {
    return NotFoundException.of("Workspace", sid);
  }
}
