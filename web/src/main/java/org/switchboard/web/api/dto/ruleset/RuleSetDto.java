package org.switchboard.web.api.dto.ruleset;

import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.domain.ruleset.RuleSet;
import org.switchboard.web.api.ApiFormat;

/** A rule set (Switchboard's extension), in the style of TaskRouter's resources. */
public record RuleSetDto(
    String accountSid,
    String workspaceSid,
    String sid,
    String friendlyName,
    int activeVersion,
    int latestVersion,
    String dateCreated,
    String dateUpdated,
    String url,
    Map<String, String> links) {

  public static RuleSetDto from(RuleSet r, String baseUrl) {
    String url = baseUrl + "Workspaces/" + r.getWorkspace().getSid() + "/RuleSets/" + r.getSid();
    Map<String, String> links = new LinkedHashMap<>();
    links.put("versions", url + "/Versions");
    links.put("active_version", url + "/Versions/" + r.getActiveVersion());
    return new RuleSetDto(
        r.getWorkspace().getAccountSid(),
        r.getWorkspace().getSid(),
        r.getSid(),
        r.getFriendlyName(),
        r.getActiveVersion(),
        r.getLatestVersion(),
        ApiFormat.iso(r.getDateCreated()),
        ApiFormat.iso(r.getDateUpdated()),
        url,
        links);
  }
}
