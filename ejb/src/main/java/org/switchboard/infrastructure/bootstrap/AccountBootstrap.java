package org.switchboard.infrastructure.bootstrap;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import org.switchboard.application.AccountService;

/** Makes sure an account exists once the schema is in place (see {@link AccountService}). */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
public class AccountBootstrap {

  @EJB private AccountService accounts;

  @PostConstruct
  void ensureAccount() {
    accounts.ensureAccount();
  }
}
