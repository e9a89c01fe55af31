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
 * {@code /v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/Statistics}, {@code
 * …/RealTimeStatistics} and {@code …/CumulativeStatistics}: one queue's figures.
 */
@RequestScoped
@Path(
    "Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/"
        + "{kind: Statistics|RealTimeStatistics|CumulativeStatistics}")
@Produces(MediaType.APPLICATION_JSON)
public class TaskQueueStatisticsResource {

  @Inject private StatisticsService statistics;
  @Inject private CallerAccount caller;
  @Inject private Clock clock;
  @Context private UriInfo uriInfo;

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown workspace or queue
   * @throws org.switchboard.domain.shared.InvalidParameterException 400 for a bad window
   */
  @GET
  public Map<String, Object> fetch(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("TaskQueueSid") String queueSid,
      @PathParam("kind") String kind,
      @QueryParam("Minutes") String minutes,
      @QueryParam("StartDate") String startDate,
      @QueryParam("EndDate") String endDate,
      @QueryParam("TaskChannel") String taskChannel,
      @QueryParam("SplitByWaitTime") String splitByWaitTime) {
    String account = caller.sid();
    String url = uriInfo.getAbsolutePath().toString();
    if ("RealTimeStatistics".equals(kind)) {
      return StatisticsBodies.body(
          account,
          workspaceSid,
          "task_queue_sid",
          queueSid,
          realtime(account, workspaceSid, queueSid, taskChannel),
          url);
    }
    Map<String, Object> cumulative =
        cumulative(
            account,
            workspaceSid,
            queueSid,
            StatisticsWindow.parse(
                minutes, startDate, endDate, taskChannel, splitByWaitTime, clock.instant()));
    if ("CumulativeStatistics".equals(kind)) {
      return StatisticsBodies.body(
          account, workspaceSid, "task_queue_sid", queueSid, cumulative, url);
    }
    Map<String, Object> both = new LinkedHashMap<>();
    both.put("cumulative", cumulative);
    both.put("realtime", realtime(account, workspaceSid, queueSid, taskChannel));
    return StatisticsBodies.body(account, workspaceSid, "task_queue_sid", queueSid, both, url);
  }

  Map<String, Object> realtime(
      String account, String workspaceSid, String queueSid, String taskChannel) {
    return StatisticsBodies.pick(
        statistics.realtime(account, workspaceSid, Scope.TASK_QUEUE, queueSid, taskChannel),
        StatisticsBodies.QUEUE_REALTIME);
  }

  Map<String, Object> cumulative(
      String account, String workspaceSid, String queueSid, StatisticsWindow window) {
    return StatisticsBodies.pick(
        statistics.cumulative(account, workspaceSid, Scope.TASK_QUEUE, queueSid, window),
        StatisticsBodies.QUEUE_CUMULATIVE);
  }
}
