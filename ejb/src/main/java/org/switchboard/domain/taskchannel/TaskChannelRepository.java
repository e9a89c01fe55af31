package org.switchboard.domain.taskchannel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Task channels in the database, in the caller's transaction. */
@ApplicationScoped
public class TaskChannelRepository {

  /** How many names {@link #withSidOrName} remembers before it starts again. */
  static final int MAX_NAMES = 10_000;

  @PersistenceContext private EntityManager em;

  /** The sid of each task channel found by its unique name, by workspace and name. */
  private final Map<String, String> sidByName = new ConcurrentHashMap<>();

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

  /**
   * The workspace's task channels with this sid or unique name. A channel found by its unique name
   * is found by its sid the next time, from the second-level cache (configuration entities are kept
   * there): every task creation names its channel, usually by unique name, and the cache is indexed
   * by sid. The name's sid is a hint only, checked against the entity it finds: a unique name never
   * changes, and a channel deleted or created again under the name is looked up anew.
   */
  public List<TaskChannel> withSidOrName(String workspaceSid, String channel) {
    String key = workspaceSid + '/' + channel;
    String known = sidByName.get(key);
    if (known != null) {
      TaskChannel found = em.find(TaskChannel.class, known);
      if (found != null
          && found.getUniqueName().equals(channel)
          && found.getWorkspace().getSid().equals(workspaceSid)) {
        return List.of(found);
      }
      sidByName.remove(key, known);
    }
    List<TaskChannel> found =
        em.createQuery(
                "select c from TaskChannel c where c.workspace.sid = :ws"
                    + " and (c.sid = :c or c.uniqueName = :c)",
                TaskChannel.class)
            .setParameter("ws", workspaceSid)
            .setParameter("c", channel)
            .getResultList();
    if (found.size() == 1 && found.get(0).getUniqueName().equals(channel)) {
      if (sidByName.size() >= MAX_NAMES) {
        sidByName.clear();
      }
      sidByName.put(key, found.get(0).getSid());
    }
    return found;
  }
}
