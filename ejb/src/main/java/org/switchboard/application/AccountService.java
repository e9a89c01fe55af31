package org.switchboard.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;
import org.switchboard.domain.account.Account;
import org.switchboard.domain.shared.Sid;
import org.switchboard.infrastructure.config.Settings;
import org.switchboard.infrastructure.jpa.JpaAccountRepository;

/**
 * Accounts and their credentials.
 *
 * <p>On start, {@link #ensureAccount} makes sure someone can log in: an account given by
 * configuration ({@code SWITCHBOARD_ACCOUNT_SID} and {@code SWITCHBOARD_AUTH_TOKEN}) is created, or
 * its stored token replaced by the configured one (that is how a token is rotated); with no
 * configuration and no account yet, one is generated and its credentials are logged once.
 */
@Stateless
public class AccountService {

  static final String ACCOUNT_SID = "switchboard.account.sid";
  static final String AUTH_TOKEN = "switchboard.auth.token";

  private static final Logger LOG = Logger.getLogger(AccountService.class.getName());

  @Inject private JpaAccountRepository accounts;
  @Inject private Clock clock;

  /**
   * Creates or updates the configured account, or generates the first one.
   *
   * @throws IllegalStateException if only one of AccountSid and AuthToken is configured, or they
   *     are malformed
   */
  public void ensureAccount() {
    Optional<String> sid = Settings.get(ACCOUNT_SID);
    Optional<String> token = Settings.get(AUTH_TOKEN);
    if (sid.isPresent() != token.isPresent()) {
      throw new IllegalStateException(
          "Set both "
              + Settings.environmentName(ACCOUNT_SID)
              + " and "
              + Settings.environmentName(AUTH_TOKEN)
              + " (or neither).");
    }
    if (sid.isPresent()) {
      ensureConfiguredAccount(sid.get(), token.get());
    } else if (accounts.count() == 0) {
      Account account = Account.generate("Switchboard", clock.instant());
      accounts.add(account);
      LOG.warning(
          () ->
              "Created the first Switchboard account. AccountSid: "
                  + account.getSid()
                  + " AuthToken: "
                  + account.getAuthToken()
                  + " -- this is shown once; use them as HTTP Basic credentials.");
      LOG.warning(
          () ->
              "To rotate the AuthToken, restart Switchboard with "
                  + Settings.environmentName(ACCOUNT_SID)
                  + "="
                  + account.getSid()
                  + " and "
                  + Settings.environmentName(AUTH_TOKEN)
                  + "=<new token of at least "
                  + Account.MIN_TOKEN_LENGTH
                  + " characters>.");
    }
  }

  private void ensureConfiguredAccount(String sid, String token) {
    try {
      Optional<Account> existing = accounts.find(sid);
      if (existing.isEmpty()) {
        accounts.add(new Account(sid, "Switchboard", token, clock.instant()));
        LOG.info(() -> "Created account " + sid + " from configuration.");
      } else if (!existing.get().acceptsToken(token)) {
        existing.get().rotateAuthToken(token, clock.instant());
        LOG.info(() -> "Replaced the AuthToken of account " + sid + " from configuration.");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("The configured account is invalid: " + e.getMessage(), e);
    }
  }

  /**
   * The account these HTTP Basic credentials belong to, if they are right. The token is compared in
   * constant time; it is read through {@link JpaAccountRepository#authToken}, which reads the
   * database at most every few seconds per account.
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<String> authenticate(String accountSid, String authToken) {
    if (accountSid == null || authToken == null || !Sid.ACCOUNT.matches(accountSid)) {
      return Optional.empty();
    }
    return accounts
        .authToken(accountSid)
        .filter(
            token ->
                MessageDigest.isEqual(
                    token.getBytes(StandardCharsets.UTF_8),
                    authToken.getBytes(StandardCharsets.UTF_8)))
        .map(token -> accountSid);
  }
}
