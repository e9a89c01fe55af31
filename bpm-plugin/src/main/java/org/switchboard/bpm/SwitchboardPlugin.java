package org.switchboard.bpm;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;

/**
 * Routes opted-in user tasks through Switchboard. Add it to the engine's plugins; in {@code
 * bpm-platform.xml} or {@code processes.xml}:
 *
 * <pre>{@code
 * <plugin>
 *   <class>org.switchboard.bpm.SwitchboardPlugin</class>
 *   <properties>
 *     <property name="baseUrl">https://switchboard.example.com</property>
 *     <property name="workspaceSid">WS…</property>
 *     <property name="username">SK… or AC…</property>
 *     <property name="password">the key's secret or the AuthToken</property>
 *   </properties>
 * </plugin>
 * }</pre>
 *
 * <p>Every property is a bean setter, so Spring configurations set them the same way. The job
 * executor must run: every call to Switchboard and every change coming back is a job.
 */
public class SwitchboardPlugin extends AbstractProcessEnginePlugin {

  private String baseUrl;
  private String workspaceSid;
  private String username;
  private String password;
  private long pollIntervalMillis = 1000;
  private long eventOverlapSeconds = 10;
  private long retryMaxSeconds = 60;
  private long connectTimeoutMillis = 2000;
  private long requestTimeoutMillis = 10_000;

  private Clock clock = Clock.systemUTC();
  private volatile SwitchboardClient client;
  private final ThreadLocal<Set<String>> applying = ThreadLocal.withInitial(HashSet::new);
  private final Set<String> handledEvents =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > 100_000;
                }
              }));

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    Objects.requireNonNull(baseUrl, "SwitchboardPlugin: baseUrl is required");
    Objects.requireNonNull(workspaceSid, "SwitchboardPlugin: workspaceSid is required");
    Objects.requireNonNull(username, "SwitchboardPlugin: username is required");
    Objects.requireNonNull(password, "SwitchboardPlugin: password is required");
    client =
        new SwitchboardClient(
            baseUrl,
            workspaceSid,
            username,
            password,
            Duration.ofMillis(connectTimeoutMillis),
            Duration.ofMillis(requestTimeoutMillis));
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new SwitchboardParseListener(this));
    if (configuration.getCustomJobHandlers() == null) {
      configuration.setCustomJobHandlers(new ArrayList<>());
    }
    configuration.getCustomJobHandlers().add(new CommandJobHandler(this));
    configuration.getCustomJobHandlers().add(new EventPollJobHandler(this));
  }

  /**
   * Reconciliation on start: makes sure one events poll is scheduled, due now, with its retries
   * restored. The poll resumes from the stored cursor, so whatever Switchboard did while this
   * engine was down is applied; commands still waiting are jobs and simply run.
   */
  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    configuration
        .getCommandExecutorTxRequired()
        .execute(
            context -> {
              var polls = context.getJobManager().findJobsByHandlerType(EventPollJobHandler.TYPE);
              if (polls.isEmpty()) {
                EventPollJobHandler.schedule(
                    context, new EventPollJobHandler.Tick(0), Date.from(clock.instant()));
              }
              for (var poll : polls) {
                JobEntity job = (JobEntity) poll;
                job.setRetries(JobEntity.DEFAULT_RETRIES);
                job.setDuedate(Date.from(clock.instant()));
                job.setLockExpirationTime(null);
                job.setLockOwner(null);
              }
              return null;
            });
  }

  // ---- used by the listeners and job handlers

  SwitchboardClient client() {
    return client;
  }

  Clock clock() {
    return clock;
  }

  String cursorPropertyName() {
    return "switchboard.events." + workspaceSid;
  }

  /** When a step that found Switchboard unreachable {@code attempt + 1} times runs again. */
  Date retryDue(int attempt) {
    long seconds = Math.min(retryMaxSeconds, 1L << Math.min(attempt, 20));
    return Date.from(clock.instant().plusSeconds(seconds));
  }

  Date nextPollDue() {
    return Date.from(clock.instant().plusMillis(pollIntervalMillis));
  }

  /** Runs a change Switchboard asked for, so the task listener does not echo it back. */
  void applyingSwitchboardChange(String taskId, Runnable change) {
    applying.get().add(taskId);
    try {
      change.run();
    } finally {
      applying.get().remove(taskId);
    }
  }

  boolean isApplyingSwitchboardChange(String taskId) {
    return applying.get().contains(taskId);
  }

  boolean alreadyHandled(String eventSid) {
    return handledEvents.contains(eventSid);
  }

  void handled(Collection<String> eventSids) {
    handledEvents.addAll(eventSids);
  }

  // ---- configuration: bean properties, as bpm-platform.xml and processes.xml set them

  /** Switchboard's root URL, e.g. {@code https://switchboard.example.com} (required). */
  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The workspace (WS…) the tasks are created in (required). */
  public void setWorkspaceSid(String workspaceSid) {
    this.workspaceSid = workspaceSid;
  }

  /** HTTP Basic user name: an API key sid (SK…) or the AccountSid (required). */
  public void setUsername(String username) {
    this.username = username;
  }

  /** HTTP Basic password: the API key's secret or the AuthToken (required). */
  public void setPassword(String password) {
    this.password = password;
  }

  /** How often the Events list is read (default 1000 ms). */
  public void setPollIntervalMillis(long pollIntervalMillis) {
    this.pollIntervalMillis = pollIntervalMillis;
  }

  /**
   * How far before the newest event seen each poll reads again (default 10 s); must exceed
   * Switchboard's longest transaction.
   */
  public void setEventOverlapSeconds(long eventOverlapSeconds) {
    this.eventOverlapSeconds = eventOverlapSeconds;
  }

  long getEventOverlapSeconds() {
    return eventOverlapSeconds;
  }

  /** Longest wait between attempts while Switchboard is unreachable (default 60 s). */
  public void setRetryMaxSeconds(long retryMaxSeconds) {
    this.retryMaxSeconds = retryMaxSeconds;
  }

  /** Connect timeout of each request (default 2000 ms). */
  public void setConnectTimeoutMillis(long connectTimeoutMillis) {
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  /** Timeout of each request (default 10000 ms). */
  public void setRequestTimeoutMillis(long requestTimeoutMillis) {
    this.requestTimeoutMillis = requestTimeoutMillis;
  }

  /** The clock due dates are computed from (tests); not a configuration property. */
  public void useClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }
}
