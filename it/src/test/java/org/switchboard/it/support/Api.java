package org.switchboard.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * A plain HTTP client for the deployed API, speaking what a Twilio client sends: HTTP Basic
 * credentials, form-encoded PascalCase parameters. Each test gets one through {@link
 * #asSuiteAccount}.
 */
public final class Api {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String authorization;
  private final String server;

  private Api(String authorization, String server) {
    this.authorization = authorization;
    this.server = server;
  }

  private Api(String authorization) {
    this(authorization, null);
  }

  /** The same credentials against another server, e.g. {@code http://127.0.0.1:18180}. */
  public Api on(String serverRoot) {
    return new Api(authorization, serverRoot);
  }

  /** The account the test server was started with. */
  public static Api asSuiteAccount() {
    return as(
        System.getProperty("switchboard.it.account.sid"),
        System.getProperty("switchboard.it.auth.token"));
  }

  public static Api as(String accountSid, String authToken) {
    String credentials = accountSid + ":" + authToken;
    return new Api(
        "Basic "
            + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
  }

  /** With an Access Token as a Bearer token, as the supervisor page sends its workspace token. */
  public static Api bearer(String accessToken) {
    return new Api("Bearer " + accessToken);
  }

  /** Without any credentials. */
  public static Api anonymous() {
    return new Api(null);
  }

  public static String accountSid() {
    return System.getProperty("switchboard.it.account.sid");
  }

  /** The server's root URL, e.g. {@code http://127.0.0.1:18080}. */
  public static String root() {
    int offset = Integer.getInteger("switchboard.it.port.offset", 10000);
    return "http://127.0.0.1:" + (8080 + offset);
  }

  public ApiResponse get(String path) {
    return send(request(path).GET());
  }

  public ApiResponse delete(String path) {
    return send(request(path).DELETE());
  }

  /** POSTs form parameters given as name, value, name, value, ... (names may repeat). */
  public ApiResponse post(String path, String... form) {
    return send(
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form))));
  }

  /** POSTs a JSON body, as Twilio's clients send the bulk statistics request. */
  public ApiResponse postJson(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Sends raw bytes as they are, with any method and content type (for hostile input). */
  public ApiResponse raw(String method, String path, String contentType, byte[] body) {
    HttpRequest.Builder builder = request(path).header("Content-Type", contentType);
    return send(
        body.length == 0 && !"POST".equals(method)
            ? builder.method(method, HttpRequest.BodyPublishers.noBody())
            : builder.method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** POSTs form parameters with an {@code If-Match} header. */
  public ApiResponse postIfMatch(String path, String ifMatch, String... form) {
    return send(
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("If-Match", ifMatch)
            .POST(HttpRequest.BodyPublishers.ofString(form(form))));
  }

  /** DELETEs with an {@code If-Match} header. */
  public ApiResponse deleteIfMatch(String path, String ifMatch) {
    return send(request(path).header("If-Match", ifMatch).DELETE());
  }

  public static String form(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("form parameters come in name/value pairs");
    }
    StringJoiner joiner = new StringJoiner("&");
    for (int i = 0; i < pairs.length; i += 2) {
      joiner.add(encode(pairs[i]) + "=" + encode(pairs[i + 1]));
    }
    return joiner.toString();
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    String url = path.startsWith("http") ? path : (server == null ? root() : server) + path;
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private static ApiResponse send(HttpRequest.Builder builder) {
    try {
      HttpRequest request = builder.build();
      HttpResponse<String> response =
          CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String path = request.uri().getPath();
      if (response.statusCode() / 100 == 2
          && path.startsWith("/v1/")
          && !path.equals("/v1/openapi.json")) {
        OpenApiContract.check(
            request.method(),
            path,
            response.statusCode(),
            response.headers().firstValue("Content-Type").orElse(null),
            response.body());
      }
      return new ApiResponse(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
