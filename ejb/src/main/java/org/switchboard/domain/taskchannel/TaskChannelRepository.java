package org.switchboard.domain.taskchannel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** Task channels in the database, in the caller's transaction. */
@ApplicationScoped
public class TaskChannelRepository {

  @PersistenceContext private EntityManager em;

  /** The workspace's task channels, in creation order. */
  public List<TaskChannel> allIn(String workspaceSid) {
    return em.createQuery(
            "select c from TaskChannel c where c.workspace.sid = :ws order by c.dateCreated, c.sid",
            TaskChannel.class)
        .setParameter("ws", workspaceSid)
        .getResultList();
  }

  /** The unique names of the workspace's task channels with this sid or unique name. */
  public List<String> uniqueNamesOf(String workspaceSid, String channel) {
    return em.createQuery(
            "select c.uniqueName from TaskChannel c where c.workspace.sid = :ws"
                + " and (c.sid = :c or c.uniqueName = :c)",
            String.class)
        .setParameter("ws", workspaceSid)
        .setParameter("c", channel)
        .getResultList();
  }

  /** The workspace's task channels with this sid or unique name. */
  public List<TaskChannel> withSidOrName(String workspaceSid, String channel) {
    return em.createQuery(
            "select c from TaskChannel c where c.workspace.sid = :ws"
                + " and (c.sid = :c or c.uniqueName = :c)",
            TaskChannel.class)
        .setParameter("ws", workspaceSid)
        .setParameter("c", channel)
        .getResultList();
  }
}
