package org.switchboard.web.api.auth;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

/**
 * HTTP Basic authentication with AccountSid as user name and AuthToken as password, as Twilio's API
 * and helper libraries use it; on the TaskRouter API ({@code /v1}) also an API key's sid and
 * secret, as Twilio's helper libraries send them. A request without valid credentials gets 401 with
 * Twilio's error body (code 20003) and a {@code WWW-Authenticate} challenge.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class BasicAuthenticationFilter implements ContainerRequestFilter {

  @Inject private AccountService accounts;
  @Inject private ApiKeyService apiKeys;
  @Inject private CallerAccount caller;

  @Override
  public void filter(ContainerRequestContext request) {
    if ("openapi.json".equals(request.getUriInfo().getPath().replaceFirst("^/", ""))) {
      return; // the API's description is public
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    Optional<String> account = authenticate(header);
    if (account.isEmpty() && request.getUriInfo().getBaseUri().getPath().endsWith("/v1/")) {
      // the TaskRouter API also takes an API key (SK… and its secret), as Twilio's does; the
      // Keys API itself does not, so a key cannot make or revoke keys
      account =
          credentials(header)
              .filter(c -> c[0].startsWith("SK"))
              .flatMap(c -> apiKeys.authenticate(c[0], c[1]));
    }
    if (account.isPresent()) {
      caller.authenticatedAs(account.get());
    } else {
      request.abortWith(ErrorResponses.unauthorized());
    }
  }

  /** The account an {@code Authorization: Basic …} header authenticates, if it does. */
  public Optional<String> authenticate(String authorizationHeader) {
    return credentials(authorizationHeader).flatMap(c -> accounts.authenticate(c[0], c[1]));
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
