package org.switchboard.web.api.statistics;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.application.StatisticsService;
import org.switchboard.application.StatisticsService.Scope;
import org.switchboard.application.StatisticsWindow;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.web.api.PageEnvelope;
import org.switchboard.web.api.auth.CallerAccount;

/**
 * {@code GET /v1/Workspaces/{WorkspaceSid}/TaskQueues/Statistics}: every queue's figures, paged;
 * {@code POST …/TaskQueues/RealTimeStatistics}: the real-time figures of the queues a JSON body
 * names ({@code {"QueueSids": ["WQ…", …]}}, at most 50).
 */
@RequestScoped
@Path("Workspaces/{WorkspaceSid}/TaskQueues/{kind: Statistics|RealTimeStatistics}")
@Produces(MediaType.APPLICATION_JSON)
public class TaskQueuesStatisticsResource {

  /** TaskRouter's limit on queues per bulk request. */
  static final int MAX_BULK = 50;

  @Inject private StatisticsService statistics;
  @Inject private CallerAccount caller;
  @Inject private Clock clock;
  @Context private UriInfo uriInfo;

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown workspace
   * @throws InvalidParameterException 400 for a bad window or paging parameter
   */
  @GET
  public Map<String, Object> list(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("kind") String kind,
      @QueryParam("FriendlyName") String friendlyName,
      @QueryParam("Minutes") String minutes,
      @QueryParam("StartDate") String startDate,
      @QueryParam("EndDate") String endDate,
      @QueryParam("TaskChannel") String taskChannel,
      @QueryParam("SplitByWaitTime") String splitByWaitTime,
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    if (!"Statistics".equals(kind)) {
      throw new jakarta.ws.rs.NotAllowedException("POST");
    }
    String account = caller.sid();
    StatisticsWindow window =
        StatisticsWindow.parse(
            minutes, startDate, endDate, taskChannel, splitByWaitTime, clock.instant());
    Page<TaskQueue> queues =
        statistics.queues(
            account, workspaceSid, friendlyName, PageRequest.parse(page, pageSize, pageToken));
    List<Map<String, Object>> items = new ArrayList<>();
    for (TaskQueue queue : queues.items()) {
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put(
          "cumulative",
          StatisticsBodies.pick(
              statistics.cumulative(
                  account, workspaceSid, Scope.TASK_QUEUE, queue.getSid(), window),
              StatisticsBodies.QUEUE_CUMULATIVE));
      figures.put(
          "realtime",
          StatisticsBodies.pick(
              statistics.realtime(
                  account, workspaceSid, Scope.TASK_QUEUE, queue.getSid(), taskChannel),
              StatisticsBodies.QUEUE_REALTIME));
      items.add(
          StatisticsBodies.body(
              account, workspaceSid, "task_queue_sid", queue.getSid(), figures, null));
    }
    return PageEnvelope.of("task_queues_statistics", queues, items, uriInfo);
  }

  /**
   * @throws org.switchboard.domain.shared.NotFoundException 404 for an unknown workspace or queue
   * @throws InvalidParameterException 400 without queue sids, or with more than 50
   */
  @POST
  public Map<String, Object> bulk(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("kind") String kind, String body) {
    if (!"RealTimeStatistics".equals(kind)) {
      throw new jakarta.ws.rs.NotAllowedException("GET");
    }
    List<String> sids = queueSids(body);
    if (sids.isEmpty() || sids.size() > MAX_BULK) {
      throw new InvalidParameterException(
          "QueueSids", "QueueSids must name between 1 and " + MAX_BULK + " TaskQueues");
    }
    for (String sid : sids) {
      if (!org.switchboard.domain.shared.Sid.TASK_QUEUE.matches(sid)) {
        throw new InvalidParameterException(
            "QueueSids", "QueueSids must be TaskQueue sids (WQ and 32 hex characters): " + sid);
      }
    }
    String account = caller.sid();
    List<Map<String, Object>> data = new ArrayList<>();
    for (String sid : sids) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("task_queue_sid", sid);
      entry.putAll(
          StatisticsBodies.pick(
              statistics.realtime(account, workspaceSid, Scope.TASK_QUEUE, sid, null),
              StatisticsBodies.QUEUE_REALTIME));
      data.add(entry);
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("task_queue_data", data);
    figures.put("task_queue_response_count", data.size());
    return StatisticsBodies.body(
        account, workspaceSid, null, null, figures, uriInfo.getAbsolutePath().toString());
  }

  /** {@code {"QueueSids": [...]}} as JSON, or {@code QueueSids=…&QueueSids=…} as a form. */
  static List<String> queueSids(String body) {
    List<String> sids = new ArrayList<>();
    String text = body == null ? "" : body.trim();
    if (text.startsWith("{")) {
      try (JsonReader reader = Jsons.createReader(new StringReader(text))) {
        JsonObject json = reader.readObject();
        JsonValue value = json.get("QueueSids");
        if (value instanceof JsonArray array) {
          array.forEach(v -> sids.add(v instanceof JsonString s ? s.getString() : v.toString()));
        }
      } catch (RuntimeException e) {
        throw new InvalidParameterException(
            "QueueSids", "The body must be JSON such as {\"QueueSids\": [\"WQ...\"]}");
      }
    } else {
      for (String pair : text.split("&")) {
        if (pair.startsWith("QueueSids=")) {
          sids.add(
              java.net.URLDecoder.decode(
                  pair.substring(10), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    return sids;
  }
}
