package org.switchboard.web.api.auth;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.switchboard.application.AccountService;
import org.switchboard.application.ApiKeyService;
import org.switchboard.domain.shared.AuthenticationException;
import org.switchboard.web.api.error.ErrorResponses;
import org.switchboard.web.api.error.TooManyFailedAuthentications;
import org.switchboard.web.realtime.AccessTokens;

/**
 * HTTP Basic authentication with AccountSid as user name and AuthToken as password, as Twilio's API
 * and helper libraries use it; on the TaskRouter API ({@code /v1}) also an API key's sid and
 * secret, as Twilio's helper libraries send them. A request without valid credentials gets 401 with
 * Twilio's error body (code 20003) and a {@code WWW-Authenticate} challenge; an address that keeps
 * failing gets 429 (code 20429) for a while ({@link FailedAuthentications}). On {@code /v1} a
 * supervisor's workspace Access Token is also taken as a Bearer token, for reading its workspace
 * and supervising its calls only.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class BasicAuthenticationFilter implements ContainerRequestFilter {

  @Inject private AccountService accounts;
  @Inject private ApiKeyService apiKeys;
  @Inject private CallerAccount caller;
  @Inject private FailedAuthentications failures;
  @Inject private HttpServletRequest servletRequest;
  @Inject private AccessTokens accessTokens;

  private static final Pattern SUPERVISED_RESERVATION =
      Pattern.compile("Workspaces/WS[0-9a-f]{32}/Tasks/WT[0-9a-f]{32}/Reservations/WR[0-9a-f]{32}");

  @Override
  public void filter(ContainerRequestContext request) {
    if ("openapi.json".equals(relativePath(request))) {
      return; // the API's description is public
    }
    // the TaskRouter API also takes an API key (SK… and its secret), as Twilio's does; the Keys
    // API itself does not, so a key cannot make or revoke keys
    boolean orApiKey = request.getUriInfo().getBaseUri().getPath().endsWith("/v1/");
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (orApiKey && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      bearer(request, header.substring(7).trim());
      return;
    }
    try {
      Optional<String> account = authenticate(header, servletRequest.getRemoteAddr(), orApiKey);
      if (account.isPresent()) {
        caller.authenticatedAs(account.get());
      } else {
        request.abortWith(ErrorResponses.unauthorized());
      }
    } catch (TooManyFailedAuthentications e) {
      request.abortWith(ErrorResponses.tooManyRequests(e.retryAfter()));
    }
  }

  /**
   * {@code Authorization: Bearer <Access Token>} on {@code /v1}: a supervisor's workspace token (as
   * the supervisor page gets from its sign-in link) may read its own workspace and supervise its
   * calls, nothing else; a worker's token acts only through the event bridge.
   */
  private void bearer(ContainerRequestContext request, String jwt) {
    AccessTokens.Verified token;
    try {
      token = accessTokens.verify(jwt);
    } catch (AuthenticationException e) {
      request.abortWith(ErrorResponses.of(401, e.code(), e.getMessage()));
      return;
    }
    if (token.isWorker()) {
      request.abortWith(
          ErrorResponses.of(
              403,
              20403,
              "A worker's Access Token acts through the event bridge, not the REST API"));
      return;
    }
    String path = relativePath(request);
    String workspace = "Workspaces/" + token.workspaceSid();
    boolean inWorkspace = path.equals(workspace) || path.startsWith(workspace + "/");
    String method = request.getMethod();
    boolean reads = "GET".equals(method) || "HEAD".equals(method);
    boolean supervises = "POST".equals(method) && SUPERVISED_RESERVATION.matcher(path).matches();
    if (!inWorkspace || !(reads || supervises)) {
      request.abortWith(
          ErrorResponses.of(
              403,
              20403,
              "A supervisor's token may only read its own workspace and supervise its calls"));
      return;
    }
    caller.supervisorOf(token.accountSid(), token.workspaceSid());
  }

  /**
   * The account an {@code Authorization: Basic …} header authenticates (with the account's
   * AuthToken, or also an API key's secret when {@code orApiKey}), if it does. A wrong user name or
   * password counts against the address's allowance of failures.
   *
   * @throws TooManyFailedAuthentications if the address has used up its allowance for this user
   *     name; the credentials are not checked then
   */
  public Optional<String> authenticate(
      String authorizationHeader, String address, boolean orApiKey) {
    Optional<String[]> credentials = credentials(authorizationHeader);
    if (credentials.isEmpty()) {
      return Optional.empty(); // nothing was guessed
    }
    String user = credentials.get()[0];
    String password = credentials.get()[1];
    failures
        .refusal(address, user)
        .ifPresent(
            wait -> {
              throw new TooManyFailedAuthentications(wait);
            });
    Optional<String> account = accounts.authenticate(user, password);
    if (account.isEmpty() && orApiKey && user.startsWith("SK")) {
      account = apiKeys.authenticate(user, password);
    }
    if (account.isEmpty()) {
      failures.failed(address, user);
    }
    return account;
  }

  /** The request's path below the application's, without its leading slash. */
  private static String relativePath(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    return path.startsWith("/") ? path.substring(1) : path;
  }

  /** The user name and password of a Basic Authorization header, if it is one. */
  static Optional<String[]> credentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? Optional.empty()
          : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
