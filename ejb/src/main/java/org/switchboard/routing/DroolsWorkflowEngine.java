package org.switchboard.routing;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.task.Task;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.routing.lang.Expression;
import org.switchboard.routing.rules.Conditions;
import org.switchboard.routing.rules.FilterSpec;
import org.switchboard.routing.rules.TargetSpec;
import org.switchboard.routing.rules.TaskFact;
import org.switchboard.routing.rules.WorkflowRules;
import org.switchboard.routing.rules.WorkflowRulesCompiler;

/**
 * Places tasks with Drools: one KieBase per workflow version, compiled from its configuration on
 * first use and cached (a new version, i.e. an updated configuration, compiles anew). The rule
 * authors' shared rules ({@code org/switchboard/rules/shared/*.drl} in the drools-rules module,
 * listed in its {@code index.txt}) are compiled into every workflow; if they do not compile, the
 * deployment fails with their file, line and column.
 */
@ApplicationScoped
public class DroolsWorkflowEngine implements WorkflowEngine {

  private static final Logger LOG = Logger.getLogger(DroolsWorkflowEngine.class.getName());

  static final String SHARED = "org/switchboard/rules/shared/";

  @Inject private Expressions expressions;
  @PersistenceContext private EntityManager em;

  private WorkflowRulesCompiler compiler;
  private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

  /** A workflow version's rules with its compiled filter and skip conditions. */
  private record Compiled(WorkflowRules rules, Conditions conditions) {}

  @PostConstruct
  void loadSharedRules() {
    ClassLoader loader = DroolsWorkflowEngine.class.getClassLoader();
    compiler = new WorkflowRulesCompiler(loader, sharedRules(loader));
  }

  @Override
  public Placement place(Task task, Instant now) {
    Compiled compiled = compiled(task.getWorkflow());
    long age = Math.max(0, Duration.between(task.getVirtualStartTime(), now).getSeconds());
    TaskFact fact =
        new TaskFact(
            task.getSid(), expressions.attributes(task.getAttributes()), age, task.getPriority());
    WorkflowRules.Decision decision = compiled.rules().decide(fact, compiled.conditions());
    if (decision.exhausted()) {
      int filter = decision.filter() == null ? -1 : decision.filter().getFilter();
      return Placement.exhaustedAt(filter, -1);
    }
    int filter = decision.target().getFilter();
    int step = decision.target().getStep();
    TargetSpec target = compiled.rules().target(filter, step);
    Instant deadline =
        target.timeout() == null ? null : task.getVirtualStartTime().plusSeconds(target.timeout());
    Integer priority = target.priority() != null ? target.priority() : decision.priority();
    return new Placement(
        filter,
        step,
        target.queueSid(),
        target.expression(),
        priority,
        deadline,
        target.orderBy(),
        target.knownWorkerSid(),
        target.knownWorkerFriendlyName(),
        false);
  }

  @Override
  public Placement current(Task task, Instant now) {
    if (task.getRoutingFilter() == null
        || task.getRoutingStep() == null
        || task.getTaskQueue() == null) {
      return place(task, now);
    }
    TargetSpec target =
        compiled(task.getWorkflow()).rules().target(task.getRoutingFilter(), task.getRoutingStep());
    return new Placement(
        task.getRoutingFilter(),
        task.getRoutingStep(),
        task.getTaskQueue().getSid(),
        target.expression(),
        null,
        task.getStepDeadline(),
        target.orderBy(),
        target.knownWorkerSid(),
        target.knownWorkerFriendlyName(),
        false);
  }

  @Override
  public void prepare(Task task) {
    compiled(task.getWorkflow());
  }

  private Compiled compiled(Workflow workflow) {
    String key = workflow.getSid() + ":" + workflow.getVersion();
    Compiled known = cache.get(key);
    if (known != null) {
      return known;
    }
    Compiled compiled = compile(key, workflow);
    cache.keySet().removeIf(old -> old.startsWith(workflow.getSid() + ":") && !old.equals(key));
    return compiled;
  }

  private Compiled compile(String key, Workflow workflow) {
    return cache.computeIfAbsent(
        key,
        k -> {
          long started = System.nanoTime();
          WorkflowRules rules;
          try (JsonReader reader =
              Jsons.createReader(new StringReader(workflow.getConfiguration()))) {
            rules = compiler.compile(workflow.getSid(), workflow.getVersion(), reader.readObject());
          }
          LOG.fine(
              () ->
                  "Compiled the rules of workflow "
                      + k
                      + " in "
                      + (System.nanoTime() - started) / 1_000_000
                      + " ms");
          return new Compiled(rules, conditions(rules));
        });
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
    String available =
        switch (name) {
          case "available" -> " and w.available = true";
          case "count" -> "";
          default -> null;
        };
    if (available == null) {
      return null;
    }
    return BigDecimal.valueOf(
        em.createQuery(
                "select count(w) from Worker w where exists (select m from QueueMember m"
                    + " where m.queueSid = :queue and m.workerSid = w.sid)"
                    + available,
                Long.class)
            .setParameter("queue", queueSid)
            .getSingleResult());
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
