package org.switchboard.domain.shared;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/**
 * The rules for TaskRouter's {@code Attributes} parameters: a JSON object, at most 4,096
 * characters, stored as the text the client sent.
 */
public final class JsonAttributes {

  /** TaskRouter's limit on the length of an attributes document. */
  public static final int MAX_LENGTH = 4096;

  private JsonAttributes() {}

  /**
   * Checks an attributes document and returns it unchanged; null stays null.
   *
   * @throws InvalidParameterException naming {@code parameter} if it is too long or not a JSON
   *     object
   */
  public static String require(String parameter, String json) {
    if (json == null) {
      return null;
    }
    if (json.length() > MAX_LENGTH) {
      throw new InvalidParameterException(
          parameter, parameter + " must be at most " + MAX_LENGTH + " characters long");
    }
    parse(parameter, json);
    return json;
  }

  /**
   * Parses a JSON object document.
   *
   * @throws InvalidParameterException naming {@code parameter} if it is not a JSON object
   */
  public static JsonObject parse(String parameter, String json) {
    try (JsonReader reader = Jsons.createReader(new StringReader(json))) {
      return reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new InvalidParameterException(
          parameter, parameter + " must be a JSON object: " + e.getMessage());
    }
  }
}
