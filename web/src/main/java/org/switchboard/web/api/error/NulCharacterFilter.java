package org.switchboard.web.api.error;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses the NUL character ({@code %00}) in any parameter: the database cannot store it in text,
 * so without this check such a value failed at commit with a 500. A NUL in a form or query
 * parameter answers 400 naming the parameter; in the path, 404 (no resource has such a sid).
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHORIZATION)
public class NulCharacterFilter implements ContainerRequestFilter {

  private static final char NUL = '\u0000';

  @Override
  public void filter(ContainerRequestContext request) {
    for (PathSegment segment : request.getUriInfo().getPathSegments()) {
      if (segment.getPath().indexOf(NUL) >= 0) {
        request.abortWith(ErrorResponses.of(404, 20404, "The requested resource was not found"));
        return;
      }
    }
    Optional<String> parameter = withNul(request.getUriInfo().getQueryParameters());
    if (parameter.isEmpty()
        && request.hasEntity()
        && MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(request.getMediaType())) {
      parameter = withNulInForm(request);
    }
    parameter.ifPresent(
        name ->
            request.abortWith(
                ErrorResponses.of(400, 20001, name + " must not contain the NUL character (%00)")));
  }

  private static Optional<String> withNul(MultivaluedMap<String, String> parameters) {
    for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
      if (entry.getKey().indexOf(NUL) >= 0
          || entry.getValue().stream().anyMatch(v -> v.indexOf(NUL) >= 0)) {
        return Optional.of(entry.getKey().replace(NUL, '?'));
      }
    }
    return Optional.empty();
  }

  /** Reads the form to check it, and puts the same bytes back for the resource to read. */
  private static Optional<String> withNulInForm(ContainerRequestContext request) {
    byte[] body;
    try {
      body = request.getEntityStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    request.setEntityStream(new ByteArrayInputStream(body));
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      try {
        String decoded = URLDecoder.decode(pair, StandardCharsets.UTF_8);
        if (decoded.indexOf(NUL) >= 0) {
          int equals = decoded.indexOf('=');
          return Optional.of(
              (equals < 0 ? decoded : decoded.substring(0, equals)).replace(NUL, '?'));
        }
      } catch (IllegalArgumentException e) {
        // a malformed escape is left for the form reader to report
      }
    }
    return Optional.empty();
  }
}
