package org.switchboard.web.api.dto.ruleset;

import java.util.ArrayList;
import java.util.List;
import org.switchboard.domain.ruleset.RuleSet;
import org.switchboard.domain.ruleset.RuleSetVersion;
import org.switchboard.web.api.ApiFormat;

/** One version of a rule set: its DRL files, who uploaded them, and whether it is active. */
public record RuleSetVersionDto(
    String ruleSetSid,
    String workspaceSid,
    int version,
    boolean active,
    List<FileDto> files,
    String createdBy,
    String dateCreated,
    String url) {

  /** One DRL file: the name errors use ({@code rules-1.drl}) and its text. */
  public record FileDto(String name, String drl) {}

  public static RuleSetVersionDto from(RuleSet ruleSet, RuleSetVersion v, String baseUrl) {
    List<FileDto> files = new ArrayList<>();
    v.files().forEach((name, drl) -> files.add(new FileDto(name, drl)));
    return new RuleSetVersionDto(
        v.getRuleSetSid(),
        ruleSet.getWorkspace().getSid(),
        v.getNumber(),
        v.getNumber() == ruleSet.getActiveVersion(),
        files,
        v.getCreatedBy(),
        ApiFormat.iso(v.getDateCreated()),
        baseUrl
            + "Workspaces/"
            + ruleSet.getWorkspace().getSid()
            + "/RuleSets/"
            + v.getRuleSetSid()
            + "/Versions/"
            + v.getNumber());
  }
}
