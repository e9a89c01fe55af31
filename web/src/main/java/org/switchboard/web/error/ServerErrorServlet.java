package org.switchboard.web.error;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.switchboard.web.api.error.DatabaseUnavailable;

/**
 * The error page for whatever escapes the API's exception mapper and the other servlets ({@code
 * web.xml} maps status 500 and every uncaught exception here), so that even then a client gets
 * Twilio's error JSON rather than the server's HTML page: 503 with {@code Retry-After} when the
 * database cannot be reached, 500 otherwise.
 */
@WebServlet("/server-error")
public class ServerErrorServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    boolean unavailable = thrown instanceof Throwable t && DatabaseUnavailable.causedIt(t);
    int status = unavailable ? 503 : 500;
    int code = unavailable ? DatabaseUnavailable.CODE : 20500;
    String message =
        unavailable
            ? "Service Unavailable: the database cannot be reached; retry"
            : "Internal Server Error";
    response.setStatus(status);
    if (unavailable) {
      response.setHeader("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
    }
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response
        .getWriter()
        .write(
            "{\"code\":"
                + code
                + ",\"message\":\""
                + message
                + "\",\"more_info\":\"https://www.twilio.com/docs/errors/"
                + code
                + "\",\"status\":"
                + status
                + "}");
  }
}
