package org.switchboard.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.Optional;

/** An HTTP response of the API, with its body parsed as JSON on demand. */
public record ApiResponse(int status, String body, HttpResponse<String> raw) {

  public JsonObject json() {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    }
  }

  public Optional<String> header(String name) {
    return raw.headers().firstValue(name);
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
