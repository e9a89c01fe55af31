package org.switchboard.it.realtime;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.switchboard.it.support.Api;
import org.switchboard.it.support.ApiResponse;
import org.switchboard.it.support.Seed;

/** Test clients of the realtime endpoints: sign-in, the EB request and the socket. */
public final class Realtime {

  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private Realtime() {}

  /** A worker token from a fresh sign-in code, as the agent page gets it. */
  public static JsonObject agentSession(Api api, String workspace, String worker) {
    ApiResponse link =
        api.post("/realtime/sign-in-links", "WorkspaceSid", workspace, "WorkerSid", worker);
    Seed.expect(link, 201);
    ApiResponse session =
        Api.anonymous().post("/realtime/agent-tokens", "Code", link.json().getString("code"));
    Seed.expect(session, 200);
    return session.json();
  }

  /** POSTs a raw body to the event bridge. */
  static ApiResponse ebRaw(String body) {
    try {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(Api.root() + "/realtime/eb"))
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new ApiResponse(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An SDK-style EB request: {@code {url, method, params, token}}. */
  static ApiResponse eb(String token, String method, String url, JsonObject params) {
    var body = Json.createObjectBuilder().add("url", url).add("method", method);
    body.add("params", params == null ? Json.createObjectBuilder().build() : params);
    if (token != null) {
      body.add("token", token);
    }
    return ebRaw(body.build().toString());
  }

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /** A socket to {@code /realtime/ws} that records every frame and how it closed. */
  public static final class Socket implements WebSocket.Listener {
    final List<String> frames = new CopyOnWriteArrayList<>();

    /** When each frame arrived ({@link System#nanoTime()}), index by index with {@link #frames}. */
    final List<Long> arrivals = new CopyOnWriteArrayList<>();

    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket webSocket;

    public static Socket open(String query) {
      return openOn(Api.root(), query);
    }

    /** A socket to the server at {@code root}. */
    static Socket openOn(String root, String query) {
      Socket socket = new Socket();
      String ws = root.replaceFirst("^http", "ws") + "/realtime/ws?" + query;
      socket.webSocket = CLIENT.newWebSocketBuilder().buildAsync(URI.create(ws), socket).join();
      return socket;
    }

    /** The frames that are JSON (not heartbeats), parsed. */
    List<JsonObject> events() {
      return frames.stream().filter(f -> !f.isBlank()).map(Realtime::json).toList();
    }

    public boolean has(String eventType) {
      return events().stream().anyMatch(e -> eventType.equals(e.getString("event_type")));
    }

    JsonObject first(String eventType) {
      return events().stream()
          .filter(e -> eventType.equals(e.getString("event_type")))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + eventType + " in " + frames));
    }

    /** When the first event of the type arrived ({@link System#nanoTime()}). */
    long arrivalOf(String eventType) {
      for (int i = 0; i < frames.size(); i++) {
        String frame = frames.get(i);
        if (!frame.isBlank() && eventType.equals(Realtime.json(frame).getString("event_type"))) {
          return arrivals.get(i);
        }
      }
      throw new AssertionError("no " + eventType + " in " + frames);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        arrivals.add(System.nanoTime());
        frames.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(-1);
    }

    public void close() {
      if (!webSocket.isOutputClosed()) {
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
      }
    }
  }
}
