package org.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.testing.JpaHarness.inTransaction;
import static org.switchboard.testing.JpaHarness.inject;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.application.AccountService;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationStatus;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskStatus;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.QueueOrder;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.crypto.SecretBox;
import org.switchboard.infrastructure.jpa.JpaAccountRepository;
import org.switchboard.testing.JpaHarness;
import org.switchboard.testing.JpaHarness.SettableClock;

/**
 * Upgrades lose nothing (issue 18): a database written by the oldest releases, as they wrote it in
 * plain SQL, is migrated to the newest schema, and everything is still there as the entities read
 * it: workspaces, activities, workers, tasks, reservations and events field by field; the account's
 * AuthToken, stored in plain text then, still authenticates (sealed by V15); and a task left
 * waiting is offered to the worker who is free. V1 has accounts, workspaces and activities only, so
 * the rest is written on V2's schema, the oldest that has it.
 */
class UpgradeTest {

  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final String ACCOUNT = "AC" + "a".repeat(32);
  private static final String WORKSPACE = "WS" + "1".repeat(32);
  private static final String OFFLINE = "WA" + "1".repeat(32);
  private static final String AVAILABLE = "WA" + "2".repeat(32);
  private static final String CHANNEL = "TC" + "1".repeat(32);
  private static final String FREE = "WK" + "1".repeat(32);
  private static final String BUSY = "WK" + "2".repeat(32);
  private static final String AWAY = "WK" + "3".repeat(32);
  private static final String QUEUE = "WQ" + "1".repeat(32);
  private static final String WORKFLOW = "WW" + "1".repeat(32);
  private static final String WAITING = "WT" + "1".repeat(32);
  private static final String RESERVED = "WT" + "2".repeat(32);
  private static final String COMPLETED = "WT" + "3".repeat(32);
  private static final String PENDING_OFFER = "WR" + "1".repeat(32);
  private static final String DONE_OFFER = "WR" + "2".repeat(32);

  /** When the old release wrote the rows; microseconds, as the columns keep them. */
  private static final Instant THEN = Instant.parse("2025-11-20T09:00:00.123456Z");

  private final SettableClock clock = new SettableClock(THEN.plusSeconds(3600));
  private JpaHarness db;
  private SecretBox box;

  @BeforeEach
  void oldestRelease() {
    System.setProperty("switchboard.secret.key", "k".repeat(32));
    box = SecretBox.configured();
    db = JpaHarness.startAt("1", box);
  }

  @AfterEach
  void drop() {
    db.close();
    System.clearProperty("switchboard.secret.key");
  }

  @Test
  void everythingAnOldReleaseWroteSurvivesTheUpgrade() {
    writeAsV1Did();
    db.migrate("2");
    writeAsV2Did();

    db.migrate(null);

    EntityManager em = db.entityManager();
    try {
      Workspace workspace = em.find(Workspace.class, WORKSPACE);
      assertThat(workspace.getAccountSid()).isEqualTo(ACCOUNT);
      assertThat(workspace.getFriendlyName()).isEqualTo("Support");
      assertThat(workspace.getEventCallbackUrl()).isEqualTo("https://example.com/events");
      assertThat(workspace.getEventsFilter()).isEqualTo("task.created,reservation.created");
      assertThat(workspace.isMultiTaskEnabled()).isTrue();
      assertThat(workspace.getPrioritizeQueueOrder()).isEqualTo(QueueOrder.FIFO);
      assertThat(workspace.getDefaultActivity().getSid()).isEqualTo(OFFLINE);
      assertThat(workspace.getTimeoutActivity().getSid()).isEqualTo(OFFLINE);
      assertThat(workspace.getDateCreated()).isEqualTo(THEN);
      Activity available = em.find(Activity.class, AVAILABLE);
      assertThat(available.getFriendlyName()).isEqualTo("Available");
      assertThat(available.isAvailable()).isTrue();
      assertThat(em.find(Activity.class, OFFLINE).isAvailable()).isFalse();

      Worker free = em.find(Worker.class, FREE);
      assertThat(free.getFriendlyName()).isEqualTo("free");
      assertThat(free.getAttributes()).isEqualTo("{\"skills\":[\"en\"]}");
      assertThat(free.getActivity().getSid()).isEqualTo(AVAILABLE);
      assertThat(free.isAvailable()).isTrue();
      assertThat(free.getDateStatusChanged()).isEqualTo(THEN);
      assertThat(em.find(Worker.class, BUSY).isAvailable()).isTrue();
      assertThat(em.find(Worker.class, AWAY).getActivity().getSid()).isEqualTo(OFFLINE);

      Task waiting = em.find(Task.class, WAITING);
      assertThat(waiting.getAssignmentStatus()).isEqualTo(TaskStatus.PENDING);
      assertThat(waiting.getAttributes()).isEqualTo("{\"type\":\"support\"}");
      assertThat(waiting.getPriority()).isEqualTo(5);
      assertThat(waiting.getTimeout()).isEqualTo(3600);
      assertThat(waiting.getTaskQueue().getSid()).isEqualTo(QUEUE);
      assertThat(waiting.getWorkflow().getSid()).isEqualTo(WORKFLOW);
      assertThat(waiting.getTaskChannel().getSid()).isEqualTo(CHANNEL);
      assertThat(waiting.getVirtualStartTime()).isEqualTo(THEN);
      assertThat(waiting.getTaskQueueEnteredDate()).isEqualTo(THEN);
      assertThat(waiting.getExpiresAt()).isEqualTo(THEN.plusSeconds(3600));
      assertThat(em.find(Task.class, RESERVED).getAssignmentStatus())
          .isEqualTo(TaskStatus.RESERVED);
      Task completed = em.find(Task.class, COMPLETED);
      assertThat(completed.getAssignmentStatus()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(completed.getReason()).isEqualTo("resolved");

      Reservation pending = em.find(Reservation.class, PENDING_OFFER);
      assertThat(pending.getStatus()).isEqualTo(ReservationStatus.PENDING);
      assertThat(pending.getTaskSid()).isEqualTo(RESERVED);
      assertThat(pending.getWorker().getSid()).isEqualTo(BUSY);
      assertThat(pending.getTaskQueueSid()).isEqualTo(QUEUE);
      assertThat(pending.getTimeoutAt()).isEqualTo(THEN.plusSeconds(120));
      assertThat(em.find(Reservation.class, DONE_OFFER).getStatus())
          .isEqualTo(ReservationStatus.COMPLETED);

      List<RouterEvent> events =
          em.createQuery(
                  "select e from RouterEvent e where e.workspaceSid = :ws order by e.seq",
                  RouterEvent.class)
              .setParameter("ws", WORKSPACE)
              .getResultList();
      assertThat(events)
          .extracting(
              RouterEvent::getEventType,
              RouterEvent::getResourceSid,
              RouterEvent::getTaskSid,
              RouterEvent::getReservationSid,
              RouterEvent::getDescription,
              RouterEvent::getEventData)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "task.created", WAITING, WAITING, null, "Task created", "{\"task_sid\":1}"),
              org.assertj.core.groups.Tuple.tuple(
                  "reservation.created",
                  PENDING_OFFER,
                  RESERVED,
                  PENDING_OFFER,
                  "Reservation created",
                  "{\"task_sid\":2}"),
              org.assertj.core.groups.Tuple.tuple(
                  "task.completed",
                  COMPLETED,
                  COMPLETED,
                  null,
                  "Task completed",
                  "{\"task_sid\":3}"));
      assertThat(events).allSatisfy(e -> assertThat(e.getDateCreated()).isEqualTo(THEN));

      // the AuthToken an old release stored in plain text authenticates, and only it does
      AccountService accounts =
          inject(new AccountService(), "accounts", inject(new JpaAccountRepository(), "em", em));
      assertThat(accounts.authenticate(ACCOUNT, TOKEN)).contains(ACCOUNT);
      assertThat(accounts.authenticate(ACCOUNT, "f" + TOKEN.substring(1))).isEmpty();
    } finally {
      em.close();
    }

    // and the waiting task is offered to the worker who is free, as the server's start prepares it
    try (RoutingFixture routing = new RoutingFixture(db.entityManager(), clock)) {
      inTransaction(
          routing.em,
          m ->
              routing
                  .membership
                  .staleQueues()
                  .forEach(q -> routing.membership.refreshQueue((String) q[0], (String) q[1])));
      List<Reservation> offered = new java.util.ArrayList<>();
      inTransaction(
          routing.em,
          m ->
              offered.addAll(
                  routing
                      .router
                      .offerTask(
                          routing.lifecycle.lockTask(WAITING),
                          Placement.target(
                              0, 0, QUEUE, "", null, null, null, null, null, Placement.Why.NONE))
                      .created()));
      assertThat(offered).extracting(r -> r.getWorker().getSid()).containsExactly(FREE);
    }
  }

  /**
   * The first release's rows: an account (its AuthToken in plain text), a workspace, activities.
   */
  private void writeAsV1Did() {
    db.execute(
        "insert into account (sid, friendly_name, auth_token, date_created, date_updated, version)"
            + " values (?, 'Switchboard', ?, ?, ?, 0)",
        ACCOUNT,
        TOKEN,
        at(THEN),
        at(THEN));
    db.execute(
        "insert into workspace (sid, account_sid, friendly_name, event_callback_url,"
            + " events_filter, multi_task_enabled, prioritize_queue_order, date_created,"
            + " date_updated, version) values (?, ?, 'Support', 'https://example.com/events',"
            + " 'task.created,reservation.created', true, 'FIFO', ?, ?, 0)",
        WORKSPACE,
        ACCOUNT,
        at(THEN),
        at(THEN));
    for (Object[] activity :
        new Object[][] {{OFFLINE, "Offline", false}, {AVAILABLE, "Available", true}}) {
      db.execute(
          "insert into activity (sid, workspace_sid, friendly_name, available, date_created,"
              + " date_updated, version) values (?, ?, ?, ?, ?, ?, 0)",
          activity[0],
          WORKSPACE,
          activity[1],
          activity[2],
          at(THEN),
          at(THEN));
    }
    db.execute(
        "update workspace set default_activity_sid = ?, timeout_activity_sid = ? where sid = ?",
        OFFLINE,
        OFFLINE,
        WORKSPACE);
  }

  /**
   * The second release's rows: a task channel, three workers (one free, one with a pending
   * reservation, one offline), a queue, a workflow, tasks (waiting, reserved, completed), events.
   */
  private void writeAsV2Did() {
    db.execute(
        "insert into task_channel (sid, workspace_sid, friendly_name, unique_name,"
            + " channel_optimized_routing, date_created, date_updated, version)"
            + " values (?, ?, 'Default', 'default', null, ?, ?, 0)",
        CHANNEL,
        WORKSPACE,
        at(THEN),
        at(THEN));
    worker(FREE, "free", AVAILABLE, true, 0);
    worker(BUSY, "busy", AVAILABLE, true, 1);
    worker(AWAY, "away", OFFLINE, false, 0);
    db.execute(
        "insert into task_queue (sid, workspace_sid, friendly_name, target_workers,"
            + " max_reserved_workers, task_order, date_created, date_updated, version)"
            + " values (?, ?, 'Everyone', '1==1', 1, 'FIFO', ?, ?, 0)",
        QUEUE,
        WORKSPACE,
        at(THEN),
        at(THEN));
    db.execute(
        "insert into workflow (sid, workspace_sid, friendly_name, configuration,"
            + " task_reservation_timeout, document_content_type, date_created, date_updated,"
            + " version) values (?, ?, 'Everyone', ?, 120, 'application/json', ?, ?, 0)",
        WORKFLOW,
        WORKSPACE,
        "{\"task_routing\":{\"filters\":[],\"default_filter\":{\"queue\":\"" + QUEUE + "\"}}}",
        at(THEN),
        at(THEN));
    db.execute("insert into workflow_queue values (?, ?)", WORKFLOW, QUEUE);
    task(WAITING, "PENDING", null);
    task(RESERVED, "RESERVED", null);
    task(COMPLETED, "COMPLETED", "resolved");
    reservation(PENDING_OFFER, RESERVED, BUSY, "PENDING", THEN.plusSeconds(120));
    reservation(DONE_OFFER, COMPLETED, AWAY, "COMPLETED", null);
    event("task.created", "task", WAITING, WAITING, null, "Task created", 1);
    event(
        "reservation.created",
        "reservation",
        PENDING_OFFER,
        RESERVED,
        PENDING_OFFER,
        "Reservation created",
        2);
    event("task.completed", "task", COMPLETED, COMPLETED, null, "Task completed", 3);
  }

  private void worker(String sid, String name, String activity, boolean available, int busy) {
    db.execute(
        "insert into worker (sid, workspace_sid, friendly_name, attributes, activity_sid,"
            + " available, date_status_changed, date_created, date_updated, version)"
            + " values (?, ?, ?, '{\"skills\":[\"en\"]}', ?, ?, ?, ?, ?, 0)",
        sid,
        WORKSPACE,
        name,
        activity,
        available,
        at(THEN),
        at(THEN),
        at(THEN));
    db.execute(
        "insert into worker_channel (sid, workspace_sid, worker_sid, task_channel_sid,"
            + " configured_capacity, available, assigned_tasks, idle_since, date_created,"
            + " date_updated, version) values (?, ?, ?, ?, 1, true, ?, ?, ?, ?, 0)",
        "WC" + sid.substring(2),
        WORKSPACE,
        sid,
        CHANNEL,
        busy,
        at(THEN),
        at(THEN),
        at(THEN));
  }

  private void task(String sid, String status, String reason) {
    db.execute(
        "insert into task (sid, workspace_sid, workflow_sid, task_channel_sid, task_queue_sid,"
            + " attributes, assignment_status, priority, timeout, reason, ignore_capacity,"
            + " virtual_start_time, task_queue_entered_date, routing_filter, routing_step,"
            + " expires_at, date_created, date_updated, version) values (?, ?, ?, ?, ?,"
            + " '{\"type\":\"support\"}', ?, 5, 3600, ?, false, ?, ?, -1, 0, ?, ?, ?, 0)",
        sid,
        WORKSPACE,
        WORKFLOW,
        CHANNEL,
        QUEUE,
        status,
        reason,
        at(THEN),
        at(THEN),
        at(THEN.plusSeconds(3600)),
        at(THEN),
        at(THEN));
  }

  private void reservation(
      String sid, String task, String worker, String status, Instant timeoutAt) {
    db.execute(
        "insert into reservation (sid, workspace_sid, task_sid, worker_sid, task_queue_sid,"
            + " task_channel_sid, reservation_status, timeout_at, date_created, date_updated,"
            + " version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        sid,
        WORKSPACE,
        task,
        worker,
        QUEUE,
        CHANNEL,
        status,
        timeoutAt == null ? null : at(timeoutAt),
        at(THEN),
        at(THEN));
  }

  private void event(
      String type,
      String resourceType,
      String resource,
      String task,
      String reservation,
      String description,
      int n) {
    db.execute(
        "insert into event (seq, sid, account_sid, workspace_sid, event_type, event_date,"
            + " resource_type, resource_sid, description, source, event_data, task_sid,"
            + " reservation_sid, task_queue_sid, workflow_sid, task_channel)"
            + " values (nextval('event_seq'), ?, ?, ?, ?, ?, ?, ?, ?, 'api', ?, ?, ?, ?, ?,"
            + " 'default')",
        "EV" + String.valueOf(n).repeat(32),
        ACCOUNT,
        WORKSPACE,
        type,
        at(THEN),
        resourceType,
        resource,
        description,
        "{\"task_sid\":" + n + "}",
        task,
        reservation,
        QUEUE,
        WORKFLOW);
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
