package org.switchboard.web.api.ruleset;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.application.RuleSetService;
import org.switchboard.application.WhatIfService;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.ruleset.RuleSet;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.web.api.ApiFormat;
import org.switchboard.web.api.PageEnvelope;
import org.switchboard.web.api.auth.CallerAccount;
import org.switchboard.web.api.dto.ruleset.RuleSetDto;
import org.switchboard.web.api.dto.ruleset.RuleSetVersionDto;
import org.switchboard.web.api.dto.ruleset.WhatIfDto;

/**
 * {@code /v1/Workspaces/{WorkspaceSid}/RuleSets}: Switchboard's extension beside TaskRouter v1 for
 * the DRL rule sets rule authors upload (form-encoded in, snake_case JSON out, Twilio's errors).
 * See {@code docs/rules.md}.
 */
@RequestScoped
@Path("Workspaces/{WorkspaceSid}/RuleSets")
@Produces(MediaType.APPLICATION_JSON)
public class RuleSetsResource {

  @Inject private RuleSetService ruleSets;
  @Inject private WhatIfService whatIf;
  @Inject private CallerAccount caller;
  @Context private UriInfo uriInfo;

  @GET
  public Map<String, Object> list(
      @PathParam("WorkspaceSid") String workspaceSid,
      @QueryParam("Page") String page,
      @QueryParam("PageSize") String pageSize,
      @QueryParam("PageToken") String pageToken) {
    Page<RuleSet> result =
        ruleSets.list(caller.sid(), workspaceSid, PageRequest.parse(page, pageSize, pageToken));
    return PageEnvelope.of(
        "rule_sets", result, result.map(r -> RuleSetDto.from(r, baseUrl())).items(), uriInfo);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(
      @PathParam("WorkspaceSid") String workspaceSid,
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("Drl") List<String> drl) {
    if (friendlyName == null) {
      throw InvalidParameterException.required("FriendlyName");
    }
    RuleSet created = ruleSets.create(caller.sid(), workspaceSid, friendlyName, drl, caller.sid());
    return Response.status(Response.Status.CREATED)
        .entity(RuleSetDto.from(created, baseUrl()))
        .build();
  }

  @GET
  @Path("{Sid}")
  public RuleSetDto fetch(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    return RuleSetDto.from(ruleSets.get(caller.sid(), workspaceSid, sid), baseUrl());
  }

  /** Renames the rule set and/or activates a version ({@code ActiveVersion=N}). */
  @POST
  @Path("{Sid}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public RuleSetDto update(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("Sid") String sid,
      @FormParam("FriendlyName") String friendlyName,
      @FormParam("ActiveVersion") String activeVersion) {
    return RuleSetDto.from(
        ruleSets.update(
            caller.sid(),
            workspaceSid,
            sid,
            friendlyName,
            ApiFormat.integer("ActiveVersion", activeVersion),
            caller.sid()),
        baseUrl());
  }

  @DELETE
  @Path("{Sid}")
  public Response delete(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    ruleSets.delete(caller.sid(), workspaceSid, sid);
    return Response.noContent().build();
  }

  @GET
  @Path("{Sid}/Versions")
  public Map<String, Object> versions(
      @PathParam("WorkspaceSid") String workspaceSid, @PathParam("Sid") String sid) {
    RuleSet ruleSet = ruleSets.get(caller.sid(), workspaceSid, sid);
    List<RuleSetVersionDto> versions =
        ruleSets.versions(caller.sid(), workspaceSid, sid).stream()
            .map(v -> RuleSetVersionDto.from(ruleSet, v, baseUrl()))
            .toList();
    String url = uriInfo.getAbsolutePath().toString();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("page", 0);
    meta.put("page_size", versions.size());
    meta.put("first_page_url", url);
    meta.put("previous_page_url", null);
    meta.put("url", url);
    meta.put("next_page_url", null);
    meta.put("key", "versions");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("versions", versions);
    body.put("meta", meta);
    return body;
  }

  @POST
  @Path("{Sid}/Versions")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response addVersion(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("Sid") String sid,
      @FormParam("Drl") List<String> drl) {
    var version = ruleSets.addVersion(caller.sid(), workspaceSid, sid, drl, caller.sid());
    RuleSet ruleSet = ruleSets.get(caller.sid(), workspaceSid, sid);
    return Response.status(Response.Status.CREATED)
        .entity(RuleSetVersionDto.from(ruleSet, version, baseUrl()))
        .build();
  }

  @GET
  @Path("{Sid}/Versions/{Number}")
  public RuleSetVersionDto version(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("Sid") String sid,
      @PathParam("Number") String number) {
    RuleSet ruleSet = ruleSets.get(caller.sid(), workspaceSid, sid);
    return RuleSetVersionDto.from(
        ruleSet,
        ruleSets.version(caller.sid(), workspaceSid, sid, versionNumber(number)),
        baseUrl());
  }

  /**
   * Replays the tasks created between {@code StartDate} and {@code EndDate} through this version
   * and through the active one, and reports where each would go. Changes nothing.
   */
  @POST
  @Path("{Sid}/Versions/{Number}/WhatIf")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public WhatIfDto whatIf(
      @PathParam("WorkspaceSid") String workspaceSid,
      @PathParam("Sid") String sid,
      @PathParam("Number") String number,
      @FormParam("StartDate") String startDate,
      @FormParam("EndDate") String endDate) {
    if (startDate == null) {
      throw InvalidParameterException.required("StartDate");
    }
    if (endDate == null) {
      throw InvalidParameterException.required("EndDate");
    }
    return WhatIfDto.from(
        whatIf.replay(
            caller.sid(),
            workspaceSid,
            sid,
            versionNumber(number),
            ApiFormat.instant("StartDate", startDate),
            ApiFormat.instant("EndDate", endDate)));
  }

  private static int versionNumber(String number) {
    try {
      return Integer.parseInt(number);
    } catch (NumberFormatException e) {
      throw new org.switchboard.domain.shared.NotFoundException(
          "Rule set version " + number + " was not found");
    }
  }

  private String baseUrl() {
    return uriInfo.getBaseUri().toString();
  }
}
