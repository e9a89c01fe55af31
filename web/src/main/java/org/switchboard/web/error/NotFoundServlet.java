package org.switchboard.web.error;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page for paths outside the API ({@code web.xml} maps 404 here), so that an unknown path
 * answers with Twilio's error JSON like the API does.
 */
@WebServlet("/not-found")
public class NotFoundServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private static final String BODY =
      "{\"code\":20404,\"message\":\"The requested resource was not found\","
          + "\"more_info\":\"https://www.twilio.com/docs/errors/20404\",\"status\":404}";

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(BODY);
  }
}
