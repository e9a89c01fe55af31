package org.switchboard.infrastructure.realtime;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.domain.event.RouterEvent;

/**
 * Reads events other servers recorded, for {@link ClusterListener}: describes them for this
 * server's live connections (one transaction for a batch, reading the state as it is now), and
 * lists the events recorded since a moment (to catch up after a lost connection).
 */
@Stateless
public class ClusterEventReader {

  private static final Logger LOG = Logger.getLogger(ClusterEventReader.class.getName());
  private static final int CATCH_UP_MAX = 2000;

  @PersistenceContext private EntityManager em;

  /** What the sink makes of each event, in the order of {@code sids}; events gone are skipped. */
  public List<Object> describe(List<String> sids, RealtimeSink sink) {
    Map<String, RouterEvent> bySid = new HashMap<>();
    for (int from = 0; from < sids.size(); from += 500) {
      for (RouterEvent e :
          em.createQuery("select e from RouterEvent e where e.sid in :sids", RouterEvent.class)
              .setParameter("sids", sids.subList(from, Math.min(sids.size(), from + 500)))
              .getResultList()) {
        bySid.put(e.getSid(), e);
      }
    }
    List<Object> described = new ArrayList<>();
    for (String sid : sids) {
      RouterEvent event = bySid.get(sid);
      if (event == null) {
        continue;
      }
      try {
        Object value = sink.describe(event, em);
        if (value != null) {
          described.add(value);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Describing another server's event " + sid + " failed", e);
      }
    }
    return described;
  }

  /** The sids of the events recorded since {@code since}, oldest first. */
  public List<String> recordedSince(Instant since) {
    // workspace by workspace, along the events' list index (workspace, date, sid)
    List<Object[]> found = new ArrayList<>();
    for (String workspace :
        em.createQuery("select w.sid from Workspace w", String.class).getResultList()) {
      found.addAll(
          em.createQuery(
                  "select e.sid, e.dateCreated, e.seq from RouterEvent e"
                      + " where e.workspaceSid = :workspace and e.dateCreated >= :since"
                      + " order by e.dateCreated, e.seq",
                  Object[].class)
              .setParameter("workspace", workspace)
              .setParameter("since", since)
              .setMaxResults(CATCH_UP_MAX)
              .getResultList());
    }
    found.sort(
        java.util.Comparator.comparing((Object[] row) -> (Instant) row[1])
            .thenComparing(row -> (Long) row[2]));
    return found.stream().map(row -> (String) row[0]).toList();
  }
}
