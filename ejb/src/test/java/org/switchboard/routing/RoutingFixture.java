package org.switchboard.routing;

import static org.switchboard.testing.JpaHarness.inTransaction;
import static org.switchboard.testing.JpaHarness.inject;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Set;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.reservation.Reservation;
import org.switchboard.domain.reservation.ReservationRepository;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.task.TaskRepository;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.taskqueue.TaskQueueRepository;
import org.switchboard.domain.worker.Worker;
import org.switchboard.domain.worker.WorkerChannel;
import org.switchboard.domain.worker.WorkerRepository;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.DatabaseKind;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.testing.JpaHarness;
import org.switchboard.testing.JpaHarness.Recorded;
import org.switchboard.testing.JpaHarness.SettableClock;

/**
 * A workspace with a queue for everyone and a task waiting in it, on a {@link JpaHarness} database
 * (or no rows at all, for a test that brings its own), and the routing core's beans wired as the
 * container would: {@link ReservationLifecycle}, {@link Router}, {@link QueueMembership}, all
 * reading the test's clock.
 */
public final class RoutingFixture implements AutoCloseable {

  public final SettableClock clock;
  final Recorded<RouterEvent> recorded = new Recorded<>();
  public final EntityManager em;
  final ReservationLifecycle lifecycle;
  final Router router;
  final QueueMembership membership;
  final WorkerRepository workers;

  public Workspace workspace;
  Activity available;
  Activity timedOut;
  public TaskChannel channel;
  public TaskQueue queue;
  public Workflow workflow;
  public Task task;

  public RoutingFixture(JpaHarness db, SettableClock clock) {
    this(db.entityManager(), clock);
    inTransaction(
        em,
        m -> {
          var now = clock.instant();
          // a plain row: the Account entity's AuthToken converter needs the server's secret key
          String accountSid = Sid.ACCOUNT.generate();
          m.createNativeQuery(
                  "insert into account (sid, friendly_name, auth_token, date_created,"
                      + " date_updated, version) values (?1, 'test', 'unused', ?2, ?2, 0)")
              .setParameter(1, accountSid)
              .setParameter(2, java.sql.Timestamp.from(now))
              .executeUpdate();
          workspace = new Workspace(accountSid, "routing", now);
          m.persist(workspace);
          available = new Activity(workspace, "Available", true, now);
          timedOut = new Activity(workspace, "Missed", false, now);
          m.persist(available);
          m.persist(timedOut);
          workspace.changeDefaultActivity(available, now);
          workspace.changeTimeoutActivity(timedOut, now);
          channel = new TaskChannel(workspace, "Default", "default", null, now);
          m.persist(channel);
          queue = new TaskQueue(workspace, "Everyone", now);
          m.persist(queue);
          workflow = new Workflow(workspace, "flow", "{}", Set.of(queue.getSid()), now);
          m.persist(workflow);
          task = new Task(workspace, workflow, channel, "{}", 0, 3600, now);
          task.routeTo(queue, 0, 0, null, null, now);
          m.persist(task);
        });
  }

  /** The routing core's beans on {@code em}, with no rows of their own (the test brings them). */
  RoutingFixture(EntityManager em, SettableClock clock) {
    this.clock = clock;
    this.em = em;
    JpaEventStore events = inject(inject(new JpaEventStore(), "em", em), "recorded", recorded);
    DatabaseKind postgres = inject(new DatabaseKind(), "postgres", Boolean.TRUE);
    ReservationRepository reservations = inject(new ReservationRepository(), "em", em);
    workers = inject(inject(new WorkerRepository(), "em", em), "database", postgres);
    TaskRepository tasks = inject(inject(new TaskRepository(), "em", em), "database", postgres);
    Expressions expressions = inject(new CompiledExpressions(), "clock", clock);
    lifecycle =
        inject(
            inject(inject(new ReservationLifecycle(), "em", em), "events", events), "clock", clock);
    inject(lifecycle, "reservations", reservations);
    inject(lifecycle, "workers", workers);
    inject(lifecycle, "tasks", tasks);
    router = new Router();
    inject(router, "lifecycle", lifecycle);
    inject(router, "reservations", reservations);
    inject(router, "workers", workers);
    inject(router, "tasks", tasks);
    inject(router, "clock", clock);
    inject(router, "expressions", expressions);
    inject(router, "eligibility", inject(new AttributeEligibility(), "expressions", expressions));
    inject(router, "database", postgres);
    membership = new QueueMembership();
    inject(membership, "em", em);
    inject(membership, "database", postgres);
    inject(membership, "workers", workers);
    inject(membership, "queues", inject(new TaskQueueRepository(), "em", em));
    inject(membership, "expressions", expressions);
  }

  /** An available worker with one unit of capacity, idle from now, a member of the queue. */
  public Worker worker(String name) {
    return worker(name, "{}");
  }

  /** An available worker with these attributes and one unit of capacity, a member of the queue. */
  public Worker worker(String name, String attributes) {
    Worker[] created = new Worker[1];
    inTransaction(
        em,
        m -> {
          Worker worker = new Worker(workspace, name, attributes, available, clock.instant());
          m.persist(worker);
          m.persist(new WorkerChannel(worker, channel, clock.instant()));
          m.flush();
          membership.refreshQueue(workspace.getSid(), queue.getSid());
          created[0] = worker;
        });
    return created[0];
  }

  /** A second task channel of the workspace, for which workers get a channel of their own. */
  TaskChannel taskChannel(String uniqueName) {
    TaskChannel[] created = new TaskChannel[1];
    inTransaction(
        em,
        m -> {
          created[0] = new TaskChannel(workspace, uniqueName, uniqueName, null, clock.instant());
          m.persist(created[0]);
        });
    return created[0];
  }

  /** Another task waiting in the queue, created now. */
  Task waitingTask() {
    Task[] created = new Task[1];
    inTransaction(
        em,
        m -> {
          created[0] = new Task(workspace, workflow, channel, "{}", 0, 3600, clock.instant());
          created[0].routeTo(queue, 0, 0, null, null, clock.instant());
          m.persist(created[0]);
        });
    return created[0];
  }

  /** Gives the worker a channel (one unit of capacity, available) of this task channel. */
  void join(Worker worker, TaskChannel taskChannel) {
    inTransaction(
        em, m -> m.persist(new WorkerChannel(m.merge(worker), taskChannel, clock.instant())));
  }

  /** Offers the task to this worker, as a routing pass that chose it would. */
  Reservation offer(Worker worker, int timeoutSeconds) {
    Reservation[] offered = new Reservation[1];
    inTransaction(
        em,
        m -> {
          Task locked = lifecycle.lockTask(task.getSid());
          Worker w = lifecycle.lockWorker(worker);
          offered[0] =
              lifecycle.offer(locked, w, lifecycle.channelOf(w, channel.getSid()), timeoutSeconds);
        });
    return offered[0];
  }

  WorkerChannel channelOf(Worker worker) {
    return lifecycle.channelOf(worker, channel.getSid());
  }

  List<EventType> types() {
    return recorded.fired.stream().map(RouterEvent::type).toList();
  }

  @Override
  public void close() {
    em.close();
  }
}
