package org.switchboard.routing.rules;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;

/**
 * Turns a workflow's configuration into Drools rules and builds their KieBase.
 *
 * <p>For every filter, in order, a rule in group {@code filters} derives a {@link FilterMatch} when
 * the filter's expression holds and no earlier filter matched (salience keeps the configuration's
 * order); a last rule derives the default filter when none matched. For every target a rule in
 * group {@code targets} derives a {@link TargetChoice} while the task is younger than the target's
 * timeout (timeouts count from the moment the task entered the workflow, so they are cumulative)
 * and its {@code skip_if} does not hold; when every target has timed out a rule derives an
 * exhausted choice. Escalation is therefore nothing but these rules re-evaluated as the task ages.
 * The rule authors' shared rules (e.g. priority rules) are built into the same KieBase and run
 * after the two groups.
 */
public final class WorkflowRulesCompiler {

  private final ClassLoader classLoader;
  private final Map<String, String> sharedRules;

  /**
   * @param sharedRules the rule authors' DRL files to build into every workflow, by path
   * @throws RuleCompilationException if the shared rules themselves do not compile
   */
  public WorkflowRulesCompiler(ClassLoader classLoader, Map<String, String> sharedRules) {
    this.classLoader = classLoader;
    this.sharedRules = Map.copyOf(sharedRules);
    build("shared", "0", "");
  }

  /**
   * Compiles one workflow version.
   *
   * @param workflowSid names the generated rules and their KieModule
   * @param version the workflow's version; a new configuration gets a new KieBase
   */
  public WorkflowRules compile(String workflowSid, long version, JsonObject configuration) {
    JsonObject routing = configuration.getJsonObject("task_routing");
    List<FilterSpec> filters = new ArrayList<>();
    JsonArray filterArray = routing.getJsonArray("filters");
    if (filterArray != null) {
      for (JsonValue value : filterArray) {
        JsonObject filter = value.asJsonObject();
        List<TargetSpec> targets = new ArrayList<>();
        for (JsonValue target : filter.getJsonArray("targets")) {
          targets.add(target(target.asJsonObject()));
        }
        filters.add(
            new FilterSpec(
                text(filter, "filter_friendly_name"), text(filter, "expression"), targets));
      }
    }
    FilterSpec defaultFilter = null;
    JsonObject defaults = routing.getJsonObject("default_filter");
    if (defaults != null) {
      defaultFilter = new FilterSpec("Default", null, List.of(target(defaults)));
    }
    String drl = generate(filters, defaultFilter);
    return new WorkflowRules(
        build(workflowSid, Long.toString(version), drl), filters, defaultFilter, drl);
  }

  /** The rule source for a workflow's filters and targets. */
  static String generate(List<FilterSpec> filters, FilterSpec defaultFilter) {
    StringBuilder drl = new StringBuilder();
    drl.append("package org.switchboard.rules.workflow;\n\n")
        .append("import org.switchboard.routing.rules.TaskFact;\n")
        .append("import org.switchboard.routing.rules.FilterMatch;\n")
        .append("import org.switchboard.routing.rules.TargetChoice;\n\n")
        .append("global org.switchboard.routing.rules.Conditions conditions;\n\n");
    for (int f = 0; f < filters.size(); f++) {
      FilterSpec filter = filters.get(f);
      String label = label(f, filter);
      drl.append("rule \"")
          .append(label)
          .append(" matches the task\"\n    ruleflow-group \"filters\"\n    salience ")
          .append(100_000 - f)
          .append("\nwhen\n    $task : TaskFact()\n    not FilterMatch()\n")
          .append("    eval(conditions.filter(")
          .append(f)
          .append(", $task))\nthen\n    insert(new FilterMatch($task.getSid(), ")
          .append(f)
          .append(", \"")
          .append(escape(filter.name() == null ? "" : filter.name()))
          .append("\"));\nend\n\n");
      targets(drl, f, label, filter);
    }
    if (defaultFilter != null) {
      drl.append("rule \"No filter matches: the default filter applies\"\n")
          .append("    ruleflow-group \"filters\"\n    salience 0\n")
          .append("when\n    $task : TaskFact()\n    not FilterMatch()\n")
          .append("then\n    insert(new FilterMatch($task.getSid(), -1, \"Default\"));\nend\n\n");
      targets(drl, -1, "Default filter", defaultFilter);
    }
    return drl.toString();
  }

  private static void targets(StringBuilder drl, int f, String label, FilterSpec filter) {
    List<TargetSpec> targets = filter.targets();
    for (int s = 0; s < targets.size(); s++) {
      TargetSpec target = targets.get(s);
      boolean last = s == targets.size() - 1;
      drl.append("rule \"")
          .append(label)
          .append(", target ")
          .append(s + 1)
          .append(" (queue ")
          .append(escape(target.queueSid()))
          .append(")")
          .append(target.timeout() == null ? "" : " until " + target.timeout() + " s")
          .append("\"\n    ruleflow-group \"targets\"\n    salience ")
          .append(100_000 - s)
          .append("\nwhen\n    FilterMatch(filter == ")
          .append(f)
          .append(")\n    $task : TaskFact(")
          .append(target.timeout() == null ? "" : "age < " + target.timeout())
          .append(")\n    not TargetChoice()\n");
      if (target.skipIf() != null && !last) {
        drl.append("    eval(!conditions.skip(")
            .append(f)
            .append(", ")
            .append(s)
            .append(", $task))\n");
      }
      drl.append("then\n    insert(new TargetChoice($task.getSid(), ")
          .append(f)
          .append(", ")
          .append(s)
          .append("));\nend\n\n");
    }
    drl.append("rule \"")
        .append(label)
        .append(": every target has timed out\"\n    ruleflow-group \"targets\"\n    salience 0\n")
        .append("when\n    FilterMatch(filter == ")
        .append(f)
        .append(")\n    $task : TaskFact()\n    not TargetChoice()\n")
        .append("then\n    insert(new TargetChoice($task.getSid(), ")
        .append(f)
        .append(", TargetChoice.EXHAUSTED));\nend\n\n");
  }

  private KieBase build(String name, String version, String drl) {
    Map<String, String> files = new LinkedHashMap<>();
    if (!drl.isEmpty()) {
      files.put("org/switchboard/rules/workflow/Workflow.drl", drl);
    }
    files.putAll(sharedRules);
    return KieBuild.build(classLoader, "workflow-" + name, version, files);
  }

  /** The server-wide shared rules, by path, that every workflow and rule set is built with. */
  Map<String, String> sharedRules() {
    return sharedRules;
  }

  ClassLoader classLoader() {
    return classLoader;
  }

  /** A target of the JSON, as {@code default_filter} or a filter's targets hold it. */
  public static TargetSpec target(JsonObject target) {
    return new TargetSpec(
        text(target, "queue"),
        text(target, "expression"),
        number(target, "priority"),
        number(target, "timeout"),
        text(target, "order_by"),
        text(target, "skip_if"),
        text(target, "known_worker_sid"),
        text(target, "known_worker_friendly_name"));
  }

  private static String text(JsonObject object, String key) {
    JsonValue value = object.get(key);
    return value instanceof JsonString s ? s.getString() : null;
  }

  private static Integer number(JsonObject object, String key) {
    JsonValue value = object.get(key);
    return value instanceof JsonNumber n ? n.intValue() : null;
  }

  private static String label(int f, FilterSpec filter) {
    return "Filter "
        + (f + 1)
        + (filter.name() == null || filter.name().isEmpty()
            ? ""
            : " '" + escape(filter.name()) + "'");
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
  }
}
