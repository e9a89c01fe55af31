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

  /** Deletes the workspace; the database cascades to everything it contains. */
  public void remove(Workspace workspace) {
    em.flush();
    em.createNativeQuery(
            "update workspace set default_activity_sid = null, timeout_activity_sid = null"
                + " where sid = ?1")
        .setParameter(1, workspace.getSid())
        .executeUpdate();
    em.createNativeQuery("delete from workspace where sid = ?1")
        .setParameter(1, workspace.getSid())
        .executeUpdate();
    em.clear();
  }
}
