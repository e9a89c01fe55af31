package org.switchboard.bpm;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
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
  private Map<String, String> externalTaskTopics = Map.of();
  private List<String> externalTaskVariables = List.of();
  private long externalTaskLockMillis = 60_000;
  private int externalTaskMaxTasks = 10;
  private long reconcileIntervalSeconds = 60;
  private String inboundCallMessage;
  private String[] inboundCallCorrelation;
  private Set<String> inboundCallWorkflows = Set.of();
  private volatile boolean voiceSteps;

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
    configuration.getCustomJobHandlers().add(new ExternalTaskBridge(this));
    configuration.getCustomJobHandlers().add(new ExternalTaskReconciler(this));
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
              restart(context, EventPollJobHandler.TYPE, EventPollJobHandler::schedule);
              if (!externalTaskTopics.isEmpty()) {
                restart(context, ExternalTaskBridge.TYPE, ExternalTaskBridge::schedule);
                if (reconcileIntervalSeconds > 0) {
                  restart(context, ExternalTaskReconciler.TYPE, ExternalTaskReconciler::schedule);
                }
              }
              return null;
            });
  }

  /** One recurring job of this type, due now, with its retries restored. */
  private void restart(CommandContext context, String type, BiConsumer<CommandContext, Date> add) {
    Date now = Date.from(clock.instant());
    var jobs = context.getJobManager().findJobsByHandlerType(type);
    if (jobs.isEmpty()) {
      add.accept(context, now);
    }
    for (var existing : jobs) {
      JobEntity job = (JobEntity) existing;
      job.setRetries(JobEntity.DEFAULT_RETRIES);
      job.setDuedate(now);
      job.setLockExpirationTime(null);
      job.setLockOwner(null);
    }
  }

  // ---- used by the listeners and job handlers

  SwitchboardClient client() {
    return client;
  }

  Clock clock() {
    return clock;
  }

  Map<String, String> externalTaskTopics() {
    return externalTaskTopics;
  }

  List<String> externalTaskVariables() {
    return externalTaskVariables;
  }

  long getExternalTaskLockMillis() {
    return externalTaskLockMillis;
  }

  int getExternalTaskMaxTasks() {
    return externalTaskMaxTasks;
  }

  long getReconcileIntervalSeconds() {
    return reconcileIntervalSeconds;
  }

  String inboundCallMessage() {
    return inboundCallMessage;
  }

  /** {attribute, variable}, or null. */
  String[] inboundCallCorrelation() {
    return inboundCallCorrelation;
  }

  /** Whether a task created in this workflow for an inbound call is handed to a process. */
  boolean handsInboundCallsOf(String workflowSid) {
    return inboundCallMessage != null
        && (inboundCallWorkflows.isEmpty() || inboundCallWorkflows.contains(workflowSid));
  }

  /** A definition with a voice step was parsed: its reservations must be read and answered. */
  void voiceStepSeen() {
    voiceSteps = true;
  }

  boolean voiceSteps() {
    return voiceSteps;
  }

  /**
   * The engine property recording that this engine has voice steps (so polls read reservations).
   */
  String voicePropertyName() {
    return "switchboard.voice." + workspaceSid;
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

  /**
   * The external-task topics Switchboard works on, each with the workflow its tasks enter: {@code
   * topic=WW…} pairs, comma-separated (default none: the bridge is off).
   */
  public void setExternalTaskTopics(String topics) {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String pair : topics.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals <= 0 || equals == pair.trim().length() - 1) {
        throw new IllegalArgumentException(
            "externalTaskTopics: expected topic=WorkflowSid pairs, got '" + pair + "'");
      }
      parsed.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
    }
    this.externalTaskTopics = Map.copyOf(parsed);
  }

  /** Process variables copied into an external task's attributes, comma-separated. */
  public void setExternalTaskVariables(String variables) {
    this.externalTaskVariables =
        Arrays.stream(variables.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  /** How long each lock on an external task lasts; extended while it waits (default 60 s). */
  public void setExternalTaskLockMillis(long externalTaskLockMillis) {
    this.externalTaskLockMillis = externalTaskLockMillis;
  }

  /** External tasks fetched per topic and poll (default 10). */
  public void setExternalTaskMaxTasks(int externalTaskMaxTasks) {
    this.externalTaskMaxTasks = externalTaskMaxTasks;
  }

  /**
   * How often the external-task bridge looks for Switchboard tasks whose external task no longer
   * exists in Camunda (its instance was deleted) and ends them (default 60 s; 0 turns it off).
   */
  public void setReconcileIntervalSeconds(long reconcileIntervalSeconds) {
    this.reconcileIntervalSeconds = reconcileIntervalSeconds;
  }

  /**
   * The message an inbound call hands to a process: each task Switchboard creates for a phone call
   * (its attributes have {@code call_sid}) starts an instance at a message start event of this
   * name, or is correlated to an instance waiting for it (default none: calls are not handed on).
   */
  public void setInboundCallMessage(String inboundCallMessage) {
    this.inboundCallMessage =
        inboundCallMessage == null || inboundCallMessage.isBlank()
            ? null
            : inboundCallMessage.trim();
  }

  /**
   * {@code attribute=variable}: an inbound call goes to the instance waiting for the message whose
   * process variable {@code variable} equals the call's attribute {@code attribute} (e.g. {@code
   * from=phone}); when none waits, a new instance starts. Default: every call starts one.
   */
  public void setInboundCallCorrelation(String correlation) {
    if (correlation == null || correlation.isBlank()) {
      this.inboundCallCorrelation = null;
      return;
    }
    String[] pair = correlation.split("=", -1);
    if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
      throw new IllegalArgumentException(
          "inboundCallCorrelation: expected attribute=variable, got '" + correlation + "'");
    }
    this.inboundCallCorrelation = new String[] {pair[0].trim(), pair[1].trim()};
  }

  /** Only calls entering these workflows (WW…, comma-separated) are handed on (default all). */
  public void setInboundCallWorkflows(String workflows) {
    this.inboundCallWorkflows =
        Set.copyOf(
            Arrays.stream(workflows.split(","))
                .map(String::trim)
                .filter(w -> !w.isEmpty())
                .toList());
  }

  /** The clock due dates are computed from (tests); not a configuration property. */
  public void useClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }
}
