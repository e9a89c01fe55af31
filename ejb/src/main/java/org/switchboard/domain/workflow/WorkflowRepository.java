package org.switchboard.domain.workflow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import org.switchboard.domain.workspace.Workspace;

/** Workflows in the database. Runs in the caller's transaction and persistence context. */
@ApplicationScoped
public class WorkflowRepository {

  @PersistenceContext private EntityManager em;

  /** The workspace's workflows. */
  public List<Workflow> allIn(String workspaceSid) {
    return em.createQuery("select w from Workflow w where w.workspace.sid = :ws", Workflow.class)
        .setParameter("ws", workspaceSid)
        .getResultList();
  }

  /** Up to {@code max} of the workspace's workflows. */
  public List<Workflow> someIn(String workspaceSid, int max) {
    return em.createQuery("select w from Workflow w where w.workspace.sid = :ws", Workflow.class)
        .setParameter("ws", workspaceSid)
        .setMaxResults(max)
        .getResultList();
  }

  /** How many workflows the workspace has. */
  public long countIn(Workspace workspace) {
    return em.createQuery("select count(w) from Workflow w where w.workspace = :ws", Long.class)
        .setParameter("ws", workspace)
        .getSingleResult();
  }

  /** The sid of a workflow of the workspace with this friendly name, if any. */
  public Optional<String> named(String workspaceSid, String name) {
    return em.createQuery(
            "select w.sid from Workflow w where w.workspace.sid = :ws and w.friendlyName = :name",
            String.class)
        .setParameter("ws", workspaceSid)
        .setParameter("name", name)
        .getResultStream()
        .findFirst();
  }

  /** The sids of the workflows that route to the queue. */
  public List<String> routingTo(String queueSid) {
    return em.createQuery(
            "select w.sid from Workflow w join w.queueSids q where q = :queue", String.class)
        .setParameter("queue", queueSid)
        .getResultList();
  }

  /** The workflows that decide with the rule set. */
  public List<Workflow> using(String ruleSetSid) {
    return em.createQuery("select w from Workflow w where w.ruleSetSid = :rs", Workflow.class)
        .setParameter("rs", ruleSetSid)
        .getResultList();
  }
}
