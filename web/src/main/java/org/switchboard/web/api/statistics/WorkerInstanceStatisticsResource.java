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
 * {@code /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Statistics}: one worker's cumulative
 * figures.
 */
@RequestScoped
@Path("Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Statistics")
@Produces(MediaType.APPLICATION_JSON)
public class WorkerInstanceStatisticsResource {

  @Inject private StatisticsService statistics;
  @Inject private CallerAccount caller;
  @Inject private Clock clock;
  @Context private UriInfo uriInfo;

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown workspace or worker
   * @throws org.switchboard.domain.shared.InvalidParameterException 400 for a bad window
   */
  @GET
  public Map<String, Object> one(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("WorkerSid") String workerSid,
      @QueryParam("Minutes") String minutes,
      @QueryParam("StartDate") String startDate,
      @QueryParam("EndDate") String endDate,
      @QueryParam("TaskChannel") String taskChannel) {
    String account = caller.sid();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put(
        "cumulative",
        StatisticsBodies.pick(
            statistics.cumulative(
                account,
                workspaceSid,
                Scope.WORKER,
                workerSid,
                StatisticsWindow.parse(
                    minutes, startDate, endDate, taskChannel, null, clock.instant())),
            StatisticsBodies.WORKERS_CUMULATIVE));
    return StatisticsBodies.body(
        account,
        workspaceSid,
        "worker_sid",
        workerSid,
        figures,
        uriInfo.getAbsolutePath().toString());
  }
}
