package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.shared.ConflictException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.taskqueue.TaskQueueRepository;
import org.switchboard.domain.worker.WorkerRepository;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.ActivityRepository;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.infrastructure.jpa.ListQuery;
import org.switchboard.infrastructure.jpa.Lookups;

/** Activity use cases, within a workspace of the calling account. */
@Stateless
public class ActivityService {

  /** TaskRouter's limit on activities per workspace. */
  public static final int MAX_PER_WORKSPACE = 100;

  @Inject private WorkerRepository workerRepository;
  @Inject private TaskQueueRepository taskQueues;
  @Inject private ActivityRepository activities;
  @PersistenceContext private EntityManager em;
  @Inject private Workspaces workspaces;
  @Inject private Clock clock;
  @Inject private JpaEventStore events;

  /**
   * @throws InvalidParameterException without FriendlyName
   * @throws ConflictException if the name is taken or the workspace has 100 activities
   */
  public Activity create(
      String accountSid, String workspaceSid, String friendlyName, Boolean available) {
    Workspace workspace = workspaces.require(accountSid, workspaceSid);
    checkName(friendlyName);
    long count = activities.countIn(workspace);
    if (count >= MAX_PER_WORKSPACE) {
      throw new ConflictException(
          20001, "A workspace can have at most " + MAX_PER_WORKSPACE + " activities");
    }
    requireFreeName(workspaceSid, friendlyName);
    Activity activity =
        new Activity(workspace, friendlyName, Boolean.TRUE.equals(available), clock.instant());
    em.persist(activity);
    events.record(event(EventType.ACTIVITY_CREATED, activity));
    return activity;
  }

  public Page<Activity> list(
      String accountSid,
      String workspaceSid,
      String friendlyName,
      Boolean available,
      PageRequest request) {
    workspaces.require(accountSid, workspaceSid);
    return ListQuery.of(Activity.class, "a")
        .where("a.workspace.sid = :workspace", "workspace", workspaceSid)
        .whereIfPresent("a.friendlyName = :name", "name", friendlyName)
        .whereIfPresent("a.available = :available", "available", available)
        .page(em, request);
  }

  public Activity get(String accountSid, String workspaceSid, String sid) {
    workspaces.require(accountSid, workspaceSid);
    return Lookups.require(em, Activity.class, workspaceSid, sid, a -> a.getWorkspace().getSid());
  }

  public Activity rename(String accountSid, String workspaceSid, String sid, String friendlyName) {
    Activity activity = get(accountSid, workspaceSid, sid);
    if (friendlyName != null && !friendlyName.equals(activity.getFriendlyName())) {
      checkName(friendlyName);
      requireFreeName(workspaceSid, friendlyName);
      activity.rename(friendlyName, clock.instant());
      events.record(event(EventType.ACTIVITY_UPDATED, activity));
    }
    return activity;
  }

  /**
   * @throws ConflictException while a worker is in it, or the workspace or a queue uses it
   */
  public void delete(String accountSid, String workspaceSid, String sid) {
    Activity activity = get(accountSid, workspaceSid, sid);
    Workspace workspace = activity.getWorkspace();
    if (isSame(workspace.getDefaultActivity(), activity)
        || isSame(workspace.getTimeoutActivity(), activity)) {
      throw new ConflictException(
          20001, "Activity " + sid + " is the workspace's default or timeout activity");
    }
    long workers = workerRepository.countIn(activity);
    long queues = taskQueues.countUsing(activity);
    if (workers > 0 || queues > 0) {
      throw new ConflictException(
          20001, "Activity " + sid + " is in use by " + (workers > 0 ? "workers" : "task queues"));
    }
    events.record(event(EventType.ACTIVITY_DELETED, activity));
    em.remove(activity);
  }

  /** {@code activity.created}, {@code .updated}, {@code .deleted}, as TaskRouter records them. */
  private RouterEvent event(EventType type, Activity activity) {
    Workspace workspace = activity.getWorkspace();
    return RouterEvent.builder(
            workspace.getAccountSid(),
            workspace.getSid(),
            type,
            "activity",
            activity.getSid(),
            clock.instant())
        .description("Activity " + activity.getFriendlyName())
        .data(
            Jsons.createObjectBuilder()
                .add("activity_sid", activity.getSid())
                .add("activity_name", activity.getFriendlyName())
                .add("activity_available", activity.isAvailable())
                .build()
                .toString())
        .build();
  }

  private void requireFreeName(String workspaceSid, String friendlyName) {
    long taken = activities.countNamed(workspaceSid, friendlyName);
    if (taken > 0) {
      throw new ConflictException(20001, "An activity named '" + friendlyName + "' already exists");
    }
  }

  private static void checkName(String friendlyName) {
    if (friendlyName == null || friendlyName.isBlank()) {
      throw InvalidParameterException.required("FriendlyName");
    }
    if (friendlyName.length() > Activity.MAX_NAME_LENGTH) {
      throw new InvalidParameterException(
          "FriendlyName",
          "FriendlyName must be at most " + Activity.MAX_NAME_LENGTH + " characters long");
    }
  }

  private static boolean isSame(Activity a, Activity b) {
    return a != null && a.getSid().equals(b.getSid());
  }
}
