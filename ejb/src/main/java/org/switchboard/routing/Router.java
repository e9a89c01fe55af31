package org.switchboard.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.BiPredicate;
import org.switchboard.domain.reservation.OfferableTask;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationRepository;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskRepository;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.worker.WorkerChannel;
import org.switchboard.domain.worker.WorkerRepository;
import org.switchboard.infrastructure.jpa.DatabaseKind;
import org.switchboard.routing.lang.Expression;
import org.switchboard.routing.lang.OrderBy;

/**
 * Matches tasks and workers, inside the caller's transaction.
 *
 * <p>A worker is eligible for a task at a {@link Placement} when it belongs to the target's queue,
 * meets the target's expression, is in an available activity, has not already declined or let the
 * task time out, and has free capacity on the task's channel (in a single-tasking workspace: holds
 * no task at all). Among eligible workers the one idle longest on the channel goes first.
 *
 * <p>Task-driven ({@link #offerTask}) runs with the task locked and locks each chosen worker with
 * SKIP LOCKED, re-checking its capacity under the lock; worker-driven ({@link #offerWorker}) runs
 * with the worker locked and takes task locks with SKIP LOCKED only. See {@link
 * ReservationLifecycle} for why this cannot deadlock or double-book.
 */
@ApplicationScoped
public class Router {

  /** How many candidate workers are read per database round trip. */
  static final int CANDIDATE_BATCH = 100;

  /** How many waiting tasks a worker-driven pass considers, best first. */
  static final int WAITING_BATCH = 50;

  @Inject private ReservationLifecycle lifecycle;
  @Inject private ReservationRepository reservations;
  @Inject private TaskRepository tasks;
  @Inject private WorkerRepository workers;
  @Inject private Clock clock;
  @Inject private Expressions expressions;
  @Inject private Eligibility eligibility;
  @Inject private DatabaseKind database;

  /**
   * Offers a locked, pending or reserved task to as many eligible workers as its queue allows
   * beyond the reservations it already has. Returns the new reservations.
   */
  public Offers offerTask(Task task, Placement placement) {
    List<Reservation> created = new ArrayList<>();
    boolean contended = false;
    if (!task.getAssignmentStatus().isLive()
        || task.getAssignmentStatus() == TaskStatus.ASSIGNED
        || task.getAssignmentStatus() == TaskStatus.WRAPPING
        || placement.exhausted()) {
      return new Offers(created, false);
    }
    TaskQueue queue = task.getTaskQueue();
    // a pending task has no pending reservation (the task is reserved while it has one)
    int pending =
        task.getAssignmentStatus() == TaskStatus.PENDING ? 0 : lifecycle.pendingOf(task).size();
    int room = queue.getMaxReservedWorkers() - pending;
    if (room <= 0) {
      return new Offers(created, false);
    }
    int timeout = task.getWorkflow().getTaskReservationTimeout();
    boolean ordered = placement.orderBy() != null;
    if (!ordered
        && placement.knownWorkerSid() == null
        && placement.knownWorkerFriendlyName() == null
        && (placement.expression() == null || placement.expression().isBlank())
        && database.isPostgres()) {
      return offerToFirstFree(task, room, timeout);
    }
    Set<String> excluded = declinedBy(task);
    Map<String, Object> taskAttributes = expressions.attributes(task.getAttributes());
    BiPredicate<Map<String, Object>, Map<String, Object>> target =
        expressions.overTaskAndWorker(placement.expression());
    Map<String, Map<String, Map<String, Object>>> channels =
        WorkerView.readsChannels(placement.expression())
            ? channelsByWorker(task.getWorkspace().getSid())
            : null;
    int offset = 0;
    List<Candidate> batch = ordered ? ranked(task, placement) : candidates(task, 0);
    while (!batch.isEmpty() && created.size() < room) {
      for (Candidate candidate : batch) {
        if (excluded.contains(candidate.workerSid())
            || !isNamedBy(placement, candidate.workerSid(), candidate.friendlyName())
            || !target.test(taskAttributes, view(candidate, channels))) {
          continue;
        }
        Worker worker = lockIfFree(candidate.workerSid());
        if (worker == null) {
          contended = true;
          continue;
        }
        WorkerChannel channel = lifecycle.current(WorkerChannel.class, candidate.channelSid());
        if (worker.isAvailable() && hasRoom(task, worker, channel)) {
          created.add(lifecycle.offer(task, worker, channel, timeout));
          excluded.add(worker.getSid());
          if (created.size() >= room) {
            break;
          }
        }
      }
      offset += batch.size();
      batch = ordered || created.size() >= room ? List.of() : candidates(task, offset);
    }
    return new Offers(created, contended && created.size() < room);
  }

  /**
   * The common case, a target without a worker expression, {@code order_by} or known worker, on
   * PostgreSQL: one statement per reservation, in which the database picks the longest-idle
   * eligible worker that no other transaction holds and locks it ({@code FOR UPDATE SKIP LOCKED}).
   * Under load the general path mostly meets rows that concurrent passes have just locked, one
   * statement each. The chosen worker and channel are read again under the lock, in one statement.
   * The statement reads a window of the longest-idle free channels; when the worker is not in it (a
   * queue holding few of the free workers, or the front ones held by other passes), a second
   * statement reads the queue's members, and the worker it gives is locked unless another
   * transaction holds it; if one does, she is skipped and the pass asks to run again.
   */
  private Offers offerToFirstFree(Task task, int room, int timeout) {
    List<Reservation> created = new ArrayList<>();
    StringJoiner tried = new StringJoiner(",");
    boolean skipped = false;
    while (created.size() < room) {
      Object[] free = workers.firstFreeInIdleOrder(task, tried.toString());
      if (free == null) {
        free = workers.firstFreeAmongMembers(task, tried.toString());
        if (free == null) {
          return new Offers(created, skipped);
        }
        if (!workers.lockIfFree((String) free[0])) {
          tried.add((String) free[0]);
          skipped = true;
          continue;
        }
      }
      tried.add((String) free[0]);
      WorkerChannel channel = workers.currentChannelWithWorker((String) free[1]);
      Worker worker = channel.getWorker();
      if (worker.isAvailable() && hasRoom(task, worker, channel)) {
        created.add(lifecycle.offer(task, worker, channel, timeout));
      }
    }
    return new Offers(created, false);
  }

  /**
   * What a routing pass did: the reservations it created, and whether it skipped a worker or task
   * another transaction held while it still had room, in which case it should be retried shortly.
   */
  public record Offers(List<Reservation> created, boolean retry) {}

  /**
   * Offers a locked worker the waiting tasks it is eligible for, best first (higher priority, then
   * older, or newer in a LIFO queue), while it has capacity. {@code placements} tells, for a task,
   * where its workflow currently puts it.
   */
  public Offers offerWorker(Worker worker, PlacementSource placements) {
    List<Reservation> created = new ArrayList<>();
    boolean contended = false;
    if (!worker.isAvailable()) {
      return new Offers(created, false);
    }
    // channels this pass has filled (and whether it has offered anything, for a workspace without
    // multitasking): the tasks read for them are passed over without taking their locks, which
    // would keep every other worker's concurrent pass from offering them until this one commits
    Set<String> filled = new HashSet<>();
    boolean offered = false;
    boolean multitask = worker.getWorkspace().isMultiTaskEnabled();
    for (OfferableTask waiting : reservations.offerableTasksFor(worker, WAITING_BATCH)) {
      if (!waiting.ignoresCapacity()
          && (filled.contains(waiting.channelSid()) || (offered && !multitask))) {
        continue;
      }
      Task task = tasks.lockAndReadIfFree(waiting.sid());
      if (task == null) {
        contended = true;
        continue;
      }
      if (task.getAssignmentStatus() != TaskStatus.PENDING
          && task.getAssignmentStatus() != TaskStatus.RESERVED) {
        continue;
      }
      Placement placement = placements.placementOf(task);
      if (placement.orderBy() != null && !placement.exhausted()) {
        // the target ranks its workers: offer the task as a task-driven pass would, to the best
        // free workers by order_by (this one among them), not to whichever freed up first
        Offers ranked = offerTask(task, placement);
        created.addAll(ranked.created());
        contended |= ranked.retry();
        if (ranked.created().stream()
            .anyMatch(r -> r.getWorker().getSid().equals(worker.getSid()))) {
          offered = true;
          if (!lifecycle.channelOf(worker, waiting.channelSid()).hasFreeCapacity()) {
            filled.add(waiting.channelSid());
          }
        }
        if (!worker.isAvailable() || !workers.anyRoomLeft(worker)) {
          return new Offers(created, false);
        }
        continue;
      }
      if (placement.exhausted()
          || declinedBy(task).contains(worker.getSid())
          || !isNamedBy(placement, worker.getSid(), worker.getFriendlyName())
          || !meetsTarget(placement.expression(), task, worker)
          || task.getTaskQueue().getMaxReservedWorkers() <= lifecycle.pendingOf(task).size()) {
        continue;
      }
      WorkerChannel channel = lifecycle.channelOf(worker, task.getTaskChannel().getSid());
      if (!hasRoom(task, worker, channel)) {
        continue;
      }
      created.add(
          lifecycle.offer(task, worker, channel, task.getWorkflow().getTaskReservationTimeout()));
      offered = true;
      if (!channel.hasFreeCapacity()) {
        filled.add(channel.getTaskChannel().getSid());
      }
      if (!worker.isAvailable() || !workers.anyRoomLeft(worker)) {
        return new Offers(created, false);
      }
    }
    return new Offers(created, contended);
  }

  /**
   * Whether a worker-driven pass would find a task to consider: one statement, read without locks
   * and without loading the worker, so that the usual answer (none) costs a worker freed by a
   * completion one round trip and no transaction.
   */
  public boolean anyWaitingFor(String workerSid) {
    return reservations.anyOfferableTaskFor(workerSid);
  }

  /** Where the workflow puts a task, for worker-driven routing. */
  @FunctionalInterface
  public interface PlacementSource {
    Placement placementOf(Task task);
  }

  /**
   * A worker that may take the task, as read for matching: only the columns matching needs, so a
   * pass over many candidates loads no entities (and its later queries flush nothing).
   */
  private record Candidate(
      String workerSid,
      String friendlyName,
      String attributes,
      String channelSid,
      String activityName) {}

  /** The candidate as a target expression sees it (see {@link WorkerView}). */
  private Map<String, Object> view(
      Candidate candidate, Map<String, Map<String, Map<String, Object>>> channels) {
    return WorkerView.of(
        expressions.attributes(candidate.attributes()),
        candidate.workerSid(),
        candidate.friendlyName(),
        candidate.activityName(),
        channels == null ? null : channels.getOrDefault(candidate.workerSid(), Map.of()));
  }

  /**
   * Whether a locked worker meets a target's expression over {@code task.*} and {@code worker.*}.
   */
  private boolean meetsTarget(String expression, Task task, Worker worker) {
    if (expression == null || expression.isBlank()) {
      return true;
    }
    Map<String, Map<String, Object>> channels = null;
    if (WorkerView.readsChannels(expression)) {
      channels =
          channelsByWorker(task.getWorkspace().getSid(), worker.getSid())
              .getOrDefault(worker.getSid(), Map.of());
    }
    return eligibility.meetsTarget(expression, task, worker, channels);
  }

  /**
   * Every candidate of the task's queue and channel, in the target's {@code order_by} order (ties
   * longest idle first).
   */
  private List<Candidate> ranked(Task task, Placement placement) {
    OrderBy orderBy = OrderBy.parse("order_by", placement.orderBy());
    List<Candidate> all = new ArrayList<>();
    for (List<Candidate> batch = candidates(task, 0);
        !batch.isEmpty();
        batch = candidates(task, all.size())) {
      all.addAll(batch);
    }
    Map<String, Map<String, Map<String, Object>>> channels =
        orderBy.readsChannels() ? channelsByWorker(task.getWorkspace().getSid()) : Map.of();
    all.sort(
        orderBy.comparator(
            (Candidate candidate, List<String> path) ->
                path.size() == 3 && "channel".equals(path.get(0))
                    ? channels
                        .getOrDefault(candidate.workerSid(), Map.of())
                        .getOrDefault(path.get(1), Map.of())
                        .get(path.get(2))
                    : Expression.over(expressions.attributes(candidate.attributes())).apply(path)));
    return all;
  }

  /** Per worker, per channel unique name, the channel's fields (see {@link WorkerView#channel}). */
  private Map<String, Map<String, Map<String, Object>>> channelsByWorker(String workspaceSid) {
    return channelsByWorker(workspaceSid, null);
  }

  /** The same, of one worker (or of all when {@code workerSid} is null). */
  private Map<String, Map<String, Map<String, Object>>> channelsByWorker(
      String workspaceSid, String workerSid) {
    Map<String, Map<String, Map<String, Object>>> byWorker = new HashMap<>();
    for (Object[] row : workers.channelFieldsIn(workspaceSid, workerSid)) {
      byWorker
          .computeIfAbsent((String) row[0], k -> new HashMap<>())
          .put(
              (String) row[1],
              WorkerView.channel(
                  ((Number) row[2]).intValue(),
                  ((Number) row[3]).intValue(),
                  Boolean.TRUE.equals(row[4])));
    }
    return byWorker;
  }

  private List<Candidate> candidates(Task task, int offset) {
    return workers.candidatesFor(task, offset, CANDIDATE_BATCH).stream()
        .map(
            row ->
                new Candidate(
                    (String) row[0],
                    (String) row[1],
                    (String) row[2],
                    (String) row[3],
                    (String) row[4]))
        .toList();
  }

  private boolean hasRoom(Task task, Worker worker, WorkerChannel channel) {
    if (task.isIgnoreCapacity()) {
      return channel.isAvailable();
    }
    if (!channel.hasFreeCapacity()) {
      return false;
    }
    return worker.getWorkspace().isMultiTaskEnabled() || workers.tasksHeldBy(worker) == 0;
  }

  /** The workers that declined the task or let it time out; it is never offered to them again. */
  public Set<String> declinedBy(Task task) {
    return new HashSet<>(reservations.workersThatDeclined(task));
  }

  /** Whether a target naming a known worker lets this worker in (any worker if it names none). */
  public static boolean isNamedBy(Placement placement, String workerSid, String friendlyName) {
    if (placement.knownWorkerSid() != null) {
      return placement.knownWorkerSid().equals(workerSid);
    }
    if (placement.knownWorkerFriendlyName() != null) {
      return placement.knownWorkerFriendlyName().equals(friendlyName);
    }
    return true;
  }

  /**
   * Locks the worker row unless another transaction holds it (then the worker is busy), and returns
   * the worker as of the lock; null if it is held.
   */
  private Worker lockIfFree(String workerSid) {
    return workers.lockIfFree(workerSid) ? lifecycle.current(Worker.class, workerSid) : null;
  }

  Instant now() {
    return clock.instant();
  }
}
