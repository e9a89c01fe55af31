package org.switchboard.web.api.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/** One {@link FailedAuthentications} per server, limited as the settings say. */
@ApplicationScoped
public class FailedAuthenticationsProducer {

  @Inject private Clock clock;

  @Produces
  @Singleton
  FailedAuthentications failedAuthentications() {
    return FailedAuthentications.fromSettings(clock);
  }
}
