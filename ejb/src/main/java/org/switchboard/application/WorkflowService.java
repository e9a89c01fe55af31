package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.reservation.ReservationRepository;
import org.switchboard.domain.ruleset.RuleSet;
import org.switchboard.domain.shared.ConflictException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.task.TaskRepository;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.domain.workflow.WorkflowRepository;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.infrastructure.jpa.ListQuery;
import org.switchboard.infrastructure.jpa.Lookups;
import org.switchboard.routing.Reroute;
import org.switchboard.routing.WorkflowEngine;
import org.switchboard.routing.rules.WorkflowConfiguration;

/**
 * Workflow use cases. The configuration is validated on every write (queues and the rule set must
 * exist in the workspace); the routing engine compiles the new version's rules as soon as the write
 * commits, so no task waits for them.
 */
@Stateless
public class WorkflowService {

  @Inject private ReservationRepository reservations;
  @Inject private TaskRepository tasks;
  @Inject private WorkflowRepository workflowRepository;
  @PersistenceContext private EntityManager em;
  @Inject private Workspaces workspaces;
  @Inject private JpaEventStore events;
  @Inject private Event<Reroute> reroute;
  @Inject private WorkflowEngine workflows;
  @Inject private Clock clock;

  /** The settable fields; null leaves a value as it is (or at its default on create). */
  public record Settings(
      String friendlyName,
      String configuration,
      String assignmentCallbackUrl,
      String fallbackAssignmentCallbackUrl,
      Integer taskReservationTimeout,
      boolean reEvaluateTasks) {}

  public Workflow create(String accountSid, String workspaceSid, Settings settings) {
    Workspace workspace = workspaces.require(accountSid, workspaceSid);
    long count = workflowRepository.countIn(workspace);
    if (count >= Workflow.MAX_PER_WORKSPACE) {
      throw new ConflictException(
          20001, "A workspace can have at most " + Workflow.MAX_PER_WORKSPACE + " workflows");
    }
    Instant now = clock.instant();
    WorkflowConfiguration.References references = validate(workspaceSid, settings.configuration());
    Workflow workflow =
        new Workflow(
            workspace, settings.friendlyName(), settings.configuration(), references.queues(), now);
    workflow.useRuleSet(references.ruleSetSid());
    apply(workflow, settings, now);
    em.persist(workflow);
    workflows.precompile(workflow);
    events.record(event(EventType.WORKFLOW_CREATED, workflow, now));
    return workflow;
  }

  public Page<Workflow> list(
      String accountSid, String workspaceSid, String friendlyName, PageRequest page) {
    workspaces.require(accountSid, workspaceSid);
    return ListQuery.of(Workflow.class, "w")
        .where("w.workspace.sid = :ws", "ws", workspaceSid)
        .whereIfPresent("w.friendlyName = :name", "name", friendlyName)
        .page(em, page);
  }

  public Workflow get(String accountSid, String workspaceSid, String sid) {
    workspaces.require(accountSid, workspaceSid);
    return Lookups.require(em, Workflow.class, workspaceSid, sid, w -> w.getWorkspace().getSid());
  }

  public Workflow update(String accountSid, String workspaceSid, String sid, Settings settings) {
    Workflow workflow = get(accountSid, workspaceSid, sid);
    Instant now = clock.instant();
    if (settings.friendlyName() != null) {
      workflow.rename(settings.friendlyName(), now);
    }
    if (settings.configuration() != null) {
      WorkflowConfiguration.References references =
          validate(workspaceSid, settings.configuration());
      workflow.reconfigure(settings.configuration(), references.queues(), now);
      workflow.useRuleSet(references.ruleSetSid());
    }
    apply(workflow, settings, now);
    events.record(event(EventType.WORKFLOW_UPDATED, workflow, now));
    workflows.precompile(workflow);
    if (settings.reEvaluateTasks()) {
      reroute.fire(new Reroute(tasks.waitingIn(workflow)));
    }
    return workflow;
  }

  /**
   * @throws ConflictException while tasks that are not completed or canceled use the workflow
   */
  public void delete(String accountSid, String workspaceSid, String sid) {
    Workflow workflow = get(accountSid, workspaceSid, sid);
    long live = tasks.liveCountIn(workflow);
    if (live > 0) {
      throw new ConflictException(
          20001, "Workflow " + sid + " routes live tasks and cannot be deleted");
    }
    events.record(event(EventType.WORKFLOW_DELETED, workflow, clock.instant()));
    reservations.deleteOf(workflow);
    tasks.deleteOf(workflow);
    em.remove(workflow);
  }

  private WorkflowConfiguration.References validate(String workspaceSid, String configuration) {
    if (configuration != null && configuration.length() > Workflow.MAX_CONFIGURATION_LENGTH) {
      throw new InvalidParameterException(
          "Configuration",
          "Configuration must be at most "
              + Workflow.MAX_CONFIGURATION_LENGTH
              + " characters long");
    }
    return WorkflowConfiguration.validate(
        configuration,
        queue -> {
          TaskQueue found = em.find(TaskQueue.class, queue);
          return found != null && found.getWorkspace().getSid().equals(workspaceSid);
        },
        ruleSet -> {
          RuleSet found = em.find(RuleSet.class, ruleSet);
          return found != null && found.getWorkspace().getSid().equals(workspaceSid);
        });
  }

  private void apply(Workflow workflow, Settings settings, Instant now) {
    if (settings.assignmentCallbackUrl() != null
        || settings.fallbackAssignmentCallbackUrl() != null) {
      workflow.changeCallbacks(
          settings.assignmentCallbackUrl() != null
              ? WorkspaceService.checkUrl("AssignmentCallbackUrl", settings.assignmentCallbackUrl())
              : workflow.getAssignmentCallbackUrl(),
          settings.fallbackAssignmentCallbackUrl() != null
              ? WorkspaceService.checkUrl(
                  "FallbackAssignmentCallbackUrl", settings.fallbackAssignmentCallbackUrl())
              : workflow.getFallbackAssignmentCallbackUrl(),
          now);
    }
    if (settings.taskReservationTimeout() != null) {
      workflow.changeReservationTimeout(settings.taskReservationTimeout(), now);
    }
  }

  private static RouterEvent event(EventType type, Workflow workflow, Instant now) {
    return RouterEvent.builder(
            workflow.getWorkspace().getAccountSid(),
            workflow.getWorkspace().getSid(),
            type,
            "workflow",
            workflow.getSid(),
            now)
        .description("Workflow " + workflow.getFriendlyName())
        .data(
            Jsons.createObjectBuilder()
                .add("workflow_sid", workflow.getSid())
                .add("workflow_name", workflow.getFriendlyName())
                .build()
                .toString())
        .workflow(workflow.getSid())
        .build();
  }
}
