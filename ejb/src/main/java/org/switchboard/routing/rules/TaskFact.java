package org.switchboard.routing.rules;

import java.util.Map;
import java.util.Objects;

/**
 * The task as workflow rules see it: its sid, its attributes (parsed JSON), its age in the workflow
 * in seconds, and its priority. Immutable.
 */
public final class TaskFact {

  private final String sid;
  private final Map<String, Object> attributes;
  private final long age;
  private final int priority;

  public TaskFact(String sid, Map<String, Object> attributes, long age, int priority) {
    this.sid = Objects.requireNonNull(sid);
    this.attributes = Map.copyOf(attributes);
    this.age = age;
    this.priority = priority;
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

  @Override
  public String toString() {
    return "TaskFact[" + sid + ", age " + age + " s]";
  }
}
