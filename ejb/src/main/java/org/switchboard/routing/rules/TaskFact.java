package org.switchboard.routing.rules;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The task as workflow rules see it: its sid, its attributes (parsed JSON), its age in the workflow
 * in seconds, its priority, its task channel's unique name and the time of day it is evaluated at
 * (in UTC, as TaskRouter's {@code taskrouter.currentTime}). Immutable.
 */
public final class TaskFact {

  private final String sid;
  private final Map<String, Object> attributes;
  private final long age;
  private final int priority;
  private final String channel;
  private final LocalDateTime time;

  public TaskFact(String sid, Map<String, Object> attributes, long age, int priority) {
    this(sid, attributes, age, priority, "default", LocalDateTime.of(2000, 1, 3, 12, 0));
  }

  /**
   * @param channel the task channel's unique name ({@code voice}, {@code chat}, {@code default})
   * @param time the local date and time the rules decide at
   */
  public TaskFact(
      String sid,
      Map<String, Object> attributes,
      long age,
      int priority,
      String channel,
      LocalDateTime time) {
    this.sid = Objects.requireNonNull(sid);
    // not Map.copyOf: a JSON attribute may be null, and rules must see it as null
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    this.age = age;
    this.priority = priority;
    this.channel = Objects.requireNonNull(channel);
    this.time = Objects.requireNonNull(time);
  }

  public String getSid() {
    return sid;
  }

  public Map<String, Object> getAttributes() {
    return attributes;
  }

  /**
   * The attribute at a dotted path ({@code customer.tier}) through nested objects, or null. Rules
   * use it as {@code TaskFact( attribute("customer.tier") == "premium" )}.
   */
  public Object attribute(String path) {
    Object current = attributes;
    for (String key : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  /** The attribute at a dotted path if it is a number, as an integer; otherwise null. */
  public Integer number(String path) {
    return attribute(path) instanceof Number n ? n.intValue() : null;
  }

  public long getAge() {
    return age;
  }

  public int getPriority() {
    return priority;
  }

  /** The task channel's unique name. */
  public String getChannel() {
    return channel;
  }

  /** The hour of the day, 0 to 23. */
  public int getHour() {
    return time.getHour();
  }

  /** The minute of the hour, 0 to 59. */
  public int getMinute() {
    return time.getMinute();
  }

  /** The time of day as HHMM ({@code 1830}), as TaskRouter's {@code taskrouter.currentTime}. */
  public int getTimeOfDay() {
    return time.getHour() * 100 + time.getMinute();
  }

  /** The day of the week as TaskRouter writes it: {@code Mon} … {@code Sun}. */
  public String getDayOfWeek() {
    return time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }

  /** Whether it is Saturday or Sunday. */
  public boolean isWeekend() {
    return time.getDayOfWeek() == DayOfWeek.SATURDAY || time.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  @Override
  public String toString() {
    return "TaskFact[" + sid + ", age " + age + " s]";
  }
}
