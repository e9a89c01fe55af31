package org.switchboard.routing;

import java.util.List;

/**
 * A CDI event asking for the given tasks to be placed and offered again after commit, e.g. when a
 * workflow's configuration or a queue's {@code target_workers} changed with {@code
 * ReEvaluateTasks}.
 */
public record Reroute(List<String> taskSids) {

  public Reroute {
    taskSids = List.copyOf(taskSids);
  }
}
