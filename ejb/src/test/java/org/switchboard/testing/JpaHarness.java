package org.switchboard.testing;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.resource.beans.container.spi.BeanContainer;
import org.hibernate.resource.beans.container.spi.ContainedBean;
import org.hibernate.resource.beans.spi.BeanInstanceProducer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.switchboard.infrastructure.bootstrap.DatabaseMigrator;
import org.switchboard.infrastructure.bootstrap.V15__Credentials;
import org.switchboard.infrastructure.bootstrap.V16__FreeChannels;
import org.switchboard.infrastructure.bootstrap.V17__ConfigurationNotices;
import org.switchboard.infrastructure.crypto.SecretBox;
import org.switchboard.infrastructure.jpa.SealedAuthTokenConverter;

/**
 * Real Hibernate on the machine's PostgreSQL, outside the server, for plain JUnit tests of the
 * routing core with a {@link SettableClock}: a fresh database migrated by the application's own
 * Flyway migrations, every {@code @Entity} of {@code org.switchboard.domain}, and field injection
 * of the few collaborators a bean needs. The database is dropped on {@link #close}. {@link
 * #startAt} stops the migrations at an older release's schema, for tests of upgrades.
 *
 * <p>Connects as the integration tests do: {@code switchboard.test.db.host}, {@code .port}, {@code
 * .name} (the database to create from), {@code .user}, {@code .password} (system properties the
 * build passes on; defaults {@code 127.0.0.1:5432/test}, user {@code postgres}, no password).
 */
public final class JpaHarness implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  private static final String SERVER =
      "jdbc:postgresql://"
          + System.getProperty("switchboard.test.db.host", "127.0.0.1")
          + ":"
          + System.getProperty("switchboard.test.db.port", "5432")
          + "/";
  private static final String ADMIN_URL =
      SERVER + System.getProperty("switchboard.test.db.name", "test");
  private static final String USER = System.getProperty("switchboard.test.db.user", "postgres");
  private static final String PASSWORD = System.getProperty("switchboard.test.db.password", "");

  private final String database;
  private final SecretBox box;
  private SessionFactory factory;

  private JpaHarness(String database, SecretBox box) {
    this.database = database;
    this.box = box;
  }

  /**
   * Creates and migrates a database of its own: the SQL migrations, not V15 (a Java migration that
   * needs the server's key, run by {@link #startAt}); no test of the routing core reads an account.
   */
  public static JpaHarness start() {
    JpaHarness harness = create(null);
    harness.migrate(null);
    return harness;
  }

  /**
   * Creates a database of its own migrated only up to {@code target} (e.g. {@code "1"}): the schema
   * an older release left, for a test that writes rows as that release did with {@link #execute}
   * and then {@link #migrate}s it, as an upgrade does. The migrations include V15, which seals
   * AuthTokens with {@code box}; entities read sealed AuthTokens with it too.
   */
  public static JpaHarness startAt(String target, SecretBox box) {
    JpaHarness harness = create(box);
    harness.migrate(target);
    return harness;
  }

  /**
   * A database of its own for one test class, as a JUnit extension: created and migrated as {@link
   * #start} does before the class's first test, dropped after its last. Declared as
   * {@code @RegisterExtension static final JpaHarness db = JpaHarness.perTestClass();}.
   */
  public static JpaHarness perTestClass() {
    return new JpaHarness(newDatabaseName(), null);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    admin("create database " + database);
    migrate(null);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private static JpaHarness create(SecretBox box) {
    JpaHarness harness = new JpaHarness(newDatabaseName(), box);
    admin("create database " + harness.database);
    return harness;
  }

  private static String newDatabaseName() {
    return "switchboard_unit_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Applies the application's migrations up to {@code target}, or all of them if it is null. */
  public void migrate(String target) {
    var configuration =
        Flyway.configure(JpaHarness.class.getClassLoader())
            .dataSource(url(), USER, PASSWORD)
            .locations("classpath:db/migration")
            .placeholders(DatabaseMigrator.placeholders(true))
            .target(target == null ? "latest" : target);
    configuration.javaMigrations(
        box == null
            ? new JavaMigration[] {new V16__FreeChannels(true), new V17__ConfigurationNotices(true)}
            : new JavaMigration[] {
              new V15__Credentials(box),
              new V16__FreeChannels(true),
              new V17__ConfigurationNotices(true)
            });
    configuration.load().migrate();
  }

  /** Runs one statement with plain JDBC, outside Hibernate: a row as an older release wrote it. */
  public void execute(String sql, Object... parameters) {
    try (Connection c = DriverManager.getConnection(url(), USER, PASSWORD);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      s.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private String url() {
    return SERVER + database;
  }

  private SessionFactory factory() {
    if (factory == null) {
      Configuration configuration =
          new Configuration()
              .setProperty("hibernate.connection.url", url())
              .setProperty("hibernate.connection.username", USER)
              .setProperty("hibernate.connection.password", PASSWORD)
              .setProperty("hibernate.connection.pool_size", "2")
              .setProperty("hibernate.jdbc.time_zone", "UTC")
              // as WildFly runs Hibernate: queries must be JPA-compliant (no fetch join aliases)
              .setProperty("hibernate.jpa.compliance.query", "true")
              .setProperty("hibernate.hbm2ddl.auto", "none");
      if (box != null) {
        configuration.getProperties().put(AvailableSettings.BEAN_CONTAINER, new Beans(box));
      }
      new ClassFileImporter()
              .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
              .importPackages("org.switchboard.domain")
              .stream()
              .filter(c -> c.isAnnotatedWith(Entity.class))
              .forEach(c -> configuration.addAnnotatedClass(c.reflect()));
      factory = configuration.buildSessionFactory();
    }
    return factory;
  }

  /** A new entity manager; the caller runs its work in {@link #inTransaction}. */
  public EntityManager entityManager() {
    return factory().createEntityManager();
  }

  /** Runs {@code work} in one transaction of {@code em}, committing it. */
  public static void inTransaction(EntityManager em, Consumer<EntityManager> work) {
    em.getTransaction().begin();
    try {
      work.accept(em);
      em.getTransaction().commit();
    } catch (RuntimeException e) {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      throw e;
    }
  }

  /** Sets a bean's field, as the container would inject it. */
  public static <T> T inject(T bean, String field, Object value) {
    for (Class<?> c = bean.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(field);
        f.setAccessible(true);
        f.set(bean, value);
        return bean;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalArgumentException(bean.getClass() + " has no field " + field);
  }

  @Override
  public void close() {
    if (factory != null) {
      factory.close();
    }
    admin("drop database if exists " + database + " with (force)");
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + ADMIN_URL + ": " + sql, e);
    }
  }

  /**
   * What the container's CDI does for Hibernate's beans: the AuthToken converter gets the server's
   * {@link SecretBox} (it would look it up through CDI, which plain JUnit has not).
   */
  private record Beans(SecretBox box) implements BeanContainer {

    @Override
    public <B> ContainedBean<B> getBean(
        Class<B> beanType, LifecycleOptions options, BeanInstanceProducer fallback) {
      B bean = fallback.produceBeanInstance(beanType);
      if (bean instanceof SealedAuthTokenConverter) {
        inject(bean, "box", box);
      }
      return () -> bean;
    }

    @Override
    public <B> ContainedBean<B> getBean(
        String name, Class<B> beanType, LifecycleOptions options, BeanInstanceProducer fallback) {
      B bean = fallback.produceBeanInstance(name, beanType);
      return () -> bean;
    }

    @Override
    public void stop() {
      // nothing to release
    }
  }

  /** A clock the test moves; it stands still otherwise. */
  public static final class SettableClock extends Clock {
    private Instant now;

    public SettableClock(Instant start) {
      this.now = start;
    }

    public void advance(java.time.Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** A CDI {@link Event} that keeps what was fired, in order, for the test to read. */
  public static final class Recorded<T> implements Event<T> {
    public final List<T> fired = new ArrayList<>();

    @Override
    public void fire(T event) {
      fired.add(event);
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Event<T> select(Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }
  }
}
