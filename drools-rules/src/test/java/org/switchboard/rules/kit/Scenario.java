package org.switchboard.rules.kit;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.switchboard.routing.Placement;
import org.switchboard.routing.RuleSetChoice;
import org.switchboard.routing.rules.CompiledRuleSet;
import org.switchboard.routing.rules.QueueFact;
import org.switchboard.routing.rules.RuleSetCompiler;
import org.switchboard.routing.rules.TargetSpec;
import org.switchboard.routing.rules.TaskFact;
import org.switchboard.routing.rules.WorkerQuery;

/**
 * A rule author's scenario file: a rule set (DRL files), the queues and workers of a workspace, and
 * cases, each a task with the queue, priority and fired rules it must get. Runs the rule set with
 * the server's own compiler ({@link RuleSetCompiler}, with the shared rules) and the server's own
 * choice of target ({@link RuleSetChoice}), without a server. The format is in {@code
 * drools-rules/README.md}.
 */
public final class Scenario {

  /** The shared rules, as the server builds them into every rule set. */
  private static final Path SHARED = Path.of("src/main/resources/org/switchboard/rules/shared");

  private final String name;
  private final Map<String, String> files;
  private final String defaultQueue;
  private final List<QueueFact> queues = new ArrayList<>();
  private final List<JsonObject> workers = new ArrayList<>();
  private final List<JsonObject> cases = new ArrayList<>();
  private CompiledRuleSet rules;

  private Scenario(Path file) {
    this.name = file.getFileName().toString();
    JsonObject root;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        JsonReader reader = Json.createReader(in)) {
      root = reader.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files = new LinkedHashMap<>();
    JsonArray ruleSet = root.getJsonArray("rule_set");
    for (int i = 0; i < ruleSet.size(); i++) {
      Path drl = file.getParent().resolve(ruleSet.getString(i)).normalize();
      files.put(RuleSetCompiler.fileName(i), read(drl));
    }
    defaultQueue = root.getString("default_queue", null);
    for (JsonValue value : root.getJsonArray("queues")) {
      JsonObject q = value.asJsonObject();
      queues.add(
          new QueueFact(
              q.getString("name"),
              q.getString("name"),
              q.getInt("eligible", 0),
              q.getInt("available", 0),
              q.getInt("waiting", 0),
              q.getInt("longest_wait", 0)));
    }
    if (root.containsKey("workers")) {
      root.getJsonArray("workers").forEach(w -> workers.add(w.asJsonObject()));
    }
    root.getJsonArray("cases").forEach(c -> cases.add(c.asJsonObject()));
  }

  public static Scenario load(Path file) {
    return new Scenario(file);
  }

  public String name() {
    return name;
  }

  /** The names of the cases, in order. */
  public List<String> caseNames() {
    return cases.stream().map(c -> c.getString("name")).toList();
  }

  /** What the rule set decided for a case, in the terms the expectations use. */
  public record Outcome(String queue, Integer priority, String canceled, List<String> fired) {}

  /**
   * Compiles the rule set (a {@link org.switchboard.routing.rules.RuleCompilationException} names
   * file, line and column) and runs one case.
   */
  public Outcome run(String caseName) {
    if (rules == null) {
      rules = new RuleSetCompiler(Scenario.class.getClassLoader(), shared()).compile(name, files);
    }
    JsonObject c =
        cases.stream().filter(x -> x.getString("name").equals(caseName)).findFirst().orElseThrow();
    JsonObject task = c.getJsonObject("task");
    long age = task.getInt("age", 0);
    int priority = task.getInt("priority", 0);
    TaskFact fact =
        new TaskFact(
            "WT" + caseName.hashCode(),
            attributes(task.getJsonObject("attributes")),
            age,
            priority,
            task.getString("channel", "default"),
            LocalDateTime.parse(task.getString("time", "2026-01-05T10:00")));
    CompiledRuleSet.Decision decision = rules.decide(fact, queues, workerQuery());
    TargetSpec fallback =
        defaultQueue == null
            ? null
            : new TargetSpec(defaultQueue, null, null, null, null, null, null, null);
    Placement placement =
        RuleSetChoice.choose(
            decision,
            age,
            java.time.Instant.EPOCH,
            fallback,
            q -> queues.stream().anyMatch(f -> f.getFriendlyName().equals(q)) ? q : null,
            name,
            0);
    return new Outcome(
        placement.exhausted() ? null : placement.queueSid(),
        placement.exhausted()
            ? null
            : placement.priority() != null ? placement.priority() : priority,
        placement.exhausted() ? placement.reason() : null,
        decision.rulesFired());
  }

  /** The case's expectations, compared with what the rules decided; an empty list when all hold. */
  public List<String> check(String caseName) {
    JsonObject expect =
        cases.stream()
            .filter(x -> x.getString("name").equals(caseName))
            .findFirst()
            .orElseThrow()
            .getJsonObject("expect");
    Outcome outcome = run(caseName);
    List<String> wrong = new ArrayList<>();
    if (expect.containsKey("queue")
        && !Objects.equals(text(expect.get("queue")), outcome.queue())) {
      wrong.add("queue: expected " + text(expect.get("queue")) + ", got " + outcome.queue());
    }
    if (expect.containsKey("priority") && expect.getInt("priority") != nz(outcome.priority())) {
      wrong.add("priority: expected " + expect.getInt("priority") + ", got " + outcome.priority());
    }
    if (expect.containsKey("canceled")
        && !Objects.equals(text(expect.get("canceled")), outcome.canceled())) {
      wrong.add(
          "canceled: expected " + text(expect.get("canceled")) + ", got " + outcome.canceled());
    }
    if (expect.containsKey("fired")) {
      List<String> fired =
          expect.getJsonArray("fired").getValuesAs(JsonString.class).stream()
              .map(JsonString::getString)
              .toList();
      if (!outcome.fired().containsAll(fired) || outcome.fired().size() != fired.size()) {
        wrong.add("fired: expected " + fired + " (any order), got " + outcome.fired());
      }
    }
    return wrong;
  }

  private WorkerQuery workerQuery() {
    return new WorkerQuery() {
      @Override
      public int members(String queue) {
        return (int) in(queue).count();
      }

      @Override
      public int available(String queue) {
        return (int) in(queue).filter(w -> w.getBoolean("available", true)).count();
      }

      @Override
      public int availableMatching(String queue, String expression) {
        throw new UnsupportedOperationException(
            "availableMatching is answered by the server; give the queue's figures instead");
      }

      private java.util.stream.Stream<JsonObject> in(String queue) {
        return workers.stream()
            .filter(
                w ->
                    w.getJsonArray("queues").getValuesAs(JsonString.class).stream()
                        .anyMatch(q -> q.getString().equals(queue)));
      }
    };
  }

  private static int nz(Integer value) {
    return value == null ? 0 : value;
  }

  private static String text(JsonValue value) {
    return value instanceof JsonString s ? s.getString() : null;
  }

  private static Map<String, String> shared() {
    Map<String, String> shared = new LinkedHashMap<>();
    for (String line : read(SHARED.resolve("index.txt")).split("\\R")) {
      String file = line.strip();
      if (!file.isEmpty() && !file.startsWith("#")) {
        shared.put("org/switchboard/rules/shared/" + file, read(SHARED.resolve(file)));
      }
    }
    return shared;
  }

  private static Map<String, Object> attributes(JsonObject object) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (object != null) {
      object.forEach((k, v) -> map.put(k, value(v)));
    }
    return map;
  }

  private static Object value(JsonValue v) {
    return switch (v.getValueType()) {
      case STRING -> ((JsonString) v).getString();
      case NUMBER -> ((jakarta.json.JsonNumber) v).bigDecimalValue();
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case NULL -> null;
      case OBJECT -> attributes(v.asJsonObject());
      case ARRAY -> v.asJsonArray().stream().map(Scenario::value).toList();
    };
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
