package org.switchboard.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.switchboard.domain.shared.NotFoundException;
import org.switchboard.domain.workspace.Workspace;
import org.switchboard.infrastructure.jpa.JpaWorkspaceRepository;

/** The workspace a request addresses, which must belong to the calling account. */
@ApplicationScoped
public class Workspaces {

  @Inject private JpaWorkspaceRepository repository;

  /**
   * @throws NotFoundException if the account has no such workspace
   */
  public Workspace require(String accountSid, String workspaceSid) {
    return repository
        .find(accountSid, workspaceSid)
        .orElseThrow(() -> NotFoundException.of("Workspace", workspaceSid));
  }
}
