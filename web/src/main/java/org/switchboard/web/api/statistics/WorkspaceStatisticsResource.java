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
 * {@code /v1/Workspaces/{WorkspaceSid}/Statistics}, {@code …/RealTimeStatistics} and {@code
 * …/CumulativeStatistics}: the whole workspace's figures.
 */
@RequestScoped
@Path("Workspaces/{WorkspaceSid}/{kind: Statistics|RealTimeStatistics|CumulativeStatistics}")
@Produces(MediaType.APPLICATION_JSON)
public class WorkspaceStatisticsResource {

  @Inject private StatisticsService statistics;
  @Inject private CallerAccount caller;
  @Inject private Clock clock;
  @Context private UriInfo uriInfo;

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown workspace
   * @throws org.switchboard.domain.shared.InvalidParameterException 400 for a bad window
   */
  @GET
  public Map<String, Object> fetch(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("kind") String kind,
      @QueryParam("Minutes") String minutes,
      @QueryParam("StartDate") String startDate,
      @QueryParam("EndDate") String endDate,
      @QueryParam("TaskChannel") String taskChannel,
      @QueryParam("SplitByWaitTime") String splitByWaitTime) {
    String url = uriInfo.getAbsolutePath().toString();
    String account = caller.sid();
    if ("RealTimeStatistics".equals(kind)) {
      return StatisticsBodies.body(
          account,
          workspaceSid,
          null,
          null,
          StatisticsBodies.pick(
              statistics.realtime(account, workspaceSid, Scope.WORKSPACE, null, taskChannel),
              StatisticsBodies.WORKSPACE_REALTIME),
          url);
    }
    StatisticsWindow window =
        StatisticsWindow.parse(
            minutes, startDate, endDate, taskChannel, splitByWaitTime, clock.instant());
    Map<String, Object> cumulative =
        StatisticsBodies.pick(
            statistics.cumulative(account, workspaceSid, Scope.WORKSPACE, null, window),
            StatisticsBodies.WORKSPACE_CUMULATIVE);
    if ("CumulativeStatistics".equals(kind)) {
      return StatisticsBodies.body(account, workspaceSid, null, null, cumulative, url);
    }
    Map<String, Object> both = new LinkedHashMap<>();
    both.put(
        "realtime",
        StatisticsBodies.pick(
            statistics.realtime(account, workspaceSid, Scope.WORKSPACE, null, taskChannel),
            StatisticsBodies.WORKSPACE_REALTIME));
    both.put("cumulative", cumulative);
    return StatisticsBodies.body(account, workspaceSid, null, null, both, url);
  }
}
