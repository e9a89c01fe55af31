package org.switchboard.infrastructure.bootstrap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.switchboard.infrastructure.crypto.SecretBox;

/**
 * Credentials: seals every account's AuthToken that is still stored in plain text (up to V14 the
 * {@code account.auth_token} column held the token itself) with the server's {@link SecretBox},
 * widening the column for the sealed form; and lets a sign-in code be a supervisor's, for a
 * workspace rather than a worker ({@code sign_in_code.worker_sid} nullable). A Java migration
 * because sealing needs the server's key; it runs on PostgreSQL and H2 and is harmless on tokens
 * already sealed.
 */
public class V15__Credentials extends BaseJavaMigration {

  private static final Logger LOG = Logger.getLogger(V15__Credentials.class.getName());

  private final SecretBox box;

  public V15__Credentials(SecretBox box) {
    this.box = box;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    sealAll(context.getConnection());
  }

  /** Widens the column and seals the plain tokens; the number of tokens sealed. */
  int sealAll(Connection connection) throws SQLException {
    try (Statement alter = connection.createStatement()) {
      alter.execute("alter table account alter column auth_token set data type varchar(512)");
      alter.execute("alter table sign_in_code alter column worker_sid drop not null");
    }
    Map<String, String> plain = new LinkedHashMap<>();
    try (Statement select = connection.createStatement();
        ResultSet rows = select.executeQuery("select sid, auth_token from account")) {
      while (rows.next()) {
        if (!SecretBox.isSealed(rows.getString(2))) {
          plain.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    try (PreparedStatement update =
        connection.prepareStatement("update account set auth_token = ? where sid = ?")) {
      for (Map.Entry<String, String> account : plain.entrySet()) {
        update.setString(1, box.seal(account.getValue()));
        update.setString(2, account.getKey());
        update.executeUpdate();
      }
    }
    LOG.info(() -> "Sealed the AuthToken of " + plain.size() + " account(s)");
    return plain.size();
  }
}
