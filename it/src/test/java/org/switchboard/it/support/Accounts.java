package org.switchboard.it.support;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Other accounts than the suite's, for checking that accounts never see each other's workspaces.
 * Switchboard creates accounts only from configuration, so a test adds one as an operator would
 * find it in the database: a row of the {@code account} table.
 */
public final class Accounts {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Accounts() {}

  /** A new account with random credentials, and a client speaking as it. */
  public static Api another() {
    String sid = "AC" + hex();
    String token = hex();
    Database.execute(
        "insert into account (sid, friendly_name, auth_token, date_created, date_updated, version)"
            + " values (?, 'other', ?, now(), now(), 0)",
        sid,
        token);
    return Api.as(sid, token);
  }

  private static String hex() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
