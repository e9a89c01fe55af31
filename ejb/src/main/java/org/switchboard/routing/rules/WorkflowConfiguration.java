package org.switchboard.routing.rules;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.routing.lang.Expression;
import org.switchboard.routing.lang.OrderBy;

/**
 * Validates a workflow's {@code Configuration}: TaskRouter's JSON with {@code task_routing.filters}
 * (each an {@code expression} and a non-empty {@code targets} list) and an optional {@code
 * default_filter}; every target names an existing {@code queue}; expressions, priorities and
 * timeouts are well formed. Instead of filters, {@code task_routing.rule_set} may name a rule set
 * of the workspace ({@code RS…}) whose rules route the task, with the {@code default_filter} for
 * tasks no rule routes. Every problem is a 400 naming {@code Configuration} and the place.
 */
public final class WorkflowConfiguration {

  private static final String PARAMETER = "Configuration";

  private WorkflowConfiguration() {}

  /**
   * What a valid configuration refers to.
   *
   * @param queues the sids of the queues its targets name
   * @param ruleSetSid the rule set it routes with, or null
   */
  public record References(Set<String> queues, String ruleSetSid) {}

  /**
   * @param queueExists whether a queue sid belongs to the workspace
   * @param ruleSetExists whether a rule set sid belongs to the workspace
   * @throws InvalidParameterException naming {@code Configuration} and what is wrong
   */
  public static References validate(
      String configuration, Predicate<String> queueExists, Predicate<String> ruleSetExists) {
    if (configuration == null || configuration.isBlank()) {
      throw InvalidParameterException.required(PARAMETER);
    }
    JsonObject root;
    try (JsonReader reader = Jsons.createReader(new StringReader(configuration))) {
      root = reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw invalid("is not a JSON object: " + e.getMessage());
    }
    if (!(root.get("task_routing") instanceof JsonObject routing)) {
      throw invalid("must have a task_routing object");
    }
    Set<String> queues = new LinkedHashSet<>();
    String ruleSet = text(routing, "rule_set", "task_routing");
    if (ruleSet != null && !ruleSetExists.test(ruleSet)) {
      throw invalid("task_routing.rule_set " + ruleSet + " is not a RuleSet of this workspace");
    }
    JsonValue filters = routing.get("filters");
    if (ruleSet != null && filters != null) {
      throw invalid(
          "task_routing has a rule_set: its rules replace filters, so give one or the other");
    }
    if (filters != null && !(filters instanceof JsonArray)) {
      throw invalid("task_routing.filters must be an array");
    }
    if (filters instanceof JsonArray array) {
      for (int f = 0; f < array.size(); f++) {
        String where = "task_routing.filters[" + f + "]";
        if (!(array.get(f) instanceof JsonObject filter)) {
          throw invalid(where + " must be an object");
        }
        expression(filter, "expression", where, true);
        text(filter, "filter_friendly_name", where);
        if (!(filter.get("targets") instanceof JsonArray targets) || targets.isEmpty()) {
          throw invalid(where + ".targets must be a non-empty array");
        }
        for (int t = 0; t < targets.size(); t++) {
          String at = where + ".targets[" + t + "]";
          if (!(targets.get(t) instanceof JsonObject target)) {
            throw invalid(at + " must be an object");
          }
          queues.add(target(target, at, queueExists));
        }
      }
    }
    JsonValue defaults = routing.get("default_filter");
    if (defaults != null) {
      if (!(defaults instanceof JsonObject target)) {
        throw invalid("task_routing.default_filter must be an object");
      }
      queues.add(target(target, "task_routing.default_filter", queueExists));
    }
    if (queues.isEmpty() && ruleSet == null) {
      throw invalid("must route to at least one queue (filters or default_filter)");
    }
    return new References(queues, ruleSet);
  }

  private static String target(JsonObject target, String at, Predicate<String> queueExists) {
    String queue = text(target, "queue", at);
    if (queue == null) {
      throw invalid(at + ".queue is required");
    }
    if (!queueExists.test(queue)) {
      throw invalid(at + ".queue " + queue + " is not a TaskQueue of this workspace");
    }
    expression(target, "expression", at, false);
    expression(target, "skip_if", at, false);
    integer(target, "priority", at, Integer.MIN_VALUE);
    integer(target, "timeout", at, 1);
    String orderBy = text(target, "order_by", at);
    if (orderBy != null) {
      try {
        OrderBy.parse(PARAMETER, orderBy);
      } catch (InvalidParameterException e) {
        throw invalid(at + ".order_by: " + e.getMessage());
      }
    }
    text(target, "known_worker_sid", at);
    text(target, "known_worker_friendly_name", at);
    return queue;
  }

  private static void expression(JsonObject object, String key, String at, boolean required) {
    String value = text(object, key, at);
    if (value == null) {
      if (required) {
        throw invalid(at + "." + key + " is required");
      }
      return;
    }
    try {
      Expression.parse(PARAMETER, value);
    } catch (InvalidParameterException e) {
      throw invalid(at + "." + key + ": " + e.getMessage());
    }
  }

  private static String text(JsonObject object, String key, String at) {
    JsonValue value = object.get(key);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonString s)) {
      throw invalid(at + "." + key + " must be a string");
    }
    return s.getString();
  }

  private static void integer(JsonObject object, String key, String at, int minimum) {
    JsonValue value = object.get(key);
    if (value == null || value == JsonValue.NULL) {
      return;
    }
    if (!(value instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < minimum) {
      throw invalid(
          at
              + "."
              + key
              + " must be an integer"
              + (minimum > Integer.MIN_VALUE ? " of at least " + minimum : ""));
    }
  }

  private static InvalidParameterException invalid(String problem) {
    return new InvalidParameterException(PARAMETER, "Invalid " + PARAMETER + ": " + problem);
  }
}
