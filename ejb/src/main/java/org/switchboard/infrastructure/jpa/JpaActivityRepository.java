package org.switchboard.infrastructure.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.workspace.Activity;

/** Activities in the database, always seen within their workspace. */
@ApplicationScoped
public class JpaActivityRepository {

  @PersistenceContext private EntityManager em;

  public void add(Activity activity) {
    em.persist(activity);
  }

  public Page<Activity> list(String workspaceSid, PageRequest request) {
    return ListQuery.of(Activity.class, "a")
        .where("a.workspace.sid = :workspace", "workspace", workspaceSid)
        .page(em, request);
  }
}
