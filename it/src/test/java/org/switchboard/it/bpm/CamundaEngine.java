package org.switchboard.it.bpm;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.postgresql.Driver;
import org.switchboard.bpm.SwitchboardPlugin;

/**
 * An embedded Camunda 7 engine as a Camunda user runs it: on its own, fresh PostgreSQL database
 * (created on the suite's PostgreSQL server, dropped on close), with the job executor running and
 * the Switchboard plugin configured through its bean properties.
 */
final class CamundaEngine implements AutoCloseable {

  final ProcessEngine engine;
  private final String database;

  private CamundaEngine(ProcessEngine engine, String database) {
    this.engine = engine;
    this.database = database;
  }

  static CamundaEngine start(String name, SwitchboardPlugin plugin) {
    String database = "camunda_it_" + UUID.randomUUID().toString().replace("-", "");
    admin("create database " + database);
    String suiteUrl = System.getProperty("switchboard.it.db.url");
    String url = suiteUrl.substring(0, suiteUrl.lastIndexOf('/') + 1) + database;

    DefaultJobExecutor jobExecutor = new DefaultJobExecutor();
    // Picks up due jobs within half a second, so the tests wait on conditions, not on polling.
    jobExecutor.setWaitTimeInMillis(100);
    jobExecutor.setMaxWait(500);
    // the plugin's recurring jobs (events poll, external tasks, reconciliation) and its commands
    // each wait on HTTP: more than Camunda's 3 threads keep them from queueing behind each other
    jobExecutor.setCorePoolSize(6);
    jobExecutor.setMaxPoolSize(10);
    jobExecutor.setQueueSize(6);

    StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
    configuration.setProcessEngineName(name);
    configuration.setJdbcUrl(url);
    configuration.setJdbcDriver(Driver.class.getName());
    configuration.setJdbcUsername(System.getProperty("switchboard.it.db.user", "postgres"));
    configuration.setJdbcPassword(System.getProperty("switchboard.it.db.password", ""));
    configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
    configuration.setHistory(ProcessEngineConfiguration.HISTORY_AUDIT);
    configuration.setJobExecutor(jobExecutor);
    configuration.setJobExecutorActivate(true);
    configuration.getProcessEnginePlugins().add(plugin);
    try {
      return new CamundaEngine(configuration.buildProcessEngine(), database);
    } catch (RuntimeException e) {
      admin("drop database if exists " + database + " with (force)");
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      admin("drop database if exists " + database + " with (force)");
    }
  }

  private static void admin(String sql) {
    Properties properties = new Properties();
    properties.setProperty("user", System.getProperty("switchboard.it.db.user", "postgres"));
    String password = System.getProperty("switchboard.it.db.password", "");
    if (!password.isEmpty()) {
      properties.setProperty("password", password);
    }
    try (Connection connection =
            new Driver().connect(System.getProperty("switchboard.it.db.url"), properties);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
