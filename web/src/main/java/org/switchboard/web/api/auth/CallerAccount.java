package org.switchboard.web.api.auth;

import jakarta.enterprise.context.RequestScoped;
import java.util.Objects;

/**
 * The account the current request authenticated as, and whether it came with the account's full
 * credentials or with a supervisor's workspace token (which {@link BasicAuthenticationFilter} lets
 * only read its workspace and supervise calls).
 */
@RequestScoped
public class CallerAccount {

  private String sid;
  private String supervisedWorkspace;

  void supervisorOf(String accountSid, String workspaceSid) {
    authenticatedAs(accountSid);
    this.supervisedWorkspace = Objects.requireNonNull(workspaceSid);
  }

  /** Whether the request came with a supervisor's workspace token rather than credentials. */
  public boolean isSupervisor() {
    return supervisedWorkspace != null;
  }

  void authenticatedAs(String accountSid) {
    this.sid = Objects.requireNonNull(accountSid);
  }

  /** The AccountSid; every resource reads only this account's data. */
  public String sid() {
    if (sid == null) {
      throw new IllegalStateException("The request is not authenticated.");
    }
    return sid;
  }
}
