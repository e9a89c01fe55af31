package org.switchboard.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.domain.call.CallLeg;
import org.switchboard.domain.call.CallRepository;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskRepository;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.routing.ReservationLifecycle;

/**
 * Callers who wait outside their conference, in the dialplan's waiting loop ({@code
 * switchboard-waiting} in the sample): they hear their position in the queue and the expected wait
 * every so often, and may leave the queue to be called back or to leave a voicemail. Called by the
 * telephony adapter's AGI scripts ({@code waiting}, {@code callback}, {@code voicemail}); every
 * method is one transaction with the task locked, as dialling a worker is ({@link
 * CallService#dialing}), so a caller leaving and a worker being dialled for it never both happen.
 *
 * <ul>
 *   <li>A callback: the call's task is canceled ({@code Caller asked to be called back}) and a
 *       <em>callback task</em> of the same workflow is created with the call's attributes, without
 *       its {@code call_sid}, plus {@code callback_number} (the caller's number) and {@code
 *       callback_for} (the call's task). A worker accepting it with the {@code conference}
 *       instruction is dialled into the callback task's conference, and once the worker answers
 *       Switchboard dials the customer into it ({@link CallService#customerToDial}).
 *   <li>A voicemail: the call's task is canceled ({@code Caller left a voicemail}) and the caller
 *       records a message; when the call ends, a <em>voicemail task</em> is created with the call's
 *       attributes, without its {@code call_sid}, plus {@code voicemail_for} and the recording in
 *       {@code conversations.media} ({@code type} {@code VoiceMail}).
 * </ul>
 */
@Stateless
public class WaitingCallers {

  /** How long a queue's expected wait is reused before it is computed again. */
  private static final Duration EXPECTED_WAIT_KEPT = Duration.ofSeconds(30);

  /** The window the expected wait is the average acceptance time of. */
  private static final Duration EXPECTED_WAIT_WINDOW = Duration.ofHours(1);

  private static final Map<String, Expected> EXPECTED = new ConcurrentHashMap<>();

  private record Expected(long seconds, Instant at) {}

  @Inject private TaskRepository taskRepository;
  @Inject private CallRepository callLegs;
  @PersistenceContext private EntityManager em;
  @Inject private ReservationLifecycle lifecycle;
  @Inject private Clock clock;
  @EJB private TaskService tasks;
  @EJB private StatisticsService statistics;

  /** What the waiting loop does next. */
  public enum Next {
    /** Go on waiting (announce, then music on hold). */
    WAIT,
    /** A worker is being dialled: join the conference. */
    CONNECT,
    /** The task is over (or unknown): say goodbye and hang up. */
    GONE
  }

  /**
   * Where a waiting caller stands.
   *
   * @param position 1 for the next task to be offered in its queue, 0 if not yet in a queue
   * @param expectedWaitSeconds the queue's average time to acceptance over the last hour (0 when
   *     none was accepted), as Asterisk's queues announce their average hold time
   */
  public record Waiting(Next next, int position, long expectedWaitSeconds) {}

  /**
   * What became of a caller asking to leave the queue.
   *
   * @param next {@link Next#WAIT} when it left (the dialplan goes on with the callback's goodbye or
   *     the voicemail's recording), else what the loop does instead
   * @param taskSid the call's task
   */
  public record Leaving(Next next, String taskSid) {}

  /**
   * The caller of channel {@code uniqueId} runs the waiting loop once more: it is marked as waiting
   * outside its conference (so that dialling a worker first brings it in, {@link
   * CallService#dialing}), and told its position and the expected wait, unless a worker is being
   * dialled for it already ({@link Next#CONNECT}) or its task is over ({@link Next#GONE}).
   */
  public Waiting waiting(String uniqueId) {
    CallLeg leg = callerLeg(uniqueId);
    Task task = leg == null ? null : lifecycle.lockTaskIfExists(leg.getTaskSid());
    if (task == null || !task.getAssignmentStatus().isLive()) {
      return new Waiting(Next.GONE, 0, 0);
    }
    if (task.getAssignmentStatus() == TaskStatus.ASSIGNED
        || callLegs.workerBeingDialled(task.getSid())) {
      leg.callerIs(null);
      return new Waiting(Next.CONNECT, 0, 0);
    }
    leg.callerIs(CallLeg.CallerState.WAITING);
    return new Waiting(Next.WAIT, position(task), expectedWait(task));
  }

  /**
   * The waiting caller pressed the key for a callback: the call's task is canceled and a callback
   * task created ({@link WaitingCallers}).
   *
   * @return {@link Next#WAIT} when the callback task was created (the dialplan says goodbye),
   *     {@link Next#CONNECT} when a worker is being dialled already, {@link Next#GONE} when the
   *     call has no live task, or no number to call back
   */
  public Leaving callback(String uniqueId) {
    CallLeg leg = callerLeg(uniqueId);
    Task task = leg == null ? null : lifecycle.lockTaskIfExists(leg.getTaskSid());
    Next gate = gate(task);
    if (gate != null) {
      return new Leaving(gate, task == null ? null : task.getSid());
    }
    JsonObject attributes = attributesOf(task);
    String number =
        attributes.get("from") instanceof JsonString s && !s.getString().isBlank()
            ? s.getString()
            : null;
    if (number == null) {
      return new Leaving(Next.GONE, task.getSid());
    }
    Instant now = clock.instant();
    lifecycle.cancel(task, "Caller asked to be called back");
    tasks.create(
        task.getWorkspace().getAccountSid(),
        task.getWorkspace().getSid(),
        settings(
            task,
            Jsons.createObjectBuilder(withoutCall(attributes))
                .add("callback_number", number)
                .add("callback_for", task.getSid())
                .build()
                .toString()));
    return new Leaving(Next.WAIT, task.getSid());
  }

  /**
   * The waiting caller pressed the key for a voicemail: the call's task is canceled, and the caller
   * records a message into {@code file}; the voicemail task is created when the call ends ({@link
   * #voicemailLeft}).
   *
   * @return as {@link #callback}
   */
  public Leaving voicemail(String uniqueId) {
    CallLeg leg = callerLeg(uniqueId);
    Task task = leg == null ? null : lifecycle.lockTaskIfExists(leg.getTaskSid());
    Next gate = gate(task);
    if (gate != null) {
      return new Leaving(gate, task == null ? null : task.getSid());
    }
    lifecycle.cancel(task, "Caller left a voicemail");
    leg.callerIs(CallLeg.CallerState.VOICEMAIL);
    return new Leaving(Next.WAIT, task.getSid());
  }

  /**
   * A caller who was recording a voicemail hung up: the voicemail task is created, with the
   * recording (call with the call's task locked, from {@link CallService#ended}).
   */
  public void voicemailLeft(Task task, String recordingUrl, Instant now) {
    JsonObject attributes = withoutCall(attributesOf(task));
    JsonObject conversations =
        attributes.get("conversations") instanceof JsonObject c
            ? c
            : Jsons.createObjectBuilder().build();
    JsonObjectBuilder media = Jsons.createObjectBuilder(conversations);
    media.add(
        "media",
        Jsons.createArrayBuilder()
            .add(
                Jsons.createObjectBuilder()
                    .add("type", "VoiceMail")
                    .add("url", recordingUrl)
                    .add("start_time", now.getEpochSecond())));
    tasks.create(
        task.getWorkspace().getAccountSid(),
        task.getWorkspace().getSid(),
        settings(
            task,
            Jsons.createObjectBuilder(attributes)
                .add("voicemail_for", task.getSid())
                .add("conversations", media)
                .build()
                .toString()));
  }

  /** Why the caller cannot leave the queue now, or null if it can. */
  private Next gate(Task task) {
    if (task == null
        || task.getAssignmentStatus() == TaskStatus.CANCELED
        || task.getAssignmentStatus() == TaskStatus.COMPLETED) {
      return Next.GONE;
    }
    if (task.getAssignmentStatus() != TaskStatus.PENDING
        && task.getAssignmentStatus() != TaskStatus.RESERVED) {
      return Next.CONNECT;
    }
    return callLegs.workerBeingDialled(task.getSid()) ? Next.CONNECT : null;
  }

  private static TaskService.Settings settings(Task task, String attributes) {
    return new TaskService.Settings(
        task.getWorkflow().getSid(),
        attributes,
        task.getPriority(),
        null,
        task.getTaskChannel().getSid(),
        null,
        null,
        null,
        null,
        null);
  }

  private static JsonObject withoutCall(JsonObject attributes) {
    JsonObjectBuilder copy = Jsons.createObjectBuilder(attributes);
    copy.remove("call_sid");
    copy.remove("channel");
    copy.remove("caller_on_hold");
    return copy.build();
  }

  /** 1 + the waiting tasks of the queue that are offered before this one. */
  private int position(Task task) {
    TaskQueue queue = task.getTaskQueue();
    if (queue == null) {
      return 0;
    }
    long ahead = taskRepository.waitingAheadOf(task);
    return (int) Math.min(Integer.MAX_VALUE, ahead + 1);
  }

  /** The queue's average acceptance time over the last hour, computed at most every 30 s. */
  private long expectedWait(Task task) {
    TaskQueue queue = task.getTaskQueue();
    if (queue == null) {
      return 0;
    }
    Instant now = clock.instant();
    Expected known = EXPECTED.get(queue.getSid());
    if (known != null && known.at().plus(EXPECTED_WAIT_KEPT).isAfter(now)) {
      return known.seconds();
    }
    Object average =
        statistics
            .cumulative(
                task.getWorkspace().getAccountSid(),
                task.getWorkspace().getSid(),
                StatisticsService.Scope.TASK_QUEUE,
                queue.getSid(),
                new StatisticsWindow(now.minus(EXPECTED_WAIT_WINDOW), now, null, List.of()))
            .get("avg_task_acceptance_time");
    long seconds = average instanceof Number n ? n.longValue() : 0;
    EXPECTED.put(queue.getSid(), new Expected(seconds, now));
    return seconds;
  }

  private CallLeg callerLeg(String uniqueId) {
    CallLeg leg = uniqueId == null ? null : em.find(CallLeg.class, uniqueId);
    return leg != null && leg.getRole() == CallLeg.Role.CALLER ? leg : null;
  }

  private static JsonObject attributesOf(Task task) {
    try (JsonReader reader = Jsons.createReader(task.getAttributes())) {
      return reader.readObject();
    }
  }
}
