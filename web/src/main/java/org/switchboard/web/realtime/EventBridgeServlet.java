package org.switchboard.web.realtime;

import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.domain.shared.AuthenticationException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Jsons;

/**
 * The SDK's {@code ebServer}: every SDK call is a POST of the JSON {@code {"url", "method",
 * "params", "token"}} (sent by the SDK as a string, so with whatever Content-Type), answered {@code
 * {"payload": …}}; errors are Twilio's error JSON with its HTTP status. A plain servlet, so the
 * body is read as it came, whatever its declared type.
 */
@WebServlet(urlPatterns = "/realtime/eb")
public class EventBridgeServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final int MAX_BODY = 1 << 20;

  @Inject private transient AccessTokens tokens;
  @Inject private transient EventBridgeRequests requests;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      fail(
          response, TwilioErrors.of(405, 20004, "Method not allowed: the event bridge takes POST"));
      return;
    }
    JsonObject answer;
    try {
      JsonObject body = parse(request);
      AccessTokens.Verified token = tokens.verify(string(body, "token", true));
      String method = string(body, "method", true);
      if (!"GET".equals(method) && !"POST".equals(method)) {
        throw new EventBridgeRequests.MethodNotAllowed();
      }
      JsonObject payload =
          requests.handle(
              new EventBridgeRequests.Call(
                  token,
                  method,
                  string(body, "url", true),
                  params(body),
                  request.getHeader("If-Match")));
      answer = Jsons.createObjectBuilder().add("payload", payload).build();
    } catch (RuntimeException e) {
      fail(response, TwilioErrors.of(e));
      return;
    }
    write(response, 200, answer);
  }

  private static JsonObject parse(HttpServletRequest request) throws IOException {
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      throw new InvalidParameterException("body", "The request body is larger than 1 MiB");
    }
    try (JsonReader reader =
        Jsons.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new JsonException("not an object");
      }
      return value.asJsonObject();
    } catch (JsonException e) {
      throw new InvalidParameterException(
          "body",
          "The request body must be a JSON object {\"url\", \"method\", \"params\", \"token\"}");
    }
  }

  private static String string(JsonObject body, String name, boolean required) {
    JsonValue value = body.get(name);
    if (value instanceof JsonString s && !s.getString().isBlank()) {
      return s.getString();
    }
    if (value == null || value == JsonValue.NULL) {
      if ("token".equals(name)) {
        throw new AuthenticationException(20101, "Invalid Access Token: none given");
      }
      if (required) {
        throw InvalidParameterException.required(name);
      }
      return null;
    }
    throw new InvalidParameterException(name, name + " must be a non-empty string");
  }

  /** The SDK's parameters; objects (e.g. Attributes) become their JSON text, as in a form. */
  private static Map<String, String> params(JsonObject body) {
    JsonValue value = body.get("params");
    Map<String, String> params = new LinkedHashMap<>();
    if (value == null || value == JsonValue.NULL) {
      return params;
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new InvalidParameterException("params", "params must be a JSON object");
    }
    value
        .asJsonObject()
        .forEach(
            (name, v) -> {
              switch (v.getValueType()) {
                case NULL -> {
                  // absent
                }
                case STRING -> params.put(name, ((JsonString) v).getString());
                default -> params.put(name, v.toString());
              }
            });
    return params;
  }

  private static void fail(HttpServletResponse response, JsonObject error) throws IOException {
    write(response, error.getInt("status"), error);
  }

  private static void write(HttpServletResponse response, int status, JsonObject body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(body.toString());
  }
}
