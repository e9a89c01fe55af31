package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.switchboard.domain.event.EventRepository;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.ruleset.RuleSet;
import org.switchboard.domain.ruleset.RuleSetVersion;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.taskqueue.TaskQueueRepository;
import org.switchboard.domain.worker.WorkerRepository;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.domain.workflow.WorkflowRepository;
import org.switchboard.domain.workspace.Activity;
import org.switchboard.domain.workspace.ActivityRepository;
import org.switchboard.infrastructure.jpa.Lookups;
import org.switchboard.routing.Expressions;
import org.switchboard.routing.Placement;
import org.switchboard.routing.RuleSetChoice;
import org.switchboard.routing.WorkflowEngine;
import org.switchboard.routing.rules.CompiledRuleSet;
import org.switchboard.routing.rules.QueueFact;
import org.switchboard.routing.rules.TargetSpec;
import org.switchboard.routing.rules.TaskFact;
import org.switchboard.routing.rules.WorkerQuery;
import org.switchboard.routing.rules.WorkflowRulesCompiler;

/**
 * What-if replay: runs the tasks created in a time window through a candidate rule set version and
 * through the active one, each as it arrived (its attributes, priority, channel and arrival time;
 * age 0), with the workspace as the event history shows it then, and reports where each version
 * puts each task. The history gives, at each arrival, which workers were in an available activity
 * (from {@code worker.activity.update} events) and how many tasks waited in each queue and for how
 * long (from {@code task-queue.entered} and the events that end a wait); queue membership and
 * worker attributes are today's. Reads only: nothing is stored, no event is recorded.
 */
@Stateless
public class WhatIfService {

  /** At most this many tasks are replayed per call; the result says when there were more. */
  public static final int MAX_TASKS = 1_000;

  /** The longest window. */
  public static final Duration MAX_WINDOW = Duration.ofDays(31);

  /** How far before the window the history is read, for tasks already waiting at its start. */
  private static final Duration LOOK_BACK = Duration.ofDays(1);

  private static final Set<EventType> WAIT_ENDS =
      EnumSet.of(
          EventType.RESERVATION_ACCEPTED,
          EventType.TASK_CANCELED,
          EventType.TASK_COMPLETED,
          EventType.TASK_DELETED);

  @Inject private WorkerRepository workers;
  @Inject private TaskQueueRepository taskQueues;
  @Inject private WorkflowRepository workflowRepository;
  @Inject private EventRepository eventLog;
  @Inject private ActivityRepository activities;
  @PersistenceContext private EntityManager em;
  @Inject private Workspaces workspaces;
  @Inject private WorkflowEngine engine;
  @Inject private Expressions expressions;

  public WhatIf replay(
      String accountSid,
      String workspaceSid,
      String ruleSetSid,
      int candidateNumber,
      Instant start,
      Instant end) {
    workspaces.require(accountSid, workspaceSid);
    if (!end.isAfter(start)) {
      throw new InvalidParameterException("EndDate", "EndDate must be after StartDate");
    }
    if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
      throw new InvalidParameterException("EndDate", "The window can be at most 31 days long");
    }
    RuleSet ruleSet =
        Lookups.require(
            em, RuleSet.class, workspaceSid, ruleSetSid, r -> r.getWorkspace().getSid());
    CompiledRuleSet candidate = compiled(ruleSet, candidateNumber);
    CompiledRuleSet active = compiled(ruleSet, ruleSet.getActiveVersion());

    Map<String, TargetSpec> defaults = new HashMap<>();
    List<Workflow> workflows = workflowRepository.allIn(workspaceSid);
    boolean anyUses = workflows.stream().anyMatch(w -> ruleSetSid.equals(w.getRuleSetSid()));
    for (Workflow workflow : workflows) {
      if (!anyUses || ruleSetSid.equals(workflow.getRuleSetSid())) {
        defaults.put(workflow.getSid(), defaultTarget(workflow));
      }
    }

    List<RouterEvent> created = eventLog.tasksCreatedIn(workspaceSid, start, end, MAX_TASKS + 1);
    boolean truncated = created.size() > MAX_TASKS;
    if (truncated) {
      created = created.subList(0, MAX_TASKS);
    }
    History history = history(workspaceSid, start.minus(LOOK_BACK), end);

    List<WhatIf.Row> rows = new ArrayList<>();
    Map<String, Integer> moves = new TreeMap<>();
    int differences = 0;
    for (RouterEvent event : created) {
      if (!defaults.containsKey(event.getWorkflowSid())) {
        continue;
      }
      TargetSpec defaultTarget = defaults.get(event.getWorkflowSid());
      JsonObject data = json(event.getEventData());
      Instant at = event.getDateCreated();
      TaskFact fact =
          new TaskFact(
              event.getTaskSid(),
              expressions.attributes(data.getString("task_attributes", "{}")),
              0,
              data.getInt("task_priority", 0),
              data.getString("task_channel_unique_name", "default"),
              LocalDateTime.ofInstant(at, ZoneOffset.UTC));
      List<QueueFact> queues = history.queuesAt(at);
      WorkerQuery workers = history.workersAt(at);
      WhatIf.Outcome before = outcome(active, fact, queues, workers, defaultTarget, at, history);
      WhatIf.Outcome after = outcome(candidate, fact, queues, workers, defaultTarget, at, history);
      boolean differs =
          !Objects.equals(before.queueSid(), after.queueSid())
              || !Objects.equals(before.priority(), after.priority())
              || !Objects.equals(before.canceledReason(), after.canceledReason());
      if (differs) {
        differences++;
        moves.merge(name(before) + " -> " + name(after), 1, Integer::sum);
      }
      rows.add(
          new WhatIf.Row(
              event.getTaskSid(),
              at,
              history.firstQueueOf(event.getTaskSid()),
              before,
              after,
              differs));
    }
    return new WhatIf(
        ruleSetSid,
        candidateNumber,
        ruleSet.getActiveVersion(),
        start,
        end,
        rows,
        truncated,
        differences,
        moves);
  }

  private static String name(WhatIf.Outcome outcome) {
    return outcome.queueSid() != null ? outcome.queueSid() : "canceled";
  }

  private WhatIf.Outcome outcome(
      CompiledRuleSet rules,
      TaskFact fact,
      List<QueueFact> queues,
      WorkerQuery workers,
      TargetSpec defaultTarget,
      Instant at,
      History history) {
    CompiledRuleSet.Decision decision = rules.decide(fact, queues, workers);
    Placement placement =
        RuleSetChoice.choose(decision, 0, at, defaultTarget, history::resolve, null, 0);
    return new WhatIf.Outcome(
        placement.exhausted() ? null : placement.queueSid(),
        placement.exhausted()
            ? null
            : placement.priority() != null ? placement.priority() : fact.getPriority(),
        placement.exhausted() ? placement.reason() : null,
        decision.rulesFired());
  }

  private CompiledRuleSet compiled(RuleSet ruleSet, int number) {
    RuleSetVersion version =
        em.find(RuleSetVersion.class, new RuleSetVersion.Key(ruleSet.getSid(), number));
    if (version == null) {
      throw new NotFoundException("Rule set " + ruleSet.getSid() + " has no version " + number);
    }
    return engine.compileRuleSet(ruleSet.getSid(), number, version.files());
  }

  private static TargetSpec defaultTarget(Workflow workflow) {
    JsonObject routing = json(workflow.getConfiguration()).getJsonObject("task_routing");
    JsonObject defaults = routing == null ? null : routing.getJsonObject("default_filter");
    return defaults == null ? null : WorkflowRulesCompiler.target(defaults);
  }

  private static JsonObject json(String text) {
    try (JsonReader reader = Jsons.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  private History history(String workspaceSid, Instant from, Instant to) {
    History history = new History();
    for (Object[] row : taskQueues.namesIn(workspaceSid)) {
      history.queues.put((String) row[0], (String) row[1]);
      history.members.put((String) row[0], new ArrayList<>());
    }
    for (Object[] row : taskQueues.membershipsIn(workspaceSid)) {
      history.members.get((String) row[0]).add((String) row[1]);
    }
    for (Object[] row : workers.availabilityAndAttributesIn(workspaceSid)) {
      history.availableNow.put((String) row[0], (Boolean) row[1]);
      history.attributes.put((String) row[0], expressions.attributes((String) row[2]));
    }
    for (Activity activity : activities.allIn(workspaceSid)) {
      history.activityAvailable.put(activity.getSid(), activity.isAvailable());
    }
    for (RouterEvent event : eventLog.availabilityChangesIn(workspaceSid, from, to)) {
      history.add(event);
    }
    return history;
  }

  /** The workspace's queues, members and activity changes, to be asked about a past moment. */
  private final class History {
    final Map<String, String> queues = new LinkedHashMap<>();
    final Map<String, List<String>> members = new HashMap<>();
    final Map<String, Boolean> availableNow = new HashMap<>();
    final Map<String, Map<String, Object>> attributes = new HashMap<>();
    final Map<String, Boolean> activityAvailable = new HashMap<>();

    /** Per worker, its activity changes in order: {time, previous activity, new activity}. */
    final Map<String, List<Object[]>> activityChanges = new HashMap<>();

    /** Per task, its queue entries and wait ends in order: {time, queue sid or null}. */
    final Map<String, List<Object[]>> taskSteps = new LinkedHashMap<>();

    void add(RouterEvent event) {
      Instant at = event.getDateCreated();
      if (EventType.WORKER_ACTIVITY_UPDATE.is(event)) {
        JsonObject data = json(event.getEventData());
        activityChanges
            .computeIfAbsent(event.getWorkerSid(), k -> new ArrayList<>())
            .add(
                new Object[] {
                  at,
                  data.getString("worker_previous_activity_sid", null),
                  data.getString("worker_activity_sid", null)
                });
      } else if (EventType.TASK_QUEUE_ENTERED.is(event)) {
        taskSteps
            .computeIfAbsent(event.getTaskSid(), k -> new ArrayList<>())
            .add(new Object[] {at, event.getTaskQueueSid()});
      } else if (WAIT_ENDS.contains(event.type())) {
        taskSteps
            .computeIfAbsent(event.getTaskSid(), k -> new ArrayList<>())
            .add(new Object[] {at, null});
      }
    }

    String firstQueueOf(String taskSid) {
      for (Object[] step : taskSteps.getOrDefault(taskSid, List.of())) {
        if (step[1] != null) {
          return (String) step[1];
        }
      }
      return null;
    }

    String resolve(String queue) {
      if (queues.containsKey(queue)) {
        return queue;
      }
      return queues.entrySet().stream()
          .filter(e -> e.getValue().equals(queue))
          .map(Map.Entry::getKey)
          .findFirst()
          .orElse(null);
    }

    boolean availableAt(String workerSid, Instant at) {
      List<Object[]> changes = activityChanges.get(workerSid);
      if (changes != null) {
        String activity = null;
        for (Object[] change : changes) {
          if (((Instant) change[0]).isAfter(at)) {
            if (activity == null) {
              activity = (String) change[1];
            }
            break;
          }
          activity = (String) change[2];
        }
        if (activity != null && activityAvailable.containsKey(activity)) {
          return activityAvailable.get(activity);
        }
      }
      return availableNow.getOrDefault(workerSid, false);
    }

    List<QueueFact> queuesAt(Instant at) {
      Map<String, int[]> waiting = new HashMap<>();
      Map<String, Instant> oldest = new HashMap<>();
      for (List<Object[]> steps : taskSteps.values()) {
        String queue = null;
        Instant entered = null;
        for (Object[] step : steps) {
          if (((Instant) step[0]).isAfter(at)) {
            break;
          }
          queue = (String) step[1];
          entered = (Instant) step[0];
        }
        if (queue != null) {
          waiting.computeIfAbsent(queue, k -> new int[1])[0]++;
          oldest.merge(queue, entered, (a, b) -> a.isBefore(b) ? a : b);
        }
      }
      List<QueueFact> facts = new ArrayList<>();
      queues.forEach(
          (sid, name) -> {
            List<String> in = members.getOrDefault(sid, List.of());
            int available = (int) in.stream().filter(w -> availableAt(w, at)).count();
            Instant first = oldest.get(sid);
            facts.add(
                new QueueFact(
                    sid,
                    name,
                    in.size(),
                    available,
                    waiting.getOrDefault(sid, new int[1])[0],
                    first == null ? 0 : Duration.between(first, at).getSeconds()));
          });
      return facts;
    }

    WorkerQuery workersAt(Instant at) {
      return new WorkerQuery() {
        @Override
        public int members(String queue) {
          return of(queue).size();
        }

        @Override
        public int available(String queue) {
          return (int) of(queue).stream().filter(w -> availableAt(w, at)).count();
        }

        @Override
        public int availableMatching(String queue, String expression) {
          BiPredicate<Map<String, Object>, Map<String, Object>> test =
              expressions.overTaskAndWorker(expression);
          return (int)
              of(queue).stream()
                  .filter(w -> availableAt(w, at))
                  .filter(w -> test.test(Map.of(), attributes.getOrDefault(w, Map.of())))
                  .count();
        }

        private List<String> of(String queue) {
          String sid = resolve(queue);
          return sid == null ? List.of() : members.getOrDefault(sid, List.of());
        }
      };
    }
  }
}
