package org.switchboard.it.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 that receives Switchboard's callbacks (form POSTs) the way an
 * integrator's application would, records each with its {@code X-Twilio-Signature}, and answers
 * with what the test chose (for assignment callbacks, a JSON instruction).
 */
public final class CallbackReceiver implements AutoCloseable {

  /** One received request. */
  public record Received(String path, Map<String, String> form, String signature) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Function<Received, String> answer = r -> "";

  public CallbackReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          Map<String, String> form;
          try (InputStream in = exchange.getRequestBody()) {
            form = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          Received request =
              new Received(
                  exchange.getRequestURI().getPath(),
                  form,
                  exchange.getRequestHeaders().getFirst("X-Twilio-Signature"));
          received.add(request);
          byte[] body = answer.apply(request).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
  }

  /** The URL of a path on this receiver. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** What to answer; by default an empty 200. */
  public void answer(Function<Received, String> answer) {
    this.answer = answer;
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static Map<String, String> parse(String form) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
