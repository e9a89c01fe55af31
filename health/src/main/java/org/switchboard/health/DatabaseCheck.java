package org.switchboard.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the database answers {@code select 1} through Switchboard's own datasource (its pool,
 * its validation) within {@value #TIMEOUT_SECONDS} s. Without it every API request is answered 503,
 * so a server whose database is away is not ready.
 */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {

  static final int TIMEOUT_SECONDS = 2;

  @Resource(lookup = "java:jboss/datasources/SwitchboardDS")
  private DataSource dataSource;

  @Override
  public HealthCheckResponse call() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(TIMEOUT_SECONDS);
      statement.execute("select 1");
      return new HealthCheckResponse("database", HealthCheckResponse.Status.UP, Optional.empty());
    } catch (SQLException | RuntimeException e) {
      return new HealthCheckResponse(
          "database", HealthCheckResponse.Status.DOWN, Optional.of(Map.of("error", e.toString())));
    }
  }
}
