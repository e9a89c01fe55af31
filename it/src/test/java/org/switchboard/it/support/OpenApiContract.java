package org.switchboard.it.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Twilio's published OpenAPI description of TaskRouter v1 ({@code
 * openapi/twilio_taskrouter_v1.json}, MIT-licensed, copied from the project's shared reference),
 * with Switchboard's extensions ({@code openapi/switchboard_extensions.json}) added, made strict:
 * every property a schema lists is required, so a response that leaves one out fails just like one
 * with a mistyped value (nullable properties may still be {@code null}). {@link Api} checks every
 * successful response of the {@code /v1} API with it.
 */
public final class OpenApiContract {

  private static final OpenApiInteractionValidator VALIDATOR = load();

  private OpenApiContract() {}

  /**
   * @throws AssertionError listing every violation, if the body does not match the operation's
   *     response schema
   */
  public static void check(
      String method, String path, int status, String contentType, String body) {
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status).withBody(body);
    if (contentType != null) {
      response.withContentType(contentType);
    }
    ValidationReport report =
        VALIDATOR.validateResponse(path, Request.Method.valueOf(method), response.build());
    if (report.hasErrors()) {
      StringBuilder message =
          new StringBuilder("Response of " + method + " " + path + " breaks the OpenAPI contract:");
      report.getMessages().forEach(m -> message.append("\n  - ").append(m.getMessage()));
      message.append("\nBody: ").append(body);
      throw new AssertionError(message.toString());
    }
  }

  /**
   * The {@code paths} object of Twilio's reference spec (without Switchboard's extensions): every
   * path template with its operations, for tests that go through all of them.
   */
  public static jakarta.json.JsonObject referencePaths() {
    try (InputStream in =
            java.nio.file.Files.newInputStream(
                java.nio.file.Path.of(
                    System.getProperty(
                        "switchboard.openapi",
                        "../web/src/main/resources/openapi/twilio_taskrouter_v1.json")));
        jakarta.json.JsonReader reader = jakarta.json.Json.createReader(in)) {
      return reader.readObject().getJsonObject("paths");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OpenApiInteractionValidator load() {
    try (InputStream in =
        java.nio.file.Files.newInputStream(
            java.nio.file.Path.of(
                System.getProperty(
                    "switchboard.openapi",
                    "../web/src/main/resources/openapi/twilio_taskrouter_v1.json")))) {
      ObjectMapper mapper = new ObjectMapper();
      JsonNode spec = mapper.readTree(in);
      JsonNode extensions =
          mapper.readTree(
              java.nio.file.Path.of(
                      System.getProperty(
                          "switchboard.openapi.extensions",
                          "../web/src/main/resources/openapi/switchboard_extensions.json"))
                  .toFile());
      ((ObjectNode) spec.get("paths")).setAll((ObjectNode) extensions.get("paths"));
      ((ObjectNode) spec.get("components").get("schemas"))
          .setAll((ObjectNode) extensions.get("components").get("schemas"));
      requireAllProperties(spec);
      return OpenApiInteractionValidator.createForInlineApiSpecification(
              mapper.writeValueAsString(spec))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Marks every property of every object schema, however deep, as required. */
  private static void requireAllProperties(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode properties = object.get("properties");
      if (properties instanceof ObjectNode props && !props.isEmpty() && !isRequestSchema(object)) {
        ArrayNode required = object.putArray("required");
        props.fieldNames().forEachRemaining(required::add);
      }
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        requireAllProperties(fields.next().getValue());
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(OpenApiContract::requireAllProperties);
    }
  }

  /** Form request bodies are titled {@code …Request}; only responses are made strict. */
  private static boolean isRequestSchema(ObjectNode schema) {
    JsonNode title = schema.get("title");
    return title != null && title.asText().endsWith("Request");
  }
}
