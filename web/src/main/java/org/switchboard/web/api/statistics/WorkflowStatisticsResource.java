package org.switchboard.web.api.statistics;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.application.StatisticsService;
import org.switchboard.application.StatisticsService.Scope;
import org.switchboard.application.StatisticsWindow;
import org.switchboard.web.api.auth.CallerAccount;

/**
 * {@code /v1/Workspaces/{WorkspaceSid}/Workflows/{WorkflowSid}/Statistics}, {@code
 * …/RealTimeStatistics} and {@code …/CumulativeStatistics}: one workflow's figures.
 */
@RequestScoped
@Path(
    "Workspaces/{WorkspaceSid}/Workflows/{WorkflowSid}/"
        + "{kind: Statistics|RealTimeStatistics|CumulativeStatistics}")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowStatisticsResource {

  @Inject private StatisticsService statistics;
  @Inject private CallerAccount caller;
  @Inject private Clock clock;
  @Context private UriInfo uriInfo;

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown workspace or
   *     workflow
   * @throws org.switchboard.domain.shared.InvalidParameterException 400 for a bad window
   */
  @GET
  public Map<String, Object> fetch(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("WorkflowSid") String workflowSid,
      @PathParam("kind") String kind,
      @QueryParam("Minutes") String minutes,
      @QueryParam("StartDate") String startDate,
      @QueryParam("EndDate") String endDate,
      @QueryParam("TaskChannel") String taskChannel,
      @QueryParam("SplitByWaitTime") String splitByWaitTime) {
    String account = caller.sid();
    String url = uriInfo.getAbsolutePath().toString();
    Map<String, Object> realtime =
        StatisticsBodies.pick(
            statistics.realtime(account, workspaceSid, Scope.WORKFLOW, workflowSid, taskChannel),
            StatisticsBodies.WORKFLOW_REALTIME);
    if ("RealTimeStatistics".equals(kind)) {
      return StatisticsBodies.body(
          account, workspaceSid, "workflow_sid", workflowSid, realtime, url);
    }
    Map<String, Object> raw =
        statistics.cumulative(
            account,
            workspaceSid,
            Scope.WORKFLOW,
            workflowSid,
            StatisticsWindow.parse(
                minutes, startDate, endDate, taskChannel, splitByWaitTime, clock.instant()));
    raw.put("tasks_entered", raw.get("tasks_created"));
    Map<String, Object> cumulative =
        StatisticsBodies.pick(raw, StatisticsBodies.WORKFLOW_CUMULATIVE);
    if ("CumulativeStatistics".equals(kind)) {
      return StatisticsBodies.body(
          account, workspaceSid, "workflow_sid", workflowSid, cumulative, url);
    }
    Map<String, Object> both = new LinkedHashMap<>();
    both.put("cumulative", cumulative);
    both.put("realtime", realtime);
    return StatisticsBodies.body(account, workspaceSid, "workflow_sid", workflowSid, both, url);
  }
}
