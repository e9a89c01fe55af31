package org.switchboard.domain.ruleset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.switchboard.domain.workspace.Workspace;

/** Rule sets and their versions in the database, in the caller's transaction. */
@ApplicationScoped
public class RuleSetRepository {

  @PersistenceContext private EntityManager em;

  /** How many rule sets the workspace has. */
  public long countIn(Workspace workspace) {
    return em.createQuery("select count(r) from RuleSet r where r.workspace = :ws", Long.class)
        .setParameter("ws", workspace)
        .getSingleResult();
  }

  /** The rule set's versions, oldest first. */
  public List<RuleSetVersion> versionsOf(String ruleSetSid) {
    return em.createQuery(
            "select v from RuleSetVersion v where v.ruleSetSid = :rs order by v.number",
            RuleSetVersion.class)
        .setParameter("rs", ruleSetSid)
        .getResultList();
  }

  /** Deletes the versions of a rule set that is being deleted. */
  public void deleteVersionsOf(String ruleSetSid) {
    em.createQuery("delete from RuleSetVersion v where v.ruleSetSid = :rs")
        .setParameter("rs", ruleSetSid)
        .executeUpdate();
  }
}
