package org.switchboard.routing;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A worker as TaskRouter's expressions see it: its attributes, plus the worker's own properties
 * {@code sid}, {@code friendly_name}, {@code activity_name} and, when asked for, {@code
 * channel.<unique name>.<field>} ({@code configured_capacity}, {@code assigned_tasks}, {@code
 * available_capacity_units}, {@code available_capacity_percentage}, {@code available}). The
 * properties take precedence over attributes of the same name.
 */
public final class WorkerView {

  private WorkerView() {}

  /**
   * @param activityName the worker's activity, or null where it is not part of the view (queue
   *     membership, which must not change with the activity)
   * @param channels per channel unique name, its fields (see {@link #channel}), or null
   */
  public static Map<String, Object> of(
      Map<String, Object> attributes,
      String sid,
      String friendlyName,
      String activityName,
      Map<String, Map<String, Object>> channels) {
    Map<String, Object> view = new HashMap<>(attributes);
    view.put("sid", sid);
    view.put("friendly_name", friendlyName);
    if (activityName != null) {
      view.put("activity_name", activityName);
    }
    if (channels != null) {
      view.put("channel", channels);
    }
    return view;
  }

  /** One channel's fields, as {@code worker.channel.<name>.*} reads them. */
  public static Map<String, Object> channel(int configured, int assigned, boolean available) {
    int free = Math.max(0, configured - assigned);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("configured_capacity", BigDecimal.valueOf(configured));
    fields.put("assigned_tasks", BigDecimal.valueOf(assigned));
    fields.put("available_capacity_units", BigDecimal.valueOf(free));
    fields.put(
        "available_capacity_percentage",
        BigDecimal.valueOf(configured == 0 ? 0 : free * 100L / configured));
    fields.put("available", available);
    return fields;
  }

  /** Whether an expression reads the worker's channels (which cost a query to provide). */
  public static boolean readsChannels(String expression) {
    return expression != null && expression.contains("channel.");
  }
}
