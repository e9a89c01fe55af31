package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.switchboard.application.paging.Page;
import org.switchboard.application.paging.PageRequest;
import org.switchboard.domain.activity.Activity;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.infrastructure.jpa.JpaActivityRepository;
import org.switchboard.infrastructure.jpa.JpaWorkspaceRepository;

/** Activity use cases, within a workspace of the calling account. */
@Stateless
public class ActivityService {

  @Inject private JpaWorkspaceRepository workspaces;
  @Inject private JpaActivityRepository activities;

  @PersistenceContext private EntityManager em;

  /**
   * @throws NotFoundException if the account has no such workspace
   */
  public Page<Activity> list(String accountSid, String workspaceSid, PageRequest request) {
    requireWorkspace(accountSid, workspaceSid);
    return activities.list(workspaceSid, request);
  }

  /**
   * @throws NotFoundException if the account has no such workspace or activity
   */
  public Activity get(String accountSid, String workspaceSid, String sid) {
    requireWorkspace(accountSid, workspaceSid);
    Activity activity = em.find(Activity.class, sid);
    if (activity == null || !activity.getWorkspace().getSid().equals(workspaceSid)) {
      throw NotFoundException.of("Activity", sid);
    }
    return activity;
  }

  private void requireWorkspace(String accountSid, String workspaceSid) {
    if (workspaces.find(accountSid, workspaceSid).isEmpty()) {
      throw NotFoundException.of("Workspace", workspaceSid);
    }
  }
}
