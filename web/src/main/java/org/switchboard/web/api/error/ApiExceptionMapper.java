package org.switchboard.web.api.error;

import jakarta.ejb.EJBException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.domain.shared.ConflictException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.InvalidRulesException;
import org.switchboard.domain.shared.SwitchboardException;

/**
 * The one place where exceptions become responses, for the whole API. The exception type decides
 * the status (not found 404, invalid parameter 400, bad credentials 401, not allowed 403, conflict
 * or concurrent change 409, too many failed authentications 429, database unreachable 503, anything
 * unexpected 500) and the body is always Twilio's error JSON.
 */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class.getName());

  @Override
  public Response toResponse(Throwable thrown) {
    Throwable cause = unwrap(thrown);
    if (cause instanceof InvalidRulesException e) {
      return ErrorResponses.withDetails(
          400,
          e.code(),
          e.getMessage(),
          java.util.Map.of(
              "parameter",
              e.parameter(),
              "errors",
              e.problems().stream()
                  .map(p -> new RuleErrorDto(p.file(), p.line(), p.column(), p.message()))
                  .toList()));
    }
    if (cause instanceof TooManyFailedAuthentications e) {
      return ErrorResponses.tooManyRequests(e.retryAfter());
    }
    if (cause instanceof SwitchboardException e) {
      return ErrorResponses.of(statusOf(e), e.code(), e.getMessage());
    }
    if (causedBy(thrown, OptimisticLockException.class)
        || causedBy(thrown, jakarta.persistence.PessimisticLockException.class)
        || causedBy(thrown, jakarta.persistence.LockTimeoutException.class)) {
      return ErrorResponses.of(
          409, 20409, "The resource was changed by another request at the same time; retry");
    }
    if (cause instanceof NotFoundException) {
      return ErrorResponses.of(404, 20404, "The requested resource was not found");
    }
    if (cause instanceof NotAllowedException) {
      return ErrorResponses.of(405, 20004, "Method not allowed");
    }
    if (cause instanceof WebApplicationException e) {
      int status = e.getResponse().getStatus();
      return ErrorResponses.of(
          status,
          status < 500 ? 20001 : ErrorResponses.GENERIC_CODE,
          e.getResponse().getStatusInfo().getReasonPhrase());
    }
    if (DatabaseUnavailable.causedIt(thrown)) {
      // a database restart or outage: the client should retry; the pool replaces its connections
      LOG.log(Level.WARNING, "Database unavailable; answered 503: {0}", rootMessage(thrown));
      return Response.fromResponse(
              ErrorResponses.of(
                  503,
                  DatabaseUnavailable.CODE,
                  "Service Unavailable: the database cannot be reached; retry"))
          .header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS)
          .build();
    }
    java.util.Optional<java.sql.SQLException> dataError = dataException(thrown);
    if (dataError.isPresent()) {
      // a value the database refuses (too long for its column, out of range): the client's input,
      // which a check should have caught first; never a 500
      LOG.log(
          Level.WARNING, "A value the database refused; answered 400: {0}", rootMessage(thrown));
      return ErrorResponses.of(
          400, 20001, "A parameter's value is too long or out of range for Switchboard to store");
    }
    LOG.log(Level.SEVERE, "Unexpected error answering an API request", thrown);
    return ErrorResponses.of(500, ErrorResponses.GENERIC_CODE, "Internal Server Error");
  }

  private static int statusOf(SwitchboardException e) {
    if (e instanceof org.switchboard.domain.shared.NotFoundException) {
      return 404;
    }
    if (e instanceof InvalidParameterException) {
      return 400;
    }
    if (e instanceof org.switchboard.domain.shared.AuthenticationException) {
      return 401;
    }
    if (e instanceof org.switchboard.domain.shared.ForbiddenException) {
      return 403;
    }
    if (e instanceof ConflictException) {
      return 409;
    }
    if (e instanceof org.switchboard.domain.shared.PreconditionFailedException) {
      return 412;
    }
    return 400;
  }

  /** An SQL data exception (SQLSTATE class 22: string too long, numeric out of range…). */
  private static java.util.Optional<java.sql.SQLException> dataException(Throwable thrown) {
    for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof java.sql.SQLException e
          && e.getSQLState() != null
          && e.getSQLState().startsWith("22")) {
        return java.util.Optional.of(e);
      }
    }
    return java.util.Optional.empty();
  }

  private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable thrown) {
    Throwable root = thrown;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static Throwable unwrap(Throwable thrown) {
    Throwable current = thrown;
    while (current instanceof EJBException && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
