package org.switchboard.web.realtime;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.switchboard.web.api.auth.BasicAuthenticationFilter;
import org.switchboard.web.api.error.ApiExceptionMapper;
import org.switchboard.web.api.json.JsonbConfigResolver;

/**
 * The part of Twilio's 2010-04-01 API that Switchboard serves: an account's API keys ({@link
 * KeysResource}), behind the same HTTP Basic authentication as the TaskRouter API.
 */
@ApplicationPath("2010-04-01")
public class TwilioApi2010 extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        KeysResource.class,
        BasicAuthenticationFilter.class,
        ApiExceptionMapper.class,
        JsonbConfigResolver.class);
  }
}
