package org.switchboard.web.api.auth;

import jakarta.enterprise.context.RequestScoped;
import java.util.Objects;

/** The account the current request authenticated as. */
@RequestScoped
public class CallerAccount {

  private String sid;

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
