package org.switchboard.web.api.dto.ruleset;

import java.util.List;
import java.util.Map;
import org.switchboard.application.WhatIf;
import org.switchboard.web.api.ApiFormat;

/** What a candidate rule set version would change, task by task, over a recorded window. */
public record WhatIfDto(
    String ruleSetSid,
    int candidateVersion,
    int activeVersion,
    String startDate,
    String endDate,
    SummaryDto summary,
    List<RowDto> tasks) {

  /** Totals: tasks replayed, how many the versions place differently, and where they move. */
  public record SummaryDto(
      int tasks, int differences, boolean truncated, Map<String, Integer> moves) {}

  /** One task: where it went, and where each version puts it. */
  public record RowDto(
      String taskSid,
      String dateCreated,
      String recordedTaskQueueSid,
      OutcomeDto active,
      OutcomeDto candidate,
      boolean differs) {}

  /** Where one version puts a task. */
  public record OutcomeDto(
      String taskQueueSid, Integer priority, String canceledReason, List<String> rulesFired) {
    static OutcomeDto from(WhatIf.Outcome o) {
      return new OutcomeDto(o.queueSid(), o.priority(), o.canceledReason(), o.rulesFired());
    }
  }

  public static WhatIfDto from(WhatIf w) {
    return new WhatIfDto(
        w.ruleSetSid(),
        w.candidateVersion(),
        w.activeVersion(),
        ApiFormat.iso(w.start()),
        ApiFormat.iso(w.end()),
        new SummaryDto(w.tasks().size(), w.differences(), w.truncated(), w.moves()),
        w.tasks().stream()
            .map(
                r ->
                    new RowDto(
                        r.taskSid(),
                        ApiFormat.iso(r.dateCreated()),
                        r.recordedQueueSid(),
                        OutcomeDto.from(r.active()),
                        OutcomeDto.from(r.candidate()),
                        r.differs()))
            .toList());
  }
}
