package org.switchboard.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.routing.lang.Expression;
import org.switchboard.routing.lang.TimeOfDay;

/**
 * {@link Expressions} backed by {@link Expression}: each expression text is compiled once and kept,
 * and attribute documents are parsed once per distinct text (bounded caches), because routing
 * evaluates the same few expressions against the same workers again and again.
 */
@ApplicationScoped
public class CompiledExpressions implements Expressions {

  private static final int MAX_EXPRESSIONS = 10_000;
  private static final int MAX_DOCUMENTS = 50_000;

  private final Map<String, Expression> compiled = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Object>> documents = new ConcurrentHashMap<>();

  @Inject private Clock clock;

  @Override
  public Predicate<Map<String, Object>> overTask(String expression) {
    Expression e = compile(expression);
    return attributes -> e.matches(TimeOfDay.over(clock.instant(), Expression.over(attributes)));
  }

  /** Without {@code taskrouter.*}: queue membership is kept in the database, not per minute. */
  @Override
  public Predicate<Map<String, Object>> overWorker(String expression) {
    Expression e = compile(expression);
    return attributes -> e.matches(Expression.over(attributes));
  }

  @Override
  public BiPredicate<Map<String, Object>, Map<String, Object>> overTaskAndWorker(
      String expression) {
    if (expression == null || expression.isBlank()) {
      return (task, worker) -> true;
    }
    Expression e = compile(expression);
    return (task, worker) ->
        e.matches(TimeOfDay.over(clock.instant(), Expression.overTaskAndWorker(task, worker)));
  }

  @Override
  public boolean test(String expression, Expression.Resolver resolver) {
    return compile(expression).matches(TimeOfDay.over(clock.instant(), resolver));
  }

  @Override
  public Map<String, Object> attributes(String json) {
    if (json == null) {
      return Map.of();
    }
    Map<String, Object> known = documents.get(json);
    if (known != null) {
      return known;
    }
    Map<String, Object> parsed;
    try (JsonReader reader = Jsons.createReader(new StringReader(json))) {
      parsed = toMap(reader.readObject());
    } catch (RuntimeException e) {
      parsed = Map.of();
    }
    if (documents.size() >= MAX_DOCUMENTS) {
      documents.clear();
    }
    documents.put(json, parsed);
    return parsed;
  }

  private Expression compile(String expression) {
    Expression known = compiled.get(expression);
    if (known != null) {
      return known;
    }
    if (compiled.size() >= MAX_EXPRESSIONS) {
      compiled.clear();
    }
    return compiled.computeIfAbsent(expression, text -> Expression.parse("Expression", text));
  }

  private static Map<String, Object> toMap(JsonObject object) {
    Map<String, Object> map = new LinkedHashMap<>();
    object.forEach((key, value) -> map.put(key, toJava(value)));
    return map;
  }

  private static Object toJava(JsonValue value) {
    if (value instanceof JsonObject object) {
      return toMap(object);
    }
    if (value instanceof JsonArray array) {
      List<Object> list = new ArrayList<>(array.size());
      array.forEach(item -> list.add(toJava(item)));
      return list;
    }
    if (value instanceof JsonString s) {
      return s.getString();
    }
    if (value instanceof JsonNumber n) {
      return n.bigDecimalValue();
    }
    if (value == JsonValue.TRUE) {
      return Boolean.TRUE;
    }
    if (value == JsonValue.FALSE) {
      return Boolean.FALSE;
    }
    return null;
  }
}
