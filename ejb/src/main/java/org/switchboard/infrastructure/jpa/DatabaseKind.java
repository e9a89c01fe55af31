package org.switchboard.infrastructure.jpa;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Which database Switchboard runs on: PostgreSQL (production and the tests) or the embedded H2
 * database (the default for trying it out). A few statements use PostgreSQL's locking clauses,
 * which H2 does not know.
 */
@ApplicationScoped
public class DatabaseKind {

  @Resource(lookup = "java:jboss/datasources/SwitchboardDS")
  private DataSource dataSource;

  private volatile Boolean postgres;

  public boolean isPostgres() {
    Boolean known = postgres;
    if (known == null) {
      try (Connection connection = dataSource.getConnection()) {
        known =
            connection
                .getMetaData()
                .getDatabaseProductName()
                .toLowerCase(Locale.ROOT)
                .contains("postgres");
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot tell which database Switchboard runs on", e);
      }
      postgres = known;
    }
    return known;
  }
}
