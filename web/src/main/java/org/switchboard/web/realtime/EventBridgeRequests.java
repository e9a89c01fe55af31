package org.switchboard.web.realtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.switchboard.application.ActivityService;
import org.switchboard.application.CallService;
import org.switchboard.application.ReservationService;
import org.switchboard.application.ReservationService.Owner;
import org.switchboard.application.ReservationUpdate;
import org.switchboard.application.TaskService;
import org.switchboard.application.TransferService;
import org.switchboard.application.WorkerService;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.shared.ForbiddenException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.web.api.ApiFormat;
import org.switchboard.web.realtime.AccessTokens.Verified;

/**
 * The requests the SDK sends to {@code ebServer}: each is a TaskRouter URL under the token's
 * workspace with a method and parameters, answered by the same application services as the REST
 * API, in one transaction, with the SDK's payload shapes. A worker's token addresses only its own
 * worker, its reservations and the tasks it holds a reservation of; a supervisor's token only
 * reads.
 */
@ApplicationScoped
@Transactional
public class EventBridgeRequests {

  private static final String SID = "[0-9a-f]{32}";
  private static final Pattern WORKSPACE =
      Pattern.compile("^/?(?:v1/)?Workspaces/(WS" + SID + ")/(.+?)/?$");
  private static final Pattern ACTIVITIES = Pattern.compile("Activities");
  private static final Pattern WORKER = Pattern.compile("Workers/(WK" + SID + ")");
  private static final Pattern CHANNELS =
      Pattern.compile("Workers/(WK" + SID + ")/(?:Worker)?Channels");
  private static final Pattern WORKER_RESERVATIONS =
      Pattern.compile("Workers/(WK" + SID + ")/Reservations");
  private static final Pattern WORKER_RESERVATION =
      Pattern.compile("Workers/(WK" + SID + ")/Reservations/(WR" + SID + ")");
  private static final Pattern TASKS = Pattern.compile("Tasks");
  private static final Pattern TASK = Pattern.compile("Tasks/(WT" + SID + ")");
  private static final Pattern TASK_RESERVATION =
      Pattern.compile("Tasks/(WT" + SID + ")/Reservations/(WR" + SID + ")");
  private static final Pattern TRANSFERS = Pattern.compile("Workers/(WK" + SID + ")/Transfers");
  private static final Pattern TRANSFER =
      Pattern.compile("Workers/(WK" + SID + ")/Transfers/(TT" + SID + ")");
  private static final Pattern CUSTOMER_PARTICIPANT =
      Pattern.compile("Workers/(WK" + SID + ")/CustomerParticipant");
  private static final int ALL = PageRequest.MAX_PAGE_SIZE;

  @Inject private WorkerService workers;
  @Inject private ActivityService activities;
  @Inject private ReservationService reservations;
  @Inject private TaskService tasks;
  @Inject private CallService calls;
  @Inject private TransferService transfers;
  @Inject private Clock clock;

  /** One EB request: {@code method} is GET or POST, {@code url} a TaskRouter path. */
  public record Call(
      Verified token, String method, String url, Map<String, String> params, String ifMatch) {}

  /**
   * @throws NotFoundException for a URL the bridge does not serve
   * @throws MethodNotAllowed for a method the URL does not take
   * @throws ForbiddenException for a URL outside what the token grants
   */
  public JsonObject handle(Call call) {
    Matcher ws = WORKSPACE.matcher(call.url() == null ? "" : call.url());
    if (!ws.matches()) {
      throw unknown(call.url());
    }
    if (!ws.group(1).equals(call.token().workspaceSid())) {
      throw new ForbiddenException("The token is for another workspace");
    }
    boolean post = "POST".equals(call.method());
    if (post && !call.token().isWorker()) {
      throw new ForbiddenException("A supervisor's token may only read");
    }
    String rest = ws.group(2);
    Instant now = clock.instant();
    Matcher m;
    if ((m = ACTIVITIES.matcher(rest)).matches()) {
      requireGet(call);
      return Payloads.list(
          activities
              .list(account(call), workspace(call), null, null, new PageRequest(0, ALL, null))
              .items()
              .stream()
              .map(Payloads::activity)
              .toList());
    }
    if ((m = WORKER.matcher(rest)).matches()) {
      String worker = ownWorker(call, m.group(1));
      return Payloads.worker(post ? updateWorker(call, worker) : getWorker(call, worker));
    }
    if ((m = CHANNELS.matcher(rest)).matches()) {
      requireGet(call);
      String worker = ownWorker(call, m.group(1));
      return Payloads.list(
          workers.channels(account(call), workspace(call), worker).stream()
              .map(Payloads::channel)
              .toList());
    }
    if ((m = WORKER_RESERVATIONS.matcher(rest)).matches()) {
      requireGet(call);
      String worker = ownWorker(call, m.group(1));
      return Payloads.list(
          reservationsOf(call, worker).stream().map(r -> payload(r, now)).toList());
    }
    if ((m = WORKER_RESERVATION.matcher(rest)).matches()) {
      String worker = ownWorker(call, m.group(1));
      return answer(call, reservation(call, Owner.WORKER, worker, m.group(2)), now);
    }
    if ((m = TASK_RESERVATION.matcher(rest)).matches()) {
      String task = heldTask(call, m.group(1));
      Reservation r =
          reservations.get(account(call), workspace(call), Owner.TASK, task, m.group(2));
      if (call.token().isWorker()) {
        ownWorker(call, r.getWorker().getSid());
      }
      return answer(call, reservation(call, Owner.TASK, task, m.group(2)), now);
    }
    if ((m = TASK.matcher(rest)).matches()) {
      String task = heldTask(call, m.group(1));
      return Payloads.task(
          post
              ? tasks.update(
                  account(call), workspace(call), task, taskSettings(call, false), call.ifMatch())
              : tasks.get(account(call), workspace(call), task),
          now);
    }
    if ((m = CUSTOMER_PARTICIPANT.matcher(rest)).matches()) {
      // the SDK's task.updateParticipant({hold}): the caller on hold, or back
      if (!post) {
        throw new MethodNotAllowed();
      }
      ownWorker(call, m.group(1));
      String task = heldTask(call, required(call.params(), "TaskSid"));
      Boolean hold = ApiFormat.bool("Hold", required(call.params(), "Hold"));
      return Payloads.task(calls.hold(account(call), workspace(call), task, hold), now);
    }
    if ((m = TRANSFERS.matcher(rest)).matches()) {
      // the SDK's task.transfer(to, {mode, attributes, priority})
      if (!post) {
        throw new MethodNotAllowed();
      }
      String worker = ownWorker(call, m.group(1));
      Map<String, String> p = call.params();
      String task = heldTask(call, required(p, "TaskSid"));
      return Payloads.transfer(
          transfers.initiate(
              account(call),
              workspace(call),
              new TransferService.Initiation(
                  task,
                  p.get("ReservationSid"),
                  worker,
                  required(p, "To"),
                  p.get("Mode"),
                  p.get("Attributes"),
                  ApiFormat.integer("Priority", p.get("Priority")))));
    }
    if ((m = TRANSFER.matcher(rest)).matches()) {
      // the SDK's outgoingTransfer.cancel()
      if (!post) {
        throw new MethodNotAllowed();
      }
      String worker = ownWorker(call, m.group(1));
      Map<String, String> p = call.params();
      String task = heldTask(call, required(p, "TaskSid"));
      return Payloads.transfer(
          transfers.update(
              account(call), workspace(call), task, m.group(2), p.get("TransferStatus"), worker));
    }
    if ((m = TASKS.matcher(rest)).matches()) {
      if (!post) {
        throw new MethodNotAllowed();
      }
      return Payloads.task(
          tasks.create(account(call), workspace(call), taskSettings(call, true)), now);
    }
    throw unknown(call.url());
  }

  /**
   * A reservation as one request answers it: after a POST without the transfers, as Twilio's API
   * answers (the SDK reads a POST's answer ignoring its task, and would fail on a transfer there).
   */
  private JsonObject answer(Call call, Reservation r, Instant now) {
    return "POST".equals(call.method()) ? Payloads.reservation(r, now) : payload(r, now);
  }

  /** A reservation's payload, with the transfers the SDK reads on it. */
  private JsonObject payload(Reservation r, Instant now) {
    boolean held =
        r.getStatus() == ReservationStatus.ACCEPTED || r.getStatus() == ReservationStatus.WRAPPING;
    return Payloads.reservation(
        r,
        now,
        r.getTask().getRoutingTarget() == null ? null : transfers.carriedBy(r.getTaskSid()),
        held ? transfers.active(r.getTaskSid()) : null);
  }

  /**
   * Moves a worker whose last connection went away to the workspace's offline activity (the
   * unavailable activity named Offline, else the first unavailable one), rejecting its pending
   * reservations so their tasks are offered to others. A worker already unavailable stays as it is.
   */
  public void moveOffline(String accountSid, String workspaceSid, String workerSid) {
    Worker worker;
    try {
      worker = workers.get(accountSid, workspaceSid, workerSid);
    } catch (NotFoundException e) {
      return; // deleted meanwhile
    }
    if (!worker.isAvailable()) {
      return;
    }
    List<Activity> unavailable =
        activities
            .list(accountSid, workspaceSid, null, Boolean.FALSE, new PageRequest(0, ALL, null))
            .items();
    unavailable.stream()
        .filter(a -> "Offline".equals(a.getFriendlyName()))
        .findFirst()
        .or(() -> unavailable.stream().findFirst())
        .ifPresent(
            offline ->
                workers.update(
                    accountSid, workspaceSid, workerSid, offline.getSid(), null, null, true, null));
  }

  private Worker getWorker(Call call, String worker) {
    return workers.get(account(call), workspace(call), worker);
  }

  private Worker updateWorker(Call call, String worker) {
    Map<String, String> p = call.params();
    return workers.update(
        account(call),
        workspace(call),
        worker,
        p.get("ActivitySid"),
        p.get("Attributes"),
        p.get("FriendlyName"),
        Boolean.TRUE.equals(
            ApiFormat.bool("RejectPendingReservations", p.get("RejectPendingReservations"))),
        call.ifMatch());
  }

  private Reservation reservation(Call call, Owner owner, String ownerSid, String sid) {
    if (!"POST".equals(call.method())) {
      return reservations.get(account(call), workspace(call), owner, ownerSid, sid);
    }
    Map<String, String> others = new LinkedHashMap<>(call.params());
    String status = others.remove("ReservationStatus");
    String instruction = others.remove("Instruction");
    String activity = others.remove("WorkerActivitySid");
    return reservations.update(
        account(call),
        workspace(call),
        owner,
        ownerSid,
        sid,
        new ReservationUpdate(status, instruction, activity, others, call.ifMatch()));
  }

  private List<Reservation> reservationsOf(Call call, String worker) {
    boolean active = Boolean.TRUE.equals(ApiFormat.bool("Active", call.params().get("Active")));
    List<String> statuses =
        active
            ? List.of("pending", "accepted", "wrapping")
            : java.util.Collections.singletonList(null);
    List<Reservation> found = new ArrayList<>();
    for (String status : statuses) {
      found.addAll(
          reservations
              .list(
                  account(call),
                  workspace(call),
                  Owner.WORKER,
                  worker,
                  status,
                  null,
                  new PageRequest(0, ALL, null))
              .items());
    }
    return found;
  }

  private TaskService.Settings taskSettings(Call call, boolean create) {
    Map<String, String> p = call.params();
    return new TaskService.Settings(
        create ? required(p, "WorkflowSid") : null,
        p.get("Attributes"),
        ApiFormat.integer("Priority", p.get("Priority")),
        ApiFormat.integer("Timeout", p.get("Timeout")),
        p.get("TaskChannel"),
        create ? p.get("RoutingTarget") : null,
        create ? ApiFormat.bool("IgnoreCapacity", p.get("IgnoreCapacity")) : null,
        ApiFormat.instant("VirtualStartTime", p.get("VirtualStartTime")),
        create ? null : p.get("AssignmentStatus"),
        create ? null : p.get("Reason"));
  }

  /** The worker a URL addresses, if the token may address it. */
  private static String ownWorker(Call call, String worker) {
    if (call.token().isWorker() && !worker.equals(call.token().workerSid())) {
      throw new ForbiddenException("A worker's token may only address its own worker");
    }
    return worker;
  }

  /** The task a URL addresses, if the token's worker holds (or held) a reservation of it. */
  private String heldTask(Call call, String task) {
    if (call.token().isWorker()
        && reservations
            .list(
                account(call),
                workspace(call),
                Owner.TASK,
                task,
                null,
                call.token().workerSid(),
                new PageRequest(0, 1, null))
            .items()
            .isEmpty()) {
      throw new ForbiddenException(
          "A worker's token may only address tasks it holds a reservation of");
    }
    return task;
  }

  private static void requireGet(Call call) {
    if (!"GET".equals(call.method())) {
      throw new MethodNotAllowed();
    }
  }

  private static String required(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      throw InvalidParameterException.required(name);
    }
    return value;
  }

  private static String account(Call call) {
    return call.token().accountSid();
  }

  private static String workspace(Call call) {
    return call.token().workspaceSid();
  }

  private static NotFoundException unknown(String url) {
    return new NotFoundException("The requested resource " + url + " was not found");
  }

  /** The URL exists but does not take this method (answered 405, Twilio code 20004). */
  public static class MethodNotAllowed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MethodNotAllowed() {
      super("Method not allowed");
    }
  }
}
