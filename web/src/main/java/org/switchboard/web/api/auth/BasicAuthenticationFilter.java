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
import org.switchboard.application.AccountService;
import org.switchboard.application.ApiKeyService;
import org.switchboard.web.api.error.ErrorResponses;
import org.switchboard.web.api.error.TooManyFailedAuthentications;

/**
 * HTTP Basic authentication with AccountSid as user name and AuthToken as password, as Twilio's API
 * and helper libraries use it; on the TaskRouter API ({@code /v1}) also an API key's sid and
 * secret, as Twilio's helper libraries send them. A request without valid credentials gets 401 with
 * Twilio's error body (code 20003) and a {@code WWW-Authenticate} challenge; an address that keeps
 * failing gets 429 (code 20429) for a while ({@link FailedAuthentications}).
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

  @Override
  public void filter(ContainerRequestContext request) {
    if ("openapi.json".equals(request.getUriInfo().getPath().replaceFirst("^/", ""))) {
      return; // the API's description is public
    }
    // the TaskRouter API also takes an API key (SK… and its secret), as Twilio's does; the Keys
    // API itself does not, so a key cannot make or revoke keys
    boolean orApiKey = request.getUriInfo().getBaseUri().getPath().endsWith("/v1/");
    try {
      Optional<String> account =
          authenticate(
              request.getHeaderString(HttpHeaders.AUTHORIZATION),
              servletRequest.getRemoteAddr(),
              orApiKey);
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
