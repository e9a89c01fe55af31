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
import java.util.Set;
import org.switchboard.application.StatisticsService;
import org.switchboard.application.StatisticsService.Scope;
import org.switchboard.application.StatisticsWindow;
import org.switchboard.web.api.auth.CallerAccount;

/**
 * {@code /v1/Workspaces/{WorkspaceSid}/Workers/Statistics} (and {@code RealTimeStatistics}, {@code
 * CumulativeStatistics}): the figures of all workers.
 */
@RequestScoped
@Path(
    "Workspaces/{WorkspaceSid}/Workers/{kind: Statistics|RealTimeStatistics|CumulativeStatistics}")
@Produces(MediaType.APPLICATION_JSON)
public class WorkerStatisticsResource {

  @Inject private StatisticsService statistics;
  @Inject private CallerAccount caller;
  @Inject private Clock clock;
  @Context private UriInfo uriInfo;

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown workspace
   * @throws org.switchboard.domain.shared.InvalidParameterException 400 for a bad window
   */
  @GET
  public Map<String, Object> all(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("kind") String kind,
      @QueryParam("Minutes") String minutes,
      @QueryParam("StartDate") String startDate,
      @QueryParam("EndDate") String endDate,
      @QueryParam("TaskChannel") String taskChannel,
      @QueryParam("TaskQueueSid") String taskQueueSid,
      @QueryParam("TaskQueueName") String taskQueueName,
      @QueryParam("FriendlyName") String friendlyName) {
    String account = caller.sid();
    String url = uriInfo.getAbsolutePath().toString();
    // FetchWorkerStatistics (Workers/Statistics) filters the workers; the real-time and
    // cumulative lists take no such filter
    Set<String> workers =
        "Statistics".equals(kind)
            ? statistics.workersMatching(
                account, workspaceSid, taskQueueSid, taskQueueName, friendlyName)
            : null;
    Map<String, Object> realtime =
        StatisticsBodies.pick(
            statistics.realtime(account, workspaceSid, Scope.WORKSPACE, null, taskChannel, workers),
            StatisticsBodies.WORKERS_REALTIME);
    if ("RealTimeStatistics".equals(kind)) {
      return StatisticsBodies.body(account, workspaceSid, null, null, realtime, url);
    }
    Map<String, Object> cumulative =
        StatisticsBodies.pick(
            statistics.cumulative(
                account,
                workspaceSid,
                Scope.WORKSPACE,
                null,
                StatisticsWindow.parse(
                    minutes, startDate, endDate, taskChannel, null, clock.instant()),
                workers),
            StatisticsBodies.WORKERS_CUMULATIVE);
    if ("CumulativeStatistics".equals(kind)) {
      return StatisticsBodies.body(account, workspaceSid, null, null, cumulative, url);
    }
    Map<String, Object> both = new LinkedHashMap<>();
    both.put("realtime", realtime);
    both.put("cumulative", cumulative);
    return StatisticsBodies.body(account, workspaceSid, null, null, both, url);
  }
}
