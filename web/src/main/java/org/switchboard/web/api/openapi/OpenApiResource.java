package org.switchboard.web.api.openapi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /v1/openapi.json}: the description of Switchboard's API. Switchboard implements
 * TaskRouter v1 as Twilio's published OpenAPI document describes it (MIT-licensed, shipped in
 * {@code openapi/} with its license), so it serves that document with its own server URL and title,
 * plus the paths of Switchboard's extensions ({@code openapi/switchboard_extensions.json}: rule
 * sets, a task's routing explanation). The integration tests validate every response against the
 * same file, which keeps it true. No credentials are needed to read it.
 */
@ApplicationScoped
@Path("openapi.json")
public class OpenApiResource {

  private final Map<String, String> byServer = new ConcurrentHashMap<>();
  private volatile JsonObject document;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String describe(@Context UriInfo uriInfo) {
    String base = uriInfo.getBaseUri().resolve("/").toString().replaceAll("/$", "");
    return byServer.computeIfAbsent(base, this::forServer);
  }

  private String forServer(String server) {
    JsonObject original = document();
    JsonObject info =
        Json.createObjectBuilder(original.getJsonObject("info"))
            .add("title", "Switchboard TaskRouter API")
            .add(
                "description",
                "Switchboard's implementation of Twilio's TaskRouter v1 API, described by Twilio's"
                    + " published OpenAPI document (MIT license, see openapi/LICENSE-twilio-oai)."
                    + " Every error is Twilio's error JSON (code, message, more_info, status): 400"
                    + " code 20001 for a missing or malformed parameter (the message names it),"
                    + " 401 code 20003, 404 code 20404 (also for another account's resources),"
                    + " 409 when the resource's state forbids the change (a taken name, a full"
                    + " workspace, deleting what is in use, an illegal status change), 412 code"
                    + " 20412 for a stale If-Match. Not used: TaskQueueSid on task creation (tasks"
                    + " are placed by their workflow).")
            .build();
    JsonObject extensions = read("/openapi/switchboard_extensions.json");
    JsonObject paths =
        Json.createObjectBuilder(original.getJsonObject("paths"))
            .addAll(Json.createObjectBuilder(extensions.getJsonObject("paths")))
            .build();
    JsonObject schemas =
        Json.createObjectBuilder(original.getJsonObject("components").getJsonObject("schemas"))
            .addAll(
                Json.createObjectBuilder(
                    extensions.getJsonObject("components").getJsonObject("schemas")))
            .build();
    JsonObject components =
        Json.createObjectBuilder(original.getJsonObject("components"))
            .add("schemas", schemas)
            .build();
    return Json.createObjectBuilder(original)
        .add("info", info)
        .add("paths", paths)
        .add("components", components)
        .add(
            "servers", Json.createArrayBuilder().add(Json.createObjectBuilder().add("url", server)))
        .build()
        .toString();
  }

  private JsonObject document() {
    if (document == null) {
      document = read("/openapi/twilio_taskrouter_v1.json");
    }
    return document;
  }

  private static JsonObject read(String resource) {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(resource);
        JsonReader reader = Json.createReader(in)) {
      return reader.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
