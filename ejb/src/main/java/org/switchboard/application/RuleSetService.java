package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.event.EventType;
import org.switchboard.domain.event.RouterEvent;
import org.switchboard.domain.ruleset.RuleSet;
import org.switchboard.domain.ruleset.RuleSetRepository;
import org.switchboard.domain.ruleset.RuleSetVersion;
import org.switchboard.domain.shared.ConflictException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.shared.InvalidRulesException;
import org.switchboard.domain.shared.Jsons;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.domain.workflow.WorkflowRepository;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.JpaEventStore;
import org.switchboard.infrastructure.jpa.ListQuery;
import org.switchboard.infrastructure.jpa.Lookups;
import org.switchboard.routing.WorkflowEngine;
import org.switchboard.routing.rules.RuleCompilationException;
import org.switchboard.routing.rules.RuleSetCompiler;

/**
 * Rule set use cases: upload (a new rule set, or a new version of one), list and read them, and
 * activate a version. An upload is compiled and checked before anything is stored; a version that
 * does not compile is refused with every problem's file, line and column, and nothing changes.
 * Activating a version makes a new version of every workflow that names the rule set, in the same
 * transaction: every server routes with the new rules from its next decision on, tasks already
 * placed keep their queue until they are evaluated again (a target timeout, a re-evaluation), and
 * each workflow's {@code workflow.updated} event says which version was activated, by whom.
 */
@Stateless
public class RuleSetService {

  /** At most this many files per version. */
  public static final int MAX_FILES = 20;

  /** At most this many characters per file. */
  public static final int MAX_FILE_LENGTH = 262_144;

  private static final String DRL = "Drl";

  @Inject private RuleSetRepository ruleSets;
  @Inject private WorkflowRepository workflowRepository;
  @PersistenceContext private EntityManager em;
  @Inject private Workspaces workspaces;
  @Inject private JpaEventStore events;
  @Inject private WorkflowEngine engine;
  @Inject private Clock clock;

  /** Creates a rule set whose version 1, these files, is active. */
  public RuleSet create(
      String accountSid, String workspaceSid, String friendlyName, List<String> drl, String who) {
    Workspace workspace = workspaces.require(accountSid, workspaceSid);
    long count = ruleSets.countIn(workspace);
    if (count >= RuleSet.MAX_PER_WORKSPACE) {
      throw new ConflictException(
          20001, "A workspace can have at most " + RuleSet.MAX_PER_WORKSPACE + " rule sets");
    }
    Instant now = clock.instant();
    RuleSet ruleSet = new RuleSet(workspace, friendlyName, now);
    Map<String, String> files = files(drl);
    compile(ruleSet.getSid(), 1, files);
    em.persist(ruleSet);
    em.persist(new RuleSetVersion(ruleSet.getSid(), 1, files, who, now));
    events.record(event(EventType.RULE_SET_CREATED, ruleSet, 1, who, now));
    return ruleSet;
  }

  /** Stores the files as the rule set's next version, not yet active. */
  public RuleSetVersion addVersion(
      String accountSid, String workspaceSid, String sid, List<String> drl, String who) {
    RuleSet ruleSet = locked(accountSid, workspaceSid, sid);
    Map<String, String> files = files(drl);
    Instant now = clock.instant();
    int number = ruleSet.nextVersion(now);
    compile(sid, number, files);
    RuleSetVersion version = new RuleSetVersion(sid, number, files, who, now);
    em.persist(version);
    events.record(event(EventType.RULE_SET_VERSION_CREATED, ruleSet, number, who, now));
    return version;
  }

  public Page<RuleSet> list(String accountSid, String workspaceSid, PageRequest page) {
    workspaces.require(accountSid, workspaceSid);
    return ListQuery.of(RuleSet.class, "r")
        .where("r.workspace.sid = :ws", "ws", workspaceSid)
        .page(em, page);
  }

  public RuleSet get(String accountSid, String workspaceSid, String sid) {
    workspaces.require(accountSid, workspaceSid);
    return Lookups.require(em, RuleSet.class, workspaceSid, sid, r -> r.getWorkspace().getSid());
  }

  /** Every version of a rule set, oldest first. */
  public List<RuleSetVersion> versions(String accountSid, String workspaceSid, String sid) {
    get(accountSid, workspaceSid, sid);
    return ruleSets.versionsOf(sid);
  }

  public RuleSetVersion version(String accountSid, String workspaceSid, String sid, int number) {
    get(accountSid, workspaceSid, sid);
    RuleSetVersion version = em.find(RuleSetVersion.class, new RuleSetVersion.Key(sid, number));
    if (version == null) {
      throw new NotFoundException("Rule set " + sid + " has no version " + number);
    }
    return version;
  }

  /**
   * Renames a rule set and/or activates one of its versions (rolling back is activating an older
   * one). Activation switches every workflow that names the rule set.
   */
  public RuleSet update(
      String accountSid,
      String workspaceSid,
      String sid,
      String friendlyName,
      Integer activeVersion,
      String who) {
    RuleSet ruleSet = locked(accountSid, workspaceSid, sid);
    Instant now = clock.instant();
    if (friendlyName != null) {
      ruleSet.rename(friendlyName, now);
    }
    if (activeVersion != null && activeVersion != ruleSet.getActiveVersion()) {
      ruleSet.activate(activeVersion, now);
      RuleSetVersion version =
          em.find(RuleSetVersion.class, new RuleSetVersion.Key(sid, activeVersion));
      // compiled before the switch commits, so no task waits for it on this server
      compile(sid, activeVersion, version.files());
      for (Workflow workflow : workflowsUsing(sid)) {
        em.lock(workflow, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        workflow.ruleSetActivated(now);
        events.record(workflowUpdated(workflow, ruleSet, who, now));
      }
      events.record(event(EventType.RULE_SET_ACTIVATED, ruleSet, activeVersion, who, now));
    }
    return ruleSet;
  }

  /**
   * @throws ConflictException while a workflow routes with the rule set
   */
  public void delete(String accountSid, String workspaceSid, String sid) {
    RuleSet ruleSet = locked(accountSid, workspaceSid, sid);
    List<Workflow> using = workflowsUsing(sid);
    if (!using.isEmpty()) {
      throw new ConflictException(
          20001,
          "Rule set "
              + sid
              + " is used by workflow "
              + using.get(0).getSid()
              + " and cannot be deleted");
    }
    events.record(
        event(
            EventType.RULE_SET_DELETED,
            ruleSet,
            ruleSet.getActiveVersion(),
            null,
            clock.instant()));
    ruleSets.deleteVersionsOf(sid);
    em.remove(ruleSet);
  }

  private List<Workflow> workflowsUsing(String ruleSetSid) {
    return workflowRepository.using(ruleSetSid);
  }

  private RuleSet locked(String accountSid, String workspaceSid, String sid) {
    RuleSet ruleSet = get(accountSid, workspaceSid, sid);
    em.lock(ruleSet, LockModeType.PESSIMISTIC_WRITE);
    em.refresh(ruleSet);
    return ruleSet;
  }

  private void compile(String sid, int number, Map<String, String> files) {
    try {
      engine.compileRuleSet(sid, number, files);
    } catch (RuleCompilationException e) {
      throw new InvalidRulesException(
          DRL,
          e.problems().stream()
              .map(
                  p ->
                      new InvalidRulesException.Problem(
                          p.file(), p.line(), p.column(), p.message()))
              .toList());
    }
  }

  /** The uploaded files by the names errors use: {@code rules-1.drl}, {@code rules-2.drl}, … */
  static Map<String, String> files(List<String> drl) {
    if (drl == null || drl.isEmpty() || drl.stream().allMatch(d -> d == null || d.isBlank())) {
      throw InvalidParameterException.required(DRL);
    }
    if (drl.size() > MAX_FILES) {
      throw new InvalidParameterException(DRL, "At most " + MAX_FILES + " Drl files per version");
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < drl.size(); i++) {
      String source = drl.get(i);
      if (source == null || source.isBlank()) {
        throw new InvalidParameterException(DRL, "Drl number " + (i + 1) + " is empty");
      }
      if (source.length() > MAX_FILE_LENGTH) {
        throw new InvalidParameterException(
            DRL, "Drl number " + (i + 1) + " is longer than " + MAX_FILE_LENGTH + " characters");
      }
      files.put(RuleSetCompiler.fileName(i), source);
    }
    return files;
  }

  private static RouterEvent event(
      EventType type, RuleSet ruleSet, int version, String who, Instant now) {
    var data =
        Jsons.createObjectBuilder()
            .add("rule_set_sid", ruleSet.getSid())
            .add("rule_set_name", ruleSet.getFriendlyName())
            .add("rule_set_version", version)
            .add("rule_set_active_version", ruleSet.getActiveVersion());
    if (who != null) {
      data.add("changed_by", who);
    }
    RouterEvent.Builder builder =
        RouterEvent.builder(
                ruleSet.getWorkspace().getAccountSid(),
                ruleSet.getWorkspace().getSid(),
                type,
                "rule_set",
                ruleSet.getSid(),
                now)
            .description("Rule set " + ruleSet.getFriendlyName() + " version " + version)
            .data(data.build().toString());
    if (who != null) {
      builder.actor("account", who);
    }
    return builder.build();
  }

  private static RouterEvent workflowUpdated(
      Workflow workflow, RuleSet ruleSet, String who, Instant now) {
    return RouterEvent.builder(
            workflow.getWorkspace().getAccountSid(),
            workflow.getWorkspace().getSid(),
            EventType.WORKFLOW_UPDATED,
            "workflow",
            workflow.getSid(),
            now)
        .description(
            "Workflow "
                + workflow.getFriendlyName()
                + " routes with rule set "
                + ruleSet.getSid()
                + " version "
                + ruleSet.getActiveVersion())
        .data(
            Jsons.createObjectBuilder()
                .add("workflow_sid", workflow.getSid())
                .add("workflow_name", workflow.getFriendlyName())
                .add("rule_set_sid", ruleSet.getSid())
                .add("rule_set_version", ruleSet.getActiveVersion())
                .add("changed_by", who)
                .build()
                .toString())
        .actor("account", who)
        .workflow(workflow.getSid())
        .build();
  }
}
