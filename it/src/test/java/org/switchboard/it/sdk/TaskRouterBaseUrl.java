package org.switchboard.it.sdk;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.util.List;
import java.util.Map;

/**
 * The SDK's own HTTP client, sending what it would send to {@code https://taskrouter.twilio.com} to
 * another server instead: the only change is the base URL. Everything else (parameters, headers,
 * credentials, body) is copied from the SDK's request as it built it.
 */
final class TaskRouterBaseUrl extends NetworkHttpClient {

  private static final String TWILIO = "https://taskrouter.twilio.com";

  private final String root;

  TaskRouterBaseUrl(String root) {
    this.root = root;
  }

  @Override
  public Response makeRequest(Request request) {
    if (!request.getUrl().startsWith(TWILIO)) {
      return super.makeRequest(request);
    }
    Request rewritten =
        new Request(request.getMethod(), root + request.getUrl().substring(TWILIO.length()));
    if (request.getUsername() != null) {
      rewritten.setAuth(request.getUsername(), request.getPassword());
    } else if (request.getAuthStrategy() != null) {
      rewritten.setAuth(request.getAuthStrategy());
    }
    copy(request.getQueryParams(), rewritten::addQueryParam);
    copy(request.getPostParams(), rewritten::addPostParam);
    copy(request.getHeaderParams(), rewritten::addHeaderParam);
    if (request.getContentType() != null) {
      rewritten.setContentType(request.getContentType());
    }
    if (request.getBody() != null) {
      rewritten.setBody(request.getBody());
    }
    return super.makeRequest(rewritten);
  }

  private static void copy(
      Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
    from.forEach((name, values) -> values.forEach(value -> to.accept(name, value)));
  }
}
