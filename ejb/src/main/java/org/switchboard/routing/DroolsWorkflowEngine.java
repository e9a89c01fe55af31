package org.switchboard.routing;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.domain.ruleset.RuleSet;
import org.switchboard.domain.ruleset.RuleSetVersion;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.shared.Sid;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.taskqueue.TaskQueueRepository;
import org.switchboard.domain.worker.WorkerRepository;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.routing.lang.Expression;
import org.switchboard.routing.rules.CompiledRuleSet;
import org.switchboard.routing.rules.Conditions;
import org.switchboard.routing.rules.FilterSpec;
import org.switchboard.routing.rules.RouteTo;
import org.switchboard.routing.rules.RuleSetCompiler;
import org.switchboard.routing.rules.TargetSpec;
import org.switchboard.routing.rules.TaskFact;
import org.switchboard.routing.rules.WorkflowRules;
import org.switchboard.routing.rules.WorkflowRulesCompiler;

/**
 * Places tasks with Drools: one KieBase per workflow configuration, compiled when the workflow is
 * saved (in the saving transaction, cached by the configuration's text) and by {@code RulesWarmer}
 * for every workflow at start and for changes made on other servers, so a task's first pass finds
 * its rules compiled. A workflow's TaskRouter JSON is compiled into generated rules; a workflow
 * whose configuration names a rule set ({@code task_routing.rule_set}) routes with the rule set's
 * active version, whose KieBase is cached per version and shared by the workflows that name it. The
 * rule authors' shared rules ({@code org/switchboard/rules/shared/*.drl} in the drools-rules
 * module, listed in its {@code index.txt}) are compiled into every workflow and rule set; if they
 * do not compile, the deployment fails with their file, line and column.
 */
@ApplicationScoped
public class DroolsWorkflowEngine implements WorkflowEngine {

  private static final Logger LOG = Logger.getLogger(DroolsWorkflowEngine.class.getName());

  static final String SHARED = "org/switchboard/rules/shared/";

  /** Workflow configurations kept compiled at most (their versions in use stay in the cache). */
  private static final int JSON_KEPT = 256;

  /** Rule set versions kept compiled at most. */
  private static final int RULE_SETS_KEPT = 64;

  @Inject private Expressions expressions;
  @Inject private RuleSetFacts facts;
  @Inject private WorkerRepository workers;
  @Inject private TaskQueueRepository taskQueues;
  @PersistenceContext private EntityManager em;

  private WorkflowRulesCompiler compiler;
  private RuleSetCompiler ruleSetCompiler;
  private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

  /** Compiled workflow JSON by {@code WW…:hash of the configuration}. */
  private final Map<String, Compiled> jsonRules =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
              return size() > JSON_KEPT;
            }
          });

  /** Compiled rule set versions by {@code RS…:number:hash of the sources}. */
  private final Map<String, CompiledRuleSet> ruleSets =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompiledRuleSet> eldest) {
              return size() > RULE_SETS_KEPT;
            }
          });

  /** A workflow version's compiled rules. */
  private interface Compiled {
    Placement place(Task task, Instant now);

    Placement current(Task task, Instant now);
  }

  @PostConstruct
  void loadSharedRules() {
    ClassLoader loader = DroolsWorkflowEngine.class.getClassLoader();
    Map<String, String> shared = sharedRules(loader);
    compiler = new WorkflowRulesCompiler(loader, shared);
    ruleSetCompiler = new RuleSetCompiler(loader, shared);
  }

  @Override
  public Placement place(Task task, Instant now) {
    return knownWorker(compiled(task.getWorkflow()).place(task, now), task);
  }

  @Override
  public Placement current(Task task, Instant now) {
    if (task.getRoutingFilter() == null
        || task.getRoutingStep() == null
        || task.getTaskQueue() == null) {
      return place(task, now);
    }
    if (Sid.TASK_QUEUE.matches(task.getRoutingTarget())) {
      return inQueue(task.getRoutingTarget(), task.getRoutingFilter(), task.getRoutingStep());
    }
    return knownWorker(compiled(task.getWorkflow()).current(task, now), task);
  }

  /**
   * Resolves a target's known worker: a {@code task.…} path is read from the task's attributes (a
   * missing or non-text value names nobody, so no worker matches), any other value is the worker's
   * sid or name itself. A task created with {@code RoutingTarget} goes to that target whatever the
   * workflow says: a queue's sid puts it in that queue for any of its workers, without escalation
   * (the workflow's targets do not apply); a worker's sid offers it to that worker only, in the
   * queue the workflow chose if the worker is one of its members, else in a queue the worker is a
   * member of.
   */
  private Placement knownWorker(Placement placement, Task task) {
    String routingTarget = task.getRoutingTarget();
    if (Sid.TASK_QUEUE.matches(routingTarget)) {
      return placement.exhausted()
          ? inQueue(routingTarget, -1, 0)
          : inQueue(routingTarget, placement.filter(), placement.step());
    }
    if (placement.exhausted()) {
      return placement;
    }
    if (routingTarget != null) {
      return queueOf(routingTarget, placement).withKnownWorker(routingTarget, null);
    }
    String sid = placement.knownWorkerSid();
    String name = placement.knownWorkerFriendlyName();
    if (!isTaskPath(sid) && !isTaskPath(name)) {
      return placement;
    }
    Map<String, Object> attributes = expressions.attributes(task.getAttributes());
    return placement.withKnownWorker(resolve(sid, attributes), resolve(name, attributes));
  }

  private static Placement inQueue(String queueSid, int filter, int step) {
    return Placement.target(
        filter,
        step,
        queueSid,
        null,
        null,
        null,
        null,
        null,
        null,
        new Placement.Why(null, "RoutingTarget " + queueSid, List.of(), null, null));
  }

  /** The placement, in a queue the worker is a member of if the workflow's queue is not one. */
  private Placement queueOf(String workerSid, Placement placement) {
    List<String> queues = taskQueues.queuesOf(workerSid);
    if (queues.isEmpty() || queues.contains(placement.queueSid())) {
      return placement;
    }
    return Placement.target(
        placement.filter(),
        placement.step(),
        queues.get(0),
        null,
        placement.priority(),
        null,
        null,
        null,
        null,
        placement.why());
  }

  private static boolean isTaskPath(String value) {
    return value != null && value.startsWith("task.");
  }

  private static String resolve(String value, Map<String, Object> attributes) {
    if (!isTaskPath(value)) {
      return value;
    }
    Object found = Expression.over(attributes).apply(List.of(value.substring(5).split("\\.")));
    return found instanceof String text ? text : "";
  }

  @Override
  public void prepare(Task task) {
    compiled(task.getWorkflow());
  }

  @Override
  public void prepare(Workflow workflow) {
    try {
      compiled(workflow);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not compile the rules of workflow " + workflow.getSid(), e);
    }
  }

  @Override
  public void precompile(Workflow workflow) {
    JsonObject configuration = configuration(workflow);
    if (workflow.getRuleSetSid() == null) {
      jsonRules(workflow, configuration);
    } else {
      ruleSetRules(workflow, configuration);
    }
  }

  @Override
  public CompiledRuleSet compileRuleSet(String ruleSetSid, int number, Map<String, String> files) {
    String key = ruleSetKey(ruleSetSid, number, files);
    CompiledRuleSet known = ruleSets.get(key);
    if (known != null) {
      return known;
    }
    long started = System.nanoTime();
    CompiledRuleSet compiled = ruleSetCompiler.compile(ruleSetSid + "-" + number, files);
    LOG.fine(
        () ->
            "Compiled rule set "
                + key
                + " in "
                + (System.nanoTime() - started) / 1_000_000
                + " ms");
    ruleSets.put(key, compiled);
    return compiled;
  }

  @Override
  public boolean isCompiled(Workflow workflow) {
    return cache.containsKey(workflow.getSid() + ":" + workflow.getVersion());
  }

  private Compiled compiled(Workflow workflow) {
    String key = workflow.getSid() + ":" + workflow.getVersion();
    Compiled known = cache.get(key);
    if (known != null) {
      return known;
    }
    Compiled compiled = cache.computeIfAbsent(key, k -> compile(k, workflow));
    cache.keySet().removeIf(old -> old.startsWith(workflow.getSid() + ":") && !old.equals(key));
    return compiled;
  }

  private Compiled compile(String key, Workflow workflow) {
    long started = System.nanoTime();
    JsonObject configuration = configuration(workflow);
    Compiled compiled =
        workflow.getRuleSetSid() != null
            ? ruleSetRules(workflow, configuration)
            : jsonRules(workflow, configuration);
    LOG.fine(
        () ->
            "Compiled the rules of workflow "
                + key
                + " in "
                + (System.nanoTime() - started) / 1_000_000
                + " ms");
    return compiled;
  }

  private static JsonObject configuration(Workflow workflow) {
    try (JsonReader reader = Jsons.createReader(new StringReader(workflow.getConfiguration()))) {
      return reader.readObject();
    }
  }

  /**
   * A workflow's JSON compiled, cached by its text: a version saved in a transaction that rolls
   * back can never stand for another configuration.
   */
  private Compiled jsonRules(Workflow workflow, JsonObject configuration) {
    String key = workflow.getSid() + ":" + digest(workflow.getConfiguration());
    return jsonRules.computeIfAbsent(
        key,
        k -> {
          WorkflowRules rules =
              compiler.compile(workflow.getSid(), workflow.getVersion(), configuration);
          return new JsonRules(rules, conditions(rules));
        });
  }

  private Compiled ruleSetRules(Workflow workflow, JsonObject configuration) {
    RuleSet ruleSet = em.find(RuleSet.class, workflow.getRuleSetSid());
    RuleSetVersion version =
        em.find(
            RuleSetVersion.class,
            new RuleSetVersion.Key(ruleSet.getSid(), ruleSet.getActiveVersion()));
    CompiledRuleSet rules = compileRuleSet(ruleSet.getSid(), version.getNumber(), version.files());
    JsonObject defaults =
        configuration.getJsonObject("task_routing").getJsonObject("default_filter");
    TargetSpec defaultTarget = defaults == null ? null : WorkflowRulesCompiler.target(defaults);
    return new RuleSetRules(ruleSet.getSid(), version.getNumber(), rules, defaultTarget);
  }

  private static String ruleSetKey(String sid, int number, Map<String, String> files) {
    StringBuilder all = new StringBuilder();
    files.forEach((name, drl) -> all.append(name).append('\0').append(drl).append('\0'));
    return sid + ":" + number + ":" + digest(all.toString());
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A workflow routed by its TaskRouter JSON, compiled into generated rules. */
  private final class JsonRules implements Compiled {
    private final WorkflowRules rules;
    private final Conditions conditions;

    JsonRules(WorkflowRules rules, Conditions conditions) {
      this.rules = rules;
      this.conditions = conditions;
    }

    @Override
    public Placement place(Task task, Instant now) {
      long age = age(task, now);
      TaskFact fact = fact(task, age, now);
      WorkflowRules.Decision decision = rules.decide(fact, conditions);
      String filterName = decision.filter() == null ? null : decision.filter().getName();
      if (decision.exhausted()) {
        int filter = decision.filter() == null ? -1 : decision.filter().getFilter();
        return Placement.canceled(
            filter,
            -1,
            Placement.EXHAUSTED,
            new Placement.Why(filterName, null, decision.rulesFired(), null, null));
      }
      int filter = decision.target().getFilter();
      int step = decision.target().getStep();
      TargetSpec target = rules.target(filter, step);
      Instant deadline =
          target.timeout() == null
              ? null
              : task.getVirtualStartTime().plusSeconds(target.timeout());
      Integer priority = target.priority() != null ? target.priority() : decision.priority();
      return Placement.target(
          filter,
          step,
          target.queueSid(),
          target.expression(),
          priority,
          deadline,
          target.orderBy(),
          target.knownWorkerSid(),
          target.knownWorkerFriendlyName(),
          new Placement.Why(
              filterName,
              "target " + (step + 1) + " (queue " + target.queueSid() + ")",
              decision.rulesFired(),
              null,
              null,
              skippedBefore(filter, step, task.getVirtualStartTime(), now)));
    }

    /**
     * The targets before the chosen one that had not timed out: the rules passed over them, so
     * their {@code skip_if} held.
     */
    private List<Integer> skippedBefore(int filter, int step, Instant start, Instant now) {
      List<Integer> skipped = new ArrayList<>();
      for (int earlier = 0; earlier < step; earlier++) {
        TargetSpec target = rules.target(filter, earlier);
        if (target != null
            && (target.timeout() == null || start.plusSeconds(target.timeout()).isAfter(now))) {
          skipped.add(earlier);
        }
      }
      return skipped;
    }

    @Override
    public Placement current(Task task, Instant now) {
      TargetSpec target = rules.target(task.getRoutingFilter(), task.getRoutingStep());
      return Placement.target(
          task.getRoutingFilter(),
          task.getRoutingStep(),
          task.getTaskQueue().getSid(),
          target.expression(),
          null,
          task.getStepDeadline(),
          target.orderBy(),
          target.knownWorkerSid(),
          target.knownWorkerFriendlyName(),
          Placement.Why.NONE);
    }
  }

  /**
   * A workflow routed by a rule set version: the rules insert {@link RouteTo} targets; the first by
   * step that has not timed out and is not skipped applies (the last remaining one is never
   * skipped); with no target at all, the workflow's {@code default_filter} applies; with targets
   * that have all timed out, the task is exhausted.
   */
  private final class RuleSetRules implements Compiled {
    private final String ruleSetSid;
    private final int version;
    private final CompiledRuleSet rules;
    private final TargetSpec defaultTarget;

    RuleSetRules(String ruleSetSid, int version, CompiledRuleSet rules, TargetSpec defaultTarget) {
      this.ruleSetSid = ruleSetSid;
      this.version = version;
      this.rules = rules;
      this.defaultTarget = defaultTarget;
    }

    @Override
    public Placement place(Task task, Instant now) {
      long age = age(task, now);
      String workspaceSid = task.getWorkspace().getSid();
      CompiledRuleSet.Decision decision =
          rules.decide(
              fact(task, age, now),
              rules.usesQueues() ? facts.queues(workspaceSid, now) : List.of(),
              facts.workers(workspaceSid));
      return RuleSetChoice.choose(
          decision,
          age,
          task.getVirtualStartTime(),
          defaultTarget,
          queue -> facts.resolve(workspaceSid, queue),
          ruleSetSid,
          version);
    }

    @Override
    public Placement current(Task task, Instant now) {
      String expression = null;
      String orderBy = null;
      String knownSid = null;
      String knownName = null;
      if (task.getRuleTarget() != null) {
        try (JsonReader reader = Jsons.createReader(new StringReader(task.getRuleTarget()))) {
          JsonObject target = reader.readObject();
          expression = target.getString("expression", null);
          orderBy = target.getString("order_by", null);
          knownSid = target.getString("known_worker_sid", null);
          knownName = target.getString("known_worker_friendly_name", null);
        }
      } else if (task.getRoutingFilter() == -1 && defaultTarget != null) {
        expression = defaultTarget.expression();
        orderBy = defaultTarget.orderBy();
        knownSid = defaultTarget.knownWorkerSid();
        knownName = defaultTarget.knownWorkerFriendlyName();
      }
      return Placement.target(
          task.getRoutingFilter(),
          task.getRoutingStep(),
          task.getTaskQueue().getSid(),
          expression,
          null,
          task.getStepDeadline(),
          orderBy,
          knownSid,
          knownName,
          Placement.Why.NONE);
    }
  }

  private static long age(Task task, Instant now) {
    return Math.max(0, Duration.between(task.getVirtualStartTime(), now).getSeconds());
  }

  private TaskFact fact(Task task, long age, Instant now) {
    return new TaskFact(
        task.getSid(),
        expressions.attributes(task.getAttributes()),
        age,
        task.getPriority(),
        task.getTaskChannel().getUniqueName(),
        LocalDateTime.ofInstant(now, ZoneOffset.UTC));
  }

  private Conditions conditions(WorkflowRules rules) {
    List<Predicate<Map<String, Object>>> filters = new ArrayList<>();
    for (FilterSpec filter : rules.filters()) {
      filters.add(expressions.overTask(filter.expression()));
    }
    return new Conditions() {
      @Override
      public boolean filter(int filter, TaskFact task) {
        return filters.get(filter).test(task.getAttributes());
      }

      @Override
      public boolean skip(int filter, int step, TaskFact task) {
        TargetSpec target = filter >= 0 ? rules.target(filter, step) : null;
        if (target == null || target.skipIf() == null) {
          return false;
        }
        Expression.Resolver attributes = Expression.over(task.getAttributes());
        return expressions.test(
            target.skipIf(),
            path ->
                path.size() == 2 && "workers".equals(path.get(0))
                    ? workers(target.queueSid(), path.get(1))
                    : attributes.apply(path));
      }
    };
  }

  /**
   * {@code workers.available} in a {@code skip_if}: how many workers of the target's queue are in
   * an available activity now; {@code workers.count}: how many the queue has at all.
   */
  private Object workers(String queueSid, String name) {
    Boolean availableOnly =
        switch (name) {
          case "available" -> true;
          case "count" -> false;
          default -> null;
        };
    if (availableOnly == null) {
      return null;
    }
    return BigDecimal.valueOf(workers.countMembersOf(queueSid, availableOnly));
  }

  /** The shared rule files named in {@code index.txt}, by path. */
  static Map<String, String> sharedRules(ClassLoader loader) {
    Map<String, String> rules = new LinkedHashMap<>();
    String index = read(loader, SHARED + "index.txt");
    if (index == null) {
      return rules;
    }
    for (String line : index.split("\\R")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      String source = read(loader, SHARED + name);
      if (source == null) {
        throw new IllegalStateException(SHARED + "index.txt names " + name + ", which is missing");
      }
      rules.put(SHARED + name, source);
    }
    return rules;
  }

  private static String read(ClassLoader loader, String path) {
    try (InputStream in = loader.getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
