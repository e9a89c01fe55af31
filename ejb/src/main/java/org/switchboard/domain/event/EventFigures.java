package org.switchboard.domain.event;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import org.switchboard.domain.shared.Jsons;

/**
 * What an event carries for the cumulative statistics, read from its data: the one place that says
 * so, for the roll-ups ({@link EventRollup}) and for counting events one by one ({@link
 * StatisticsRepository}), which must agree. {@code age}: {@code task_age} of {@code
 * reservation.accepted} and {@code task.canceled}, or the {@code worker_time_in_previous_activity}
 * of a {@code worker.activity.update}, whose {@code activity} is then its {@code
 * worker_previous_activity_sid}; {@code queueAge}: {@code task_age_in_queue} of {@code
 * reservation.accepted}. Null where the event has none.
 */
record EventFigures(String activity, Long age, Long queueAge) {

  static final String ACCEPTED = EventType.RESERVATION_ACCEPTED.wireName();
  static final String CANCELED = EventType.TASK_CANCELED.wireName();
  static final String ACTIVITY = EventType.WORKER_ACTIVITY_UPDATE.wireName();

  private static final EventFigures NONE = new EventFigures(null, null, null);

  /** The figures of an event of this type (wire name) with this data (null: none read). */
  static EventFigures of(String type, String data) {
    if (data == null) {
      return NONE;
    }
    try (JsonReader reader = Jsons.createReader(new StringReader(data))) {
      JsonObject json = reader.readObject();
      if (type.equals(ACTIVITY)) {
        return json.get("worker_previous_activity_sid") instanceof JsonString previous
                && json.get("worker_time_in_previous_activity") instanceof JsonNumber seconds
            ? new EventFigures(previous.getString(), seconds.longValue(), null)
            : NONE;
      }
      return new EventFigures(
          null,
          number(json, "task_age"),
          type.equals(ACCEPTED) ? number(json, "task_age_in_queue") : null);
    }
  }

  private static Long number(JsonObject json, String field) {
    return json.get(field) instanceof JsonNumber n ? n.longValue() : null;
  }
}
