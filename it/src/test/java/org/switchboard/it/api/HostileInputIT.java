package org.switchboard.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.it.support.Problems.assertInvalid;
import static org.switchboard.it.support.Problems.assertNotFound;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Database;
import org.switchboard.it.support.Deployments;
import org.switchboard.it.support.Furnished;
import org.switchboard.it.support.OpenApiContract;
import org.switchboard.it.support.Pages;
import org.switchboard.it.support.Seed;

/**
 * Values the database cannot store (the NUL character) and malformed sids, wherever they come in:
 * Twilio's error JSON, never a 500, and nothing stored.
 */
@ExtendWith(ArquillianExtension.class)
class HostileInputIT {

  private static final String NUL = "\u0000";

  private final Api api = Api.asSuiteAccount();

  @Deployment(testable = false)
  static EnterpriseArchive deployment() {
    return Deployments.switchboardEar();
  }

  @Test
  void refusesTheNulCharacterInFormsQueriesPathsAndCredentials() {
    // given
    Seed seed = Seed.workspace(api);
    String name = "nul-" + UUID.randomUUID();

    // then
    assertInvalid(api.post("/v1/Workspaces", "FriendlyName", name + NUL), "FriendlyName");
    assertInvalid(
        api.post(
            seed.base + "/Workers", "FriendlyName", "w", "Attributes", "{\"a\":\"" + NUL + "\"}"),
        "Attributes");
    assertInvalid(api.get("/v1/Workspaces?FriendlyName=" + Api.encode(NUL)), "FriendlyName");
    assertNotFound(api.get(seed.base + "/Workers/WK" + Api.encode(NUL)));
    ApiResponse credentials = Api.as("AC" + NUL, "token").get("/v1/Workspaces");
    assertThat(credentials.status()).as(credentials.toString()).isEqualTo(401);

    // and nothing was stored
    assertThat(Pages.sids(api.get("/v1/Workspaces?FriendlyName=" + Api.encode(name)), "workspaces"))
        .isEmpty();
    assertThat(Pages.sids(api.get(seed.base + "/Workers"), "workers")).isEmpty();

    // while an escaped NUL inside JSON is just text
    ApiResponse escaped =
        api.post(seed.base + "/Workers", "FriendlyName", "w", "Attributes", "{\"a\":\"\\u0000\"}");
    assertThat(escaped.status()).as(escaped.toString()).isEqualTo(201);
    assertThat(escaped.json().getString("attributes")).isEqualTo("{\"a\":\"\\u0000\"}");
  }

  @Test
  void refusesMalformedQueueSidsInTheBulkStatisticsBody() {
    Seed seed = Seed.workspace(api);
    String bulk = seed.base + "/TaskQueues/RealTimeStatistics";

    assertInvalid(api.postJson(bulk, "{\"QueueSids\":[\"\\u0000\"]}"), "QueueSids");
    assertInvalid(api.postJson(bulk, "{\"QueueSids\":[\"WQ-not-a-sid\"]}"), "QueueSids");
    assertInvalid(api.postJson(bulk, "{\"QueueSids\":[42]}"), "QueueSids");
  }

  /**
   * Every operation of the reference spec, sent malformed values for each of its parameters (NUL,
   * invalid UTF-8, huge strings, wrong types, bad sids, deep and huge JSON), bad sids in its path,
   * duplicated query parameters, a wrong content type and an oversized body: never a 5xx, every
   * refusal in Twilio's error shape, and no row of the workspace changed.
   */
  @Test
  void everyOperationOfTheSpecSurvivesMalformedInputAndChangesNothing() {
    // given a workspace with one of everything and a pending reservation
    Furnished f = Furnished.workspace(api);
    String before = Database.digestOfWorkspaces(f.seed().workspace);
    JsonObject paths = OpenApiContract.referencePaths();
    int sent = 0;
    List<String> accepted = new ArrayList<>();

    for (String template : paths.keySet()) {
      String path = f.fill(template);
      for (Map.Entry<String, JsonValue> op : paths.getJsonObject(template).entrySet()) {
        String method = op.getKey();
        if (!List.of("get", "post", "delete").contains(method)) {
          continue;
        }
        JsonObject operation = op.getValue().asJsonObject();
        String what = method.toUpperCase(Locale.ROOT) + " " + template;

        // a bad sid in the path
        if (path.contains("/")) {
          String badPath = path.substring(0, path.lastIndexOf('/') + 1) + "XX%00-not-a-sid";
          if (template.endsWith("}")) {
            assertRefused(request(method, badPath, FORM, new byte[0]), what + " bad sid", accepted);
            sent++;
          }
        }
        // each query parameter malformed, and given twice
        for (JsonObject parameter : parameters(operation, "query")) {
          String name = parameter.getString("name");
          // (a URL carries no more than a few KB)
          for (byte[] value : malformed(name, parameter.getJsonObject("schema"), 8_000)) {
            byte[] query = concat(Api.encode(name).getBytes(StandardCharsets.US_ASCII), EQ, value);
            assertRefused(
                request(
                    method,
                    path + "?" + new String(query, StandardCharsets.ISO_8859_1),
                    FORM,
                    new byte[0]),
                what + " ?" + name,
                accepted);
            sent++;
          }
          String twice = "?" + name + "=1&" + name + "=%00";
          assertRefused(
              request(method, path + twice, FORM, new byte[0]), what + " " + twice, accepted);
          sent++;
        }
        // each form parameter malformed
        JsonObject form = formSchema(operation);
        if (form != null) {
          for (Map.Entry<String, JsonValue> property :
              form.getJsonObject("properties").entrySet()) {
            String name = property.getKey();
            for (byte[] value : malformed(name, property.getValue().asJsonObject(), 100_000)) {
              byte[] body = concat(Api.encode(name).getBytes(StandardCharsets.US_ASCII), EQ, value);
              assertRefused(request(method, path, FORM, body), what + " " + name, accepted);
              sent++;
            }
          }
        }
        if ("post".equals(method)) {
          // a form under the wrong content type, and a body far beyond any parameter's size
          byte[] plain = "FriendlyName=x&Attributes=%7B%7D".getBytes(StandardCharsets.US_ASCII);
          assertRefused(request(method, path, "text/plain", plain), what + " text/plain", accepted);
          byte[] huge = ("FriendlyName=" + "x".repeat(2 << 20)).getBytes(StandardCharsets.US_ASCII);
          ApiResponse tooLarge = request(method, path, FORM, huge);
          assertRefused(tooLarge, what + " 2 MiB body", accepted);
          assertThat(tooLarge.status()).as(what + " 2 MiB body: " + tooLarge).isEqualTo(413);
          sent += 2;
        }
      }
    }

    // then nothing changed
    assertThat(sent).isGreaterThan(300);
    assertThat(Database.digestOfWorkspaces(f.seed().workspace))
        .as("rows changed; the requests answered 2xx were %s", accepted)
        .isEqualTo(before);
    assertThat(f.reservationStatus()).isEqualTo("pending");
  }

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final byte[] EQ = {'='};

  private ApiResponse request(String method, String path, String contentType, byte[] body) {
    return api.raw(method.toUpperCase(Locale.ROOT), path, contentType, body);
  }

  /** Values no parameter accepts, percent-encoded as they go on the wire. */
  private static List<byte[]> malformed(String name, JsonObject schema, int huge) {
    List<String> values = new ArrayList<>();
    values.add("%00");
    values.add("%C3%28%FF"); // not UTF-8
    values.add("x".repeat(huge));
    String type = schema == null ? "string" : schema.getString("type", "string");
    if (!"string".equals(type)) {
      values.add("twelve"); // wrong type
    }
    String pattern = schema == null ? "" : schema.getString("pattern", "");
    if (pattern.startsWith("^")
        && pattern.length() > 3
        && Character.isUpperCase(pattern.charAt(1))) {
      values.add(pattern.substring(1, 3) + "g".repeat(32)); // a sid that is not hex
    }
    if (huge > 10_000 && (name.endsWith("Attributes") || "Configuration".equals(name))) {
      values.add(Api.encode("[".repeat(20_000) + "]".repeat(20_000))); // deep JSON
      values.add(Api.encode("{\"a\":\"" + "x".repeat(70_000) + "\"}")); // huge JSON
    }
    return values.stream().map(v -> v.getBytes(StandardCharsets.ISO_8859_1)).toList();
  }

  private static List<JsonObject> parameters(JsonObject operation, String in) {
    if (!operation.containsKey("parameters")) {
      return List.of();
    }
    return operation.getJsonArray("parameters").getValuesAs(JsonObject.class).stream()
        .filter(p -> in.equals(p.getString("in")))
        .toList();
  }

  private static JsonObject formSchema(JsonObject operation) {
    JsonObject body = operation.getJsonObject("requestBody");
    if (body == null || !body.getJsonObject("content").containsKey(FORM)) {
      return null;
    }
    JsonObject schema = body.getJsonObject("content").getJsonObject(FORM).getJsonObject("schema");
    return schema.containsKey("properties") ? schema : null;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /**
   * Never a 5xx, and an error is Twilio's. A request answered 2xx (a value the operation ignores, a
   * filter matching nothing) is noted in {@code accepted}: the digest shows whether it changed
   * anything.
   */
  private static void assertRefused(ApiResponse response, String what, List<String> accepted) {
    assertThat(response.status()).as(what + ": " + response).isLessThan(500);
    if (response.status() < 400) {
      accepted.add(what + " → " + response.status());
      return;
    }
    JsonObject error;
    try {
      error = response.json();
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": not Twilio's error JSON: " + response, e);
    }
    assertThat(error.getInt("status")).as(what + ": " + response).isEqualTo(response.status());
    assertThat(error.getInt("code")).as(what + ": " + response).isPositive();
    assertThat(error.getString("message")).as(what).isNotBlank();
    assertThat(error.getString("more_info"))
        .as(what)
        .isEqualTo("https://www.twilio.com/docs/errors/" + error.getInt("code"));
  }
}
