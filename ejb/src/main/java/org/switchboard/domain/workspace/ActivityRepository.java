package org.switchboard.domain.workspace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Reads a workspace's activities, in the caller's transaction. (Adding and listing them a page at a
 * time is {@code infrastructure.jpa.JpaActivityRepository}'s, which pages with the API's cursors.)
 */
@ApplicationScoped
public class ActivityRepository {

  @PersistenceContext private EntityManager em;

  /** The workspace's activities. */
  public List<Activity> allIn(String workspaceSid) {
    return em.createQuery("select a from Activity a where a.workspace.sid = :ws", Activity.class)
        .setParameter("ws", workspaceSid)
        .getResultList();
  }

  /** The workspace's activities, in creation order. */
  public List<Activity> inCreationOrder(String workspaceSid) {
    return em.createQuery(
            "select a from Activity a where a.workspace.sid = :ws order by a.dateCreated, a.sid",
            Activity.class)
        .setParameter("ws", workspaceSid)
        .getResultList();
  }

  /** How many activities the workspace has. */
  public long countIn(Workspace workspace) {
    return em.createQuery("select count(a) from Activity a where a.workspace = :ws", Long.class)
        .setParameter("ws", workspace)
        .getSingleResult();
  }

  /** How many of the workspace's activities have this friendly name. */
  public long countNamed(String workspaceSid, String friendlyName) {
    return em.createQuery(
            "select count(a) from Activity a where a.workspace.sid = :ws and a.friendlyName = :n",
            Long.class)
        .setParameter("ws", workspaceSid)
        .setParameter("n", friendlyName)
        .getSingleResult();
  }
}
