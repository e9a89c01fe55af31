package org.switchboard.it.bpm;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/** JSON-P shorthands for task attributes. */
final class Json {

  private Json() {}

  static JsonObject object(String json) {
    try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  static JsonObject with(JsonObject object, String name, JsonObject value) {
    return jakarta.json.Json.createObjectBuilder(object).add(name, value).build();
  }
}
