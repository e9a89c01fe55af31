package org.switchboard.infrastructure.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.workspace.Workspace;

/** Workspaces in the database, always seen through the account that owns them. */
@ApplicationScoped
public class JpaWorkspaceRepository {

  @PersistenceContext private EntityManager em;

  /** The workspace, if it exists and belongs to the account. */
  public Optional<Workspace> find(String accountSid, String sid) {
    Workspace workspace = em.find(Workspace.class, sid);
    return workspace != null && workspace.getAccountSid().equals(accountSid)
        ? Optional.of(workspace)
        : Optional.empty();
  }

  public Page<Workspace> list(String accountSid, String friendlyName, PageRequest request) {
    return ListQuery.of(Workspace.class, "w")
        .where("w.accountSid = :account", "account", accountSid)
        .whereIfPresent("w.friendlyName = :name", "name", friendlyName)
        .page(em, request);
  }

  public void add(Workspace workspace) {
    em.persist(workspace);
  }

  /**
   * Deletes the workspace and everything it contains, children first (H2 checks foreign keys row by
   * row, so the order matters there; PostgreSQL would cascade in any order).
   */
  public void remove(Workspace workspace) {
    em.flush();
    String sid = workspace.getSid();
    for (String statement :
        new String[] {
          "delete from callback where workspace_sid = ?1",
          "delete from event where workspace_sid = ?1",
          "delete from event_rollup where workspace_sid = ?1",
          "delete from reservation where workspace_sid = ?1",
          "delete from task where workspace_sid = ?1",
          "delete from worker_channel where workspace_sid = ?1",
          "delete from worker where workspace_sid = ?1",
          "delete from workflow_queue where workflow_sid in"
              + " (select sid from workflow where workspace_sid = ?1)",
          "delete from workflow where workspace_sid = ?1",
          "delete from task_queue where workspace_sid = ?1",
          "delete from task_channel where workspace_sid = ?1",
          "update workspace set default_activity_sid = null, timeout_activity_sid = null"
              + " where sid = ?1",
          "delete from activity where workspace_sid = ?1",
          "delete from workspace where sid = ?1"
        }) {
      em.createNativeQuery(statement).setParameter(1, sid).executeUpdate();
    }
    em.clear();
  }
}
