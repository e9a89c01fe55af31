package org.switchboard.bpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.StringJoiner;

/**
 * The part of Switchboard's TaskRouter v1 REST API the plugin uses, over {@link HttpClient}: form
 * parameters in, JSON out, HTTP Basic credentials. Thread-safe.
 */
public final class SwitchboardClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String workspaceUrl;
  private final String authorization;
  private final Duration requestTimeout;

  SwitchboardClient(
      String baseUrl,
      String workspaceSid,
      String username,
      String password,
      Duration connectTimeout,
      Duration requestTimeout) {
    // HTTP/1.1: plain REST calls gain nothing from an h2c upgrade.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .build();
    String root = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.workspaceUrl = root + "/v1/Workspaces/" + workspaceSid;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = requestTimeout;
  }

  /** Switchboard could not be reached or answered that it is unavailable: try again later. */
  public static final class UnavailableException extends RuntimeException {
    UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Switchboard refused the request (a 4xx other than 404/409 where those are expected). */
  public static final class RefusedException extends RuntimeException {
    final int status;

    RefusedException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** A response: its status and JSON body. */
  public record Reply(int status, JsonNode body) {}

  /** {@code POST …/Tasks}; returns the new task's sid. */
  public String createTask(String... form) {
    Reply reply = send(post(workspaceUrl + "/Tasks", form));
    expect(reply, 201);
    return reply.body().path("sid").asText();
  }

  /** {@code GET …/Tasks/{sid}}: the task, or null if Switchboard has no such task. */
  public JsonNode task(String sid) {
    Reply reply = send(get(workspaceUrl + "/Tasks/" + sid));
    if (reply.status() == 404) {
      return null;
    }
    expect(reply, 200);
    return reply.body();
  }

  /** {@code POST …/Tasks/{sid}}; the status (200, or 404/409 when the task is gone or ended). */
  public int updateTask(String sid, String... form) {
    Reply reply = send(post(workspaceUrl + "/Tasks/" + sid, form));
    if (reply.status() != 404 && reply.status() != 409) {
      expect(reply, 200);
    }
    return reply.status();
  }

  /**
   * {@code POST …/Tasks/{sid}/Reservations/{reservation}}: answers a reservation (e.g. with an
   * instruction). Returns the status: 200, or 404/409 when the reservation is gone or no longer
   * pending (answered, rescinded, timed out), which callers take as "nothing to do".
   */
  public int answerReservation(String taskSid, String reservationSid, String... form) {
    Reply reply =
        send(post(workspaceUrl + "/Tasks/" + taskSid + "/Reservations/" + reservationSid, form));
    if (reply.status() != 404 && reply.status() != 409) {
      expect(reply, 200);
    }
    return reply.status();
  }

  /**
   * The tasks not yet ended (pending, reserved, assigned) whose attributes match {@code
   * expression}, one page at a time: the page after {@code nextPageUrl}, or the first.
   */
  public JsonNode openTasks(String expression, String nextPageUrl) {
    String url =
        nextPageUrl != null
            ? nextPageUrl
            : workspaceUrl
                + "/Tasks?AssignmentStatus=pending&AssignmentStatus=reserved"
                + "&AssignmentStatus=assigned&EvaluateTaskAttributes="
                + encode(expression)
                + "&PageSize=200";
    Reply reply = send(get(url));
    expect(reply, 200);
    return reply.body();
  }

  /**
   * The sid of the task whose attributes carry this Camunda task id, in any status, or null: how a
   * retried creation finds out whether an earlier attempt got through.
   */
  public String findTaskByCamundaTask(String workflowSid, String camundaTaskId) {
    String expression = "camunda.task_id == \"" + camundaTaskId.replace("\"", "") + "\"";
    String url =
        workspaceUrl
            + "/Tasks?WorkflowSid="
            + encode(workflowSid)
            + "&EvaluateTaskAttributes="
            + encode(expression)
            + "&PageSize=1";
    Reply reply = send(get(url));
    expect(reply, 200);
    JsonNode tasks = reply.body().path("tasks");
    return tasks.isEmpty() ? null : tasks.get(0).path("sid").asText();
  }

  /**
   * One page of {@code GET …/Events}: from {@code startDate} (ISO 8601) for one event type, or the
   * page a previous answer's {@code meta.next_page_url} names.
   */
  public JsonNode events(String startDate, String eventType, String nextPageUrl) {
    String url =
        nextPageUrl != null
            ? nextPageUrl
            : workspaceUrl
                + "/Events?StartDate="
                + encode(startDate)
                + "&EventType="
                + encode(eventType)
                + "&PageSize=1000";
    Reply reply = send(get(url));
    expect(reply, 200);
    return reply.body();
  }

  private HttpRequest get(String url) {
    return request(url).GET().build();
  }

  private HttpRequest post(String url, String... form) {
    StringJoiner body = new StringJoiner("&");
    for (int i = 0; i + 1 < form.length; i += 2) {
      if (form[i + 1] != null) {
        body.add(encode(form[i]) + "=" + encode(form[i + 1]));
      }
    }
    return request(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  private HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(requestTimeout)
        .header("Accept", "application/json")
        .header("Authorization", authorization);
  }

  private Reply send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UnavailableException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted", e);
    }
    int status = response.statusCode();
    if (status >= 500 || status == 429 || status == 401) {
      // 401 too: a key being rotated must not lose work; the job waits and tries again.
      throw new UnavailableException(
          request.method() + " " + request.uri() + ": " + status + " " + response.body(), null);
    }
    JsonNode body;
    try {
      body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UnavailableException("not JSON from " + request.uri() + ": " + e, e);
    }
    return new Reply(status, body);
  }

  private static void expect(Reply reply, int status) {
    if (reply.status() != status) {
      throw new RefusedException(
          reply.status(), "Switchboard answered " + reply.status() + ": " + reply.body());
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
