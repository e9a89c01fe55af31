package org.switchboard.web.realtime;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.switchboard.web.api.error.ApiExceptionMapper;
import org.switchboard.web.api.json.JsonbConfigResolver;

/**
 * The sign-in endpoints of the realtime pages, at {@code /realtime}. Its classes are listed, so the
 * TaskRouter API's Basic authentication filter is not applied: each endpoint authenticates as it
 * documents. ({@code /realtime/eb} and {@code /realtime/ws} are a servlet and a WebSocket endpoint,
 * matched before this application.)
 */
@ApplicationPath("realtime")
public class RealtimeApi extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(SignInResource.class, ApiExceptionMapper.class, JsonbConfigResolver.class);
  }
}
