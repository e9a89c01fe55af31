package org.switchboard.web.api.dto.ruleset;

import java.util.List;
import org.switchboard.application.RoutingExplanation;
import org.switchboard.web.api.ApiFormat;

/** {@code GET …/Tasks/{Sid}/Routing}: why a task stands where it does. */
public record RoutingExplanationDto(
    String taskSid,
    String workspaceSid,
    String assignmentStatus,
    String taskQueueSid,
    String workflowSid,
    DecisionDto decision,
    WaitingDto waiting,
    String url) {

  /** The last routing decision. */
  public record DecisionDto(
      String filterName,
      String target,
      List<String> rulesFired,
      String ruleSetSid,
      Integer ruleSetVersion,
      String dateCreated) {}

  /** Why nobody has the waiting task, with the counts behind it. */
  public record WaitingDto(
      String reason,
      String description,
      int workersInQueue,
      int availableWorkers,
      int workersWithCapacity,
      int workersMatchingTarget,
      int pendingReservations) {}

  public static RoutingExplanationDto from(
      RoutingExplanation e, String baseUrl, String workspaceSid) {
    RoutingExplanation.Decision d = e.decision();
    RoutingExplanation.Waiting w = e.waiting();
    return new RoutingExplanationDto(
        e.taskSid(),
        workspaceSid,
        e.assignmentStatus(),
        e.taskQueueSid(),
        e.workflowSid(),
        d == null
            ? null
            : new DecisionDto(
                d.filterName(),
                d.target(),
                d.rulesFired(),
                d.ruleSetSid(),
                d.ruleSetVersion(),
                ApiFormat.iso(d.date())),
        w == null
            ? null
            : new WaitingDto(
                w.reason(),
                w.description(),
                w.workersInQueue(),
                w.available(),
                w.withCapacity(),
                w.matchingTarget(),
                w.pendingReservations()),
        baseUrl + "Workspaces/" + workspaceSid + "/Tasks/" + e.taskSid() + "/Routing");
  }
}
