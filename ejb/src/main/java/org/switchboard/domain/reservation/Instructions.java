package org.switchboard.domain.reservation;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.switchboard.domain.shared.InvalidParameterException;

/**
 * TaskRouter's reservation instructions and the names of their parameters. REST ({@code
 * UpdateTaskReservation}, {@code UpdateWorkerReservation}) prefixes the parameters of {@code call},
 * {@code dequeue} and {@code redirect} with the instruction's name ({@code CallTo}, {@code
 * DequeueFrom}, {@code RedirectUrl}) and leaves the {@code conference} ones bare ({@code To},
 * {@code Beep}, {@code PostWorkActivitySid}); an assignment callback's JSON answer names the same
 * fields in snake_case without the prefix ({@code to}, {@code url}, {@code call_sid}, {@code
 * post_work_activity_sid}). Switchboard carries every instruction with its REST names: {@link
 * #fromCallback} translates a callback's answer, {@link #canonical} a request's.
 */
public final class Instructions {

  public static final String ACCEPT = "accept";
  public static final String REJECT = "reject";
  public static final String CONFERENCE = "conference";
  public static final String DEQUEUE = "dequeue";
  public static final String CALL = "call";
  public static final String REDIRECT = "redirect";
  public static final String SUPERVISE = "supervise";

  /** A callback answer's fields by their REST names, for the instructions that prefix them. */
  private static final Map<String, Map<String, String>> CALLBACK_NAMES =
      Map.of(
          CALL,
          Map.of(
              "to", "CallTo",
              "from", "CallFrom",
              "url", "CallUrl",
              "accept", "CallAccept",
              "timeout", "CallTimeout",
              "status_callback_url", "CallStatusCallbackUrl",
              "record", "CallRecord"),
          DEQUEUE,
          Map.of(
              "to", "DequeueTo",
              "from", "DequeueFrom",
              "timeout", "DequeueTimeout",
              "record", "DequeueRecord",
              "post_work_activity_sid", "DequeuePostWorkActivitySid",
              "status_callback_url", "DequeueStatusCallbackUrl",
              "status_callback_events", "DequeueStatusCallbackEvent"),
          REDIRECT,
          Map.of("call_sid", "RedirectCallSid", "url", "RedirectUrl", "accept", "RedirectAccept"),
          REJECT,
          Map.of("activity_sid", "WorkerActivitySid"));

  /**
   * Names some clients send for the {@code call} instruction without its prefix (TaskRouter's
   * {@code reservation.call()} in the first SDK generation did): taken when the prefixed one is
   * absent.
   */
  private static final Map<String, String> CALL_ALIASES =
      Map.of("To", "CallTo", "From", "CallFrom", "Url", "CallUrl");

  private Instructions() {}

  /**
   * The parameters of an assignment callback's JSON answer ({@code {"instruction": "dequeue", "to":
   * "…", "post_work_activity_sid": "WA…"}}) by their REST names ({@code DequeueTo}, {@code
   * DequeuePostWorkActivitySid}); fields the instruction does not prefix are turned from snake_case
   * into PascalCase ({@code end_conference_on_exit} → {@code EndConferenceOnExit}), and a field
   * already in PascalCase is kept. Non-string values are given as their JSON text ({@code true},
   * {@code 20}).
   */
  public static Map<String, String> fromCallback(String instruction, JsonObject answer) {
    Map<String, String> names =
        CALLBACK_NAMES.getOrDefault(normalized(instruction), Map.<String, String>of());
    Map<String, String> parameters = new LinkedHashMap<>();
    answer.forEach(
        (key, value) -> {
          if (!"instruction".equals(key) && value.getValueType() != JsonValue.ValueType.NULL) {
            String name = names.getOrDefault(key, pascal(key));
            parameters.put(name, value instanceof JsonString s ? s.getString() : value.toString());
          }
        });
    return parameters;
  }

  /** A request's instruction parameters, with the {@code call} aliases resolved. */
  public static Map<String, String> canonical(String instruction, Map<String, String> parameters) {
    if (!CALL.equals(normalized(instruction))) {
      return parameters;
    }
    Map<String, String> out = new LinkedHashMap<>(parameters);
    CALL_ALIASES.forEach(
        (alias, name) -> {
          String value = out.remove(alias);
          if (value != null && !out.containsKey(name)) {
            out.put(name, value);
          }
        });
    return out;
  }

  /** The instruction's name in lower case, or null. */
  public static String normalized(String instruction) {
    return instruction == null ? null : instruction.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The activity the worker moves to once the call of a {@code conference} ({@code
   * PostWorkActivitySid}) or {@code dequeue} ({@code DequeuePostWorkActivitySid}) ends, or null.
   */
  public static String postWorkActivitySid(String instruction, Map<String, String> parameters) {
    String name = postWorkActivityParameter(instruction);
    String sid = name == null ? null : parameters.get(name);
    return sid == null || sid.isBlank() ? null : sid.trim();
  }

  /** The parameter that names the post-work activity of an instruction, or null. */
  public static String postWorkActivityParameter(String instruction) {
    return switch (String.valueOf(normalized(instruction))) {
      case CONFERENCE -> "PostWorkActivitySid";
      case DEQUEUE -> "DequeuePostWorkActivitySid";
      default -> null;
    };
  }

  /**
   * Whether a {@code call} ({@code CallAccept}) or {@code redirect} ({@code RedirectAccept})
   * instruction accepts the reservation when it is carried out; TaskRouter's default is false, so
   * the reservation stays pending for the worker or the application to accept.
   *
   * @throws InvalidParameterException if the flag is not a boolean
   */
  public static boolean acceptsAtOnce(String instruction, Map<String, String> parameters) {
    String name =
        switch (String.valueOf(normalized(instruction))) {
          case CALL -> "CallAccept";
          case REDIRECT -> "RedirectAccept";
          default -> null;
        };
    return name != null && bool(name, parameters.get(name));
  }

  /**
   * How long the worker's phone may ring, in seconds, as the instruction asks ({@code Timeout},
   * {@code DequeueTimeout}, {@code CallTimeout}); null when it does not say.
   *
   * @throws InvalidParameterException if the value is not a whole number from 1 to 600
   */
  public static Integer ringTimeoutSeconds(String instruction, Map<String, String> parameters) {
    String name = ringTimeoutParameter(instruction);
    String value = name == null ? null : parameters.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      int seconds = Integer.parseInt(value.trim());
      if (seconds >= 1 && seconds <= 600) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidParameterException(
        name, name + " must be a whole number of seconds from 1 to 600: " + value);
  }

  private static String ringTimeoutParameter(String instruction) {
    return switch (String.valueOf(normalized(instruction))) {
      case CONFERENCE -> "Timeout";
      case DEQUEUE -> "DequeueTimeout";
      case CALL -> "CallTimeout";
      default -> null;
    };
  }

  /**
   * The URL to tell when the worker's call ends ({@code StatusCallback} of a {@code conference},
   * {@code DequeueStatusCallbackUrl}, {@code CallStatusCallbackUrl}), or null.
   */
  public static String statusCallbackUrl(String instruction, Map<String, String> parameters) {
    String name =
        switch (String.valueOf(normalized(instruction))) {
          case CONFERENCE -> "StatusCallback";
          case DEQUEUE -> "DequeueStatusCallbackUrl";
          case CALL -> "CallStatusCallbackUrl";
          default -> null;
        };
    String url = name == null ? null : parameters.get(name);
    return url == null || url.isBlank() ? null : url.trim();
  }

  /**
   * A TaskRouter boolean: {@code true} or {@code false} (any case); absent is false.
   *
   * @throws InvalidParameterException for any other value
   */
  public static boolean bool(String name, String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new InvalidParameterException(name, name + " must be true or false: " + value);
    };
  }

  /** {@code post_work_activity_sid} → {@code PostWorkActivitySid}; PascalCase stays as it is. */
  static String pascal(String snake) {
    StringBuilder out = new StringBuilder();
    for (String part : snake.split("_")) {
      if (!part.isEmpty()) {
        out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return out.toString();
  }
}
