package org.switchboard.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.taskrouter.v1.Workspace;
import com.twilio.rest.taskrouter.v1.workspace.Activity;
import com.twilio.rest.taskrouter.v1.workspace.Event;
import com.twilio.rest.taskrouter.v1.workspace.Task;
import com.twilio.rest.taskrouter.v1.workspace.TaskChannel;
import com.twilio.rest.taskrouter.v1.workspace.TaskQueue;
import com.twilio.rest.taskrouter.v1.workspace.Worker;
import com.twilio.rest.taskrouter.v1.workspace.Workflow;
import com.twilio.rest.taskrouter.v1.workspace.WorkspaceCumulativeStatistics;
import com.twilio.rest.taskrouter.v1.workspace.WorkspaceRealTimeStatistics;
import com.twilio.rest.taskrouter.v1.workspace.WorkspaceStatistics;
import com.twilio.rest.taskrouter.v1.workspace.taskqueue.TaskQueueBulkRealTimeStatistics;
import com.twilio.rest.taskrouter.v1.workspace.taskqueue.TaskQueueCumulativeStatistics;
import com.twilio.rest.taskrouter.v1.workspace.taskqueue.TaskQueueRealTimeStatistics;
import com.twilio.rest.taskrouter.v1.workspace.taskqueue.TaskQueueStatistics;
import com.twilio.rest.taskrouter.v1.workspace.taskqueue.TaskQueuesStatistics;
import com.twilio.rest.taskrouter.v1.workspace.worker.WorkerChannel;
import com.twilio.rest.taskrouter.v1.workspace.worker.WorkerStatistics;
import com.twilio.rest.taskrouter.v1.workspace.worker.WorkersCumulativeStatistics;
import com.twilio.rest.taskrouter.v1.workspace.worker.WorkersRealTimeStatistics;
import com.twilio.rest.taskrouter.v1.workspace.worker.WorkersStatistics;
import com.twilio.rest.taskrouter.v1.workspace.workflow.WorkflowCumulativeStatistics;
import com.twilio.rest.taskrouter.v1.workspace.workflow.WorkflowRealTimeStatistics;
import com.twilio.rest.taskrouter.v1.workspace.workflow.WorkflowStatistics;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Eventually;

/**
 * The setup half of TaskRouter's example flow, run by an unmodified twilio-java client pointed at
 * Switchboard: workspace, activities, workers, queue, workflow and tasks are created, read, listed
 * with filters, updated and deleted through the SDK's resource classes, and every answer is checked
 * on the objects the SDK parsed.
 */
@ExtendWith(ArquillianExtension.class)
class TwilioSdkIT {

  private final TwilioRestClient client =
      new TwilioRestClient.Builder(
              Api.accountSid(), System.getProperty("switchboard.it.auth.token"))
          .httpClient(new TaskRouterBaseUrl(Api.root()))
          .build();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void runsTheSetupOfTheSeedFlow() {
    // a workspace
    String name = "sdk-" + UUID.randomUUID().toString().substring(0, 8);
    Workspace workspace =
        Workspace.creator(name)
            .setEventCallbackUrl("http://127.0.0.1:9/events")
            .setPrioritizeQueueOrder(Workspace.QueueOrder.FIFO)
            .create(client);
    String ws = workspace.getSid();
    assertThat(ws).matches("WS[0-9a-f]{32}");
    assertThat(workspace.getFriendlyName()).isEqualTo(name);
    assertThat(workspace.getAccountSid()).isEqualTo(Api.accountSid());
    assertThat(workspace.getDefaultActivityName()).isEqualTo("Offline");
    assertThat(workspace.getEventCallbackUrl()).hasToString("http://127.0.0.1:9/events");
    assertThat(workspace.getMultiTaskEnabled()).isTrue();
    assertThat(workspace.getPrioritizeQueueOrder()).isEqualTo(Workspace.QueueOrder.FIFO);
    assertThat(workspace.getDateCreated()).isNotNull();
    assertThat(workspace.getUrl()).hasToString(Api.root() + "/v1/Workspaces/" + ws);
    assertThat(workspace.getLinks()).containsKeys("workers", "task_queues", "activities");
    assertThat(Workspace.fetcher(ws).fetch(client).getFriendlyName()).isEqualTo(name);
    assertThat(Workspace.reader().setFriendlyName(name).read(client))
        .extracting(Workspace::getSid)
        .containsExactly(ws);

    // activities: the defaults and one of our own
    Activity lunch = Activity.creator(ws, "Lunch").setAvailable(false).create(client);
    assertThat(lunch.getSid()).matches("WA[0-9a-f]{32}");
    assertThat(lunch.getAvailable()).isFalse();
    assertThat(lunch.getDateCreated()).isNotNull();
    Activity available = only(Activity.reader(ws).setFriendlyName("Available").read(client));
    assertThat(available.getAvailable()).isTrue();
    assertThat(Activity.reader(ws).setPageSize(1L).read(client))
        .extracting(Activity::getFriendlyName)
        .containsExactly("Offline", "Available", "Unavailable", "Lunch");
    assertThat(Activity.updater(ws, lunch.getSid()).setFriendlyName("Break").update(client))
        .extracting(Activity::getFriendlyName)
        .isEqualTo("Break");

    // workers, all offline
    Worker alice =
        Worker.creator(ws, "alice")
            .setAttributes("{\"skills\":[\"support\"],\"level\":3}")
            .create(client);
    Worker bob =
        Worker.creator(ws, "bob")
            .setAttributes("{\"skills\":[\"sales\"],\"level\":1}")
            .create(client);
    assertThat(alice.getSid()).matches("WK[0-9a-f]{32}");
    assertThat(alice.getActivityName()).isEqualTo("Offline");
    assertThat(alice.getAvailable()).isFalse();
    assertThat(alice.getAttributes()).isEqualTo("{\"skills\":[\"support\"],\"level\":3}");
    assertThat(alice.getDateStatusChanged()).isNotNull();
    assertThat(alice.getLinks()).containsKeys("channels", "reservations");
    Worker fetched = Worker.fetcher(ws, alice.getSid()).fetch(client);
    assertThat(fetched.getFriendlyName()).isEqualTo("alice");

    // a queue of the support staff and a workflow into it
    TaskQueue queue =
        TaskQueue.creator(ws, "Support")
            .setTargetWorkers("skills HAS 'support'")
            .setMaxReservedWorkers(2)
            .setTaskOrder(TaskQueue.TaskOrder.FIFO)
            .create(client);
    assertThat(queue.getSid()).matches("WQ[0-9a-f]{32}");
    assertThat(queue.getTargetWorkers()).isEqualTo("skills HAS 'support'");
    assertThat(queue.getMaxReservedWorkers()).isEqualTo(2);
    assertThat(queue.getTaskOrder()).isEqualTo(TaskQueue.TaskOrder.FIFO);
    assertThat(TaskQueue.reader(ws).setWorkerSid(alice.getSid()).read(client))
        .extracting(TaskQueue::getSid)
        .containsExactly(queue.getSid());
    String configuration =
        "{\"task_routing\":{\"filters\":[],\"default_filter\":{\"queue\":\""
            + queue.getSid()
            + "\"}}}";
    Workflow workflow =
        Workflow.creator(ws, "Main", configuration).setTaskReservationTimeout(60).create(client);
    assertThat(workflow.getSid()).matches("WW[0-9a-f]{32}");
    assertThat(workflow.getConfiguration()).isEqualTo(configuration);
    assertThat(workflow.getTaskReservationTimeout()).isEqualTo(60);
    assertThat(Workflow.reader(ws).setFriendlyName("Main").read(client))
        .extracting(Workflow::getSid)
        .containsExactly(workflow.getSid());

    // tasks wait in the queue while nobody is available
    Task first =
        Task.creator(ws)
            .setWorkflowSid(workflow.getSid())
            .setAttributes("{\"type\":\"support\"}")
            .setPriority(2)
            .create(client);
    Task second =
        Task.creator(ws)
            .setWorkflowSid(workflow.getSid())
            .setAttributes("{\"type\":\"billing\"}")
            .setTaskChannel("chat")
            .create(client);
    assertThat(first.getSid()).matches("WT[0-9a-f]{32}");
    assertThat(first.getAssignmentStatus()).isEqualTo(Task.Status.PENDING);
    assertThat(first.getPriority()).isEqualTo(2);
    assertThat(first.getWorkflowSid()).isEqualTo(workflow.getSid());
    assertThat(first.getDateCreated()).isNotNull();
    assertThat(first.getAge()).isNotNegative();
    assertThat(second.getTaskChannelUniqueName()).isEqualTo("chat");
    Task queued =
        Eventually.until(
            () -> Task.fetcher(ws, first.getSid()).fetch(client),
            t -> queue.getSid().equals(t.getTaskQueueSid()),
            "in the queue");
    assertThat(queued.getTaskQueueFriendlyName()).isEqualTo("Support");
    assertThat(queued.getTaskQueueEnteredDate()).isNotNull();

    // lists with filters, a page at a time
    assertThat(Task.reader(ws).setAssignmentStatus(List.of("pending")).setPageSize(1L).read(client))
        .extracting(Task::getSid)
        .containsExactly(first.getSid(), second.getSid());
    assertThat(Task.reader(ws).setEvaluateTaskAttributes("type == 'billing'").read(client))
        .extracting(Task::getSid)
        .containsExactly(second.getSid());
    assertThat(Task.reader(ws).setOrdering("Priority:desc").read(client))
        .extracting(Task::getSid)
        .containsExactly(first.getSid(), second.getSid());
    assertThat(Worker.reader(ws).setTargetWorkersExpression("level > 2").read(client))
        .extracting(Worker::getSid)
        .containsExactly(alice.getSid());
    assertThat(Worker.reader(ws).setTaskQueueSid(queue.getSid()).read(client))
        .extracting(Worker::getSid)
        .containsExactly(alice.getSid());
    assertThat(Worker.reader(ws).setActivityName("Offline").setPageSize(1L).read(client))
        .extracting(Worker::getSid)
        .containsExactly(alice.getSid(), bob.getSid());

    // updates
    Worker availableAlice =
        Worker.updater(ws, alice.getSid()).setActivitySid(available.getSid()).update(client);
    assertThat(availableAlice.getActivityName()).isEqualTo("Available");
    assertThat(availableAlice.getAvailable()).isTrue();
    assertThat(Worker.reader(ws).setAvailable("true").read(client))
        .extracting(Worker::getSid)
        .containsExactly(alice.getSid());
    Task canceled =
        Task.updater(ws, second.getSid())
            .setAssignmentStatus(Task.Status.CANCELED)
            .setReason("duplicate")
            .update(client);
    assertThat(canceled.getAssignmentStatus()).isEqualTo(Task.Status.CANCELED);
    assertThat(canceled.getReason()).isEqualTo("duplicate");

    // errors reach the SDK as its usual exception
    assertThatThrownBy(() -> Worker.creator(ws, "carol").setAttributes("{oops").create(client))
        .isInstanceOf(ApiException.class)
        .satisfies(
            e -> {
              assertThat(((ApiException) e).getStatusCode()).isEqualTo(400);
              assertThat(((ApiException) e).getCode()).isEqualTo(20001);
              assertThat(e.getMessage()).contains("Attributes");
            });

    // deletes
    assertThat(Task.deleter(ws, second.getSid()).delete(client)).isTrue();
    assertThat(Worker.deleter(ws, bob.getSid()).delete(client)).isTrue();
    assertThatThrownBy(() -> Worker.fetcher(ws, bob.getSid()).fetch(client))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).getStatusCode()).isEqualTo(404));
    assertThat(Workspace.deleter(ws).delete(client)).isTrue();
  }

  @Test
  void answersReservationsAndReadsChannelsEventsAndStatistics() {
    // given a workspace, a worker, a queue and a workflow made through the SDK
    String ws = Workspace.creator("sdk-routing").create(client).getSid();
    String available = only(Activity.reader(ws).setFriendlyName("Available").read(client)).getSid();
    String alice = Worker.creator(ws, "alice").setAttributes("{}").create(client).getSid();
    String queue = TaskQueue.creator(ws, "All").setTargetWorkers("1==1").create(client).getSid();
    String workflow =
        Workflow.creator(
                ws, "Main", "{\"task_routing\":{\"default_filter\":{\"queue\":\"" + queue + "\"}}}")
            .create(client)
            .getSid();

    // task channels and the worker's channels
    TaskChannel social = TaskChannel.creator(ws, "Social", "social").create(client);
    assertThat(social.getSid()).matches("TC[0-9a-f]{32}");
    assertThat(social.getUniqueName()).isEqualTo("social");
    assertThat(social.getChannelOptimizedRouting()).isFalse();
    assertThat(TaskChannel.reader(ws).read(client))
        .extracting(TaskChannel::getUniqueName)
        .containsExactly("default", "voice", "chat", "sms", "video", "email", "social");
    assertThat(TaskChannel.fetcher(ws, "social").fetch(client).getSid()).isEqualTo(social.getSid());
    WorkerChannel chat = WorkerChannel.fetcher(ws, alice, "chat").fetch(client);
    assertThat(chat.getConfiguredCapacity()).isEqualTo(1);
    assertThat(chat.getAvailableCapacityPercentage()).isEqualTo(100);
    assertThat(
            WorkerChannel.updater(ws, alice, chat.getSid())
                .setCapacity(4)
                .update(client)
                .getConfiguredCapacity())
        .isEqualTo(4);
    assertThat(WorkerChannel.reader(ws, alice).read(client)).hasSize(7);

    // a task offered to alice, seen from the task and from the worker
    String task = Task.creator(ws).setWorkflowSid(workflow).create(client).getSid();
    Worker.updater(ws, alice).setActivitySid(available).update(client);
    com.twilio.rest.taskrouter.v1.workspace.task.Reservation offered =
        Eventually.until(
                () ->
                    StreamSupport.stream(
                            com.twilio.rest.taskrouter.v1.workspace.task.Reservation.reader(
                                    ws, task)
                                .read(client)
                                .spliterator(),
                            false)
                        .toList(),
                r -> !r.isEmpty(),
                "offered")
            .get(0);
    assertThat(offered.getReservationStatus())
        .isEqualTo(com.twilio.rest.taskrouter.v1.workspace.task.Reservation.Status.PENDING);
    assertThat(offered.getWorkerSid()).isEqualTo(alice);
    assertThat(offered.getWorkerName()).isEqualTo("alice");
    assertThat(offered.getDateCreated()).isNotNull();
    com.twilio.rest.taskrouter.v1.workspace.worker.Reservation accepted =
        com.twilio.rest.taskrouter.v1.workspace.worker.Reservation.updater(
                ws, alice, offered.getSid())
            .setReservationStatus(
                com.twilio.rest.taskrouter.v1.workspace.worker.Reservation.Status.ACCEPTED)
            .update(client);
    assertThat(accepted.getReservationStatus())
        .isEqualTo(com.twilio.rest.taskrouter.v1.workspace.worker.Reservation.Status.ACCEPTED);
    assertThat(Task.fetcher(ws, task).fetch(client).getAssignmentStatus())
        .isEqualTo(Task.Status.ASSIGNED);

    // events
    List<Event> events = list(Event.reader(ws).setTaskSid(task).read(client));
    assertThat(events)
        .extracting(Event::getEventType)
        .contains("task.created", "reservation.created", "reservation.accepted");
    Event first = events.get(0);
    assertThat(first.getEventDate()).isNotNull();
    assertThat(first.getEventDateMs()).isPositive();
    assertThat(first.getEventData()).isNotNull();
    assertThat(Event.fetcher(ws, first.getSid()).fetch(client).getEventType())
        .isEqualTo(first.getEventType());

    // statistics
    WorkspaceRealTimeStatistics realtime = WorkspaceRealTimeStatistics.fetcher(ws).fetch(client);
    assertThat(realtime.getTotalTasks()).isEqualTo(1);
    assertThat(realtime.getTotalWorkers()).isEqualTo(1);
    WorkspaceCumulativeStatistics cumulative =
        WorkspaceCumulativeStatistics.fetcher(ws).fetch(client);
    assertThat(cumulative.getTasksCreated()).isEqualTo(1);
    assertThat(cumulative.getReservationsAccepted()).isEqualTo(1);
    assertThat(cumulative.getStartTime()).isBefore(cumulative.getEndTime());
    assertThat(WorkspaceStatistics.fetcher(ws).fetch(client).getRealtime()).isNotNull();
    TaskQueueCumulativeStatistics ofQueue =
        TaskQueueCumulativeStatistics.fetcher(ws, queue).fetch(client);
    assertThat(ofQueue.getTasksEntered()).isEqualTo(1);
    assertThat(ofQueue.getStartTime()).isNotNull();
    assertThat(TaskQueueRealTimeStatistics.fetcher(ws, queue).fetch(client).getTotalTasks())
        .isEqualTo(1);
    assertThat(TaskQueueStatistics.fetcher(ws, queue).fetch(client).getCumulative()).isNotNull();
    assertThat(TaskQueuesStatistics.reader(ws).read(client))
        .extracting(TaskQueuesStatistics::getTaskQueueSid)
        .containsExactly(queue);
    TaskQueueBulkRealTimeStatistics bulk =
        TaskQueueBulkRealTimeStatistics.creator(ws)
            .setBody(java.util.Map.of("QueueSids", List.of(queue)))
            .create(client);
    assertThat(bulk.getTaskQueueResponseCount()).isEqualTo(1);
    assertThat(bulk.getTaskQueueData()).hasSize(1);
    assertThat(WorkflowCumulativeStatistics.fetcher(ws, workflow).fetch(client).getTasksEntered())
        .isEqualTo(1);
    assertThat(WorkflowRealTimeStatistics.fetcher(ws, workflow).fetch(client).getTotalTasks())
        .isEqualTo(1);
    assertThat(WorkflowStatistics.fetcher(ws, workflow).fetch(client).getRealtime()).isNotNull();
    assertThat(WorkersRealTimeStatistics.fetcher(ws).fetch(client).getTotalWorkers()).isEqualTo(1);
    assertThat(WorkersCumulativeStatistics.fetcher(ws).fetch(client).getReservationsAccepted())
        .isEqualTo(1);
    assertThat(WorkersStatistics.fetcher(ws).fetch(client).getRealtime()).isNotNull();
    assertThat(WorkerStatistics.fetcher(ws, alice).fetch(client).getCumulative()).isNotNull();
  }

  private static <T> List<T> list(Iterable<T> items) {
    return StreamSupport.stream(items.spliterator(), false).toList();
  }

  private static <T> T only(Iterable<T> items) {
    List<T> list = StreamSupport.stream(items.spliterator(), false).toList();
    assertThat(list).hasSize(1);
    return list.get(0);
  }
}
