package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.shared.ConflictException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.task.TaskRepository;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.taskchannel.TaskChannelRepository;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.worker.WorkerChannel;
import org.switchboard.domain.worker.WorkerRepository;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.infrastructure.jpa.ListQuery;

/** TaskChannel use cases; a new channel gives every worker a WorkerChannel of capacity 1. */
@Stateless
public class TaskChannelService {

  @Inject private WorkerRepository workers;
  @Inject private TaskRepository taskRepository;
  @Inject private TaskChannelRepository taskChannels;
  @PersistenceContext private EntityManager em;
  @Inject private Workspaces workspaces;
  @Inject private Clock clock;
  @Inject private JpaEventStore events;

  public TaskChannel create(
      String accountSid,
      String workspaceSid,
      String friendlyName,
      String uniqueName,
      Boolean optimized) {
    Workspace workspace = workspaces.require(accountSid, workspaceSid);
    if (friendlyName == null || friendlyName.isBlank()) {
      throw InvalidParameterException.required("FriendlyName");
    }
    if (uniqueName == null || uniqueName.isBlank()) {
      throw InvalidParameterException.required("UniqueName");
    }
    if (friendlyName.length() > 64 || uniqueName.length() > 64) {
      String parameter = uniqueName.length() > 64 ? "UniqueName" : "FriendlyName";
      throw new InvalidParameterException(
          parameter, parameter + " must be at most 64 characters long");
    }
    List<TaskChannel> existing = all(workspaceSid);
    if (existing.size() >= TaskChannel.MAX_PER_WORKSPACE) {
      throw new ConflictException(
          20001,
          "A workspace can have at most " + TaskChannel.MAX_PER_WORKSPACE + " task channels");
    }
    if (existing.stream().anyMatch(c -> c.getUniqueName().equals(uniqueName))) {
      throw new ConflictException(
          20001, "A TaskChannel with UniqueName " + uniqueName + " already exists");
    }
    Instant now = clock.instant();
    TaskChannel channel = new TaskChannel(workspace, friendlyName, uniqueName, optimized, now);
    em.persist(channel);
    for (Worker worker : workers.allIn(workspace)) {
      em.persist(new WorkerChannel(worker, channel, now));
    }
    events.record(event(EventType.TASK_CHANNEL_CREATED, channel, now));
    return channel;
  }

  public Page<TaskChannel> list(String accountSid, String workspaceSid, PageRequest page) {
    workspaces.require(accountSid, workspaceSid);
    return ListQuery.of(TaskChannel.class, "c")
        .where("c.workspace.sid = :ws", "ws", workspaceSid)
        .page(em, page);
  }

  /** By sid or unique name. */
  public TaskChannel get(String accountSid, String workspaceSid, String sidOrName) {
    workspaces.require(accountSid, workspaceSid);
    return all(workspaceSid).stream()
        .filter(c -> c.getSid().equals(sidOrName) || c.getUniqueName().equals(sidOrName))
        .findFirst()
        .orElseThrow(() -> NotFoundException.of("TaskChannel", sidOrName));
  }

  public TaskChannel update(
      String accountSid, String workspaceSid, String sid, String friendlyName, Boolean optimized) {
    TaskChannel channel = get(accountSid, workspaceSid, sid);
    if (friendlyName != null && (friendlyName.isBlank() || friendlyName.length() > 64)) {
      throw new InvalidParameterException(
          "FriendlyName", "FriendlyName must be 1 to 64 characters long");
    }
    Instant now = clock.instant();
    channel.update(friendlyName, optimized, now);
    events.record(event(EventType.TASK_CHANNEL_UPDATED, channel, now));
    return channel;
  }

  /**
   * @throws ConflictException while tasks use the channel
   */
  public void delete(String accountSid, String workspaceSid, String sid) {
    TaskChannel channel = get(accountSid, workspaceSid, sid);
    long tasks = taskRepository.countOn(channel);
    if (tasks > 0) {
      throw new ConflictException(
          20001, "TaskChannel " + sid + " is used by tasks and cannot be deleted");
    }
    workers.deleteChannelsOf(channel);
    events.record(event(EventType.TASK_CHANNEL_DELETED, channel, clock.instant()));
    em.remove(channel);
  }

  /** {@code task-channel.created}, {@code .updated}, {@code .deleted}. */
  private static RouterEvent event(EventType type, TaskChannel channel, Instant now) {
    Workspace workspace = channel.getWorkspace();
    return RouterEvent.builder(
            workspace.getAccountSid(),
            workspace.getSid(),
            type,
            "task-channel",
            channel.getSid(),
            now)
        .description("TaskChannel " + channel.getUniqueName())
        .data(
            Jsons.createObjectBuilder()
                .add("task_channel_sid", channel.getSid())
                .add("task_channel_unique_name", channel.getUniqueName())
                .add("task_channel_friendly_name", channel.getFriendlyName())
                .build()
                .toString())
        .build();
  }

  private List<TaskChannel> all(String workspaceSid) {
    return taskChannels.allIn(workspaceSid);
  }
}
