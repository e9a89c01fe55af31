package org.switchboard.infrastructure.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.infrastructure.crypto.SecretBox;

/** The V15 migration on a database as V1 to V14 left it (H2 in PostgreSQL mode). */
class V15__CredentialsTest {

  private static final String PLAIN = "0123456789abcdef0123456789abcdef";
  private static final String OTHER = "fedcba9876543210fedcba9876543210";

  @AfterEach
  void clearKey() {
    System.clearProperty("switchboard.secret.key");
  }

  @Test
  void sealsThePlainTokensSoThatTheyOpenToTheSameTokens() throws SQLException {
    System.setProperty("switchboard.secret.key", "k".repeat(32));
    SecretBox box = SecretBox.configured();
    try (Connection db =
        DriverManager.getConnection("jdbc:h2:mem:v15;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")) {
      // given the account table of V1 with two tokens in plain text
      try (Statement s = db.createStatement()) {
        s.execute(
            "create table account (sid varchar(34) not null primary key, friendly_name"
                + " varchar(64) not null, auth_token varchar(128) not null, date_created"
                + " timestamp(6) with time zone not null, date_updated timestamp(6) with time"
                + " zone not null, version bigint not null)");
        s.execute(
            "create table sign_in_code (code_hash varchar(64) not null primary key, worker_sid"
                + " varchar(34) not null)");
        s.execute(
            "insert into account values ('AC1', 'a', '"
                + PLAIN
                + "', now(), now(), 0),"
                + " ('AC2', 'b', '"
                + OTHER
                + "', now(), now(), 0)");
      }

      // when the migration runs
      int sealed = new V15__Credentials(box).sealAll(db);

      // then no token is left in plain text, and each opens to what it was
      assertThat(sealed).isEqualTo(2);
      Map<String, String> stored = tokens(db);
      assertThat(stored.values()).allSatisfy(t -> assertThat(t).startsWith("v2."));
      assertThat(stored.values()).noneMatch(t -> t.contains(PLAIN) || t.contains(OTHER));
      assertThat(box.open(stored.get("AC1"))).isEqualTo(PLAIN);
      assertThat(box.open(stored.get("AC2"))).isEqualTo(OTHER);

      // and running it again changes nothing
      assertThat(new V15__Credentials(box).sealAll(db)).isZero();
      assertThat(tokens(db)).isEqualTo(stored);
    }
  }

  private static Map<String, String> tokens(Connection db) throws SQLException {
    Map<String, String> tokens = new LinkedHashMap<>();
    try (Statement s = db.createStatement();
        ResultSet rows = s.executeQuery("select sid, auth_token from account order by sid")) {
      while (rows.next()) {
        tokens.put(rows.getString(1), rows.getString(2));
      }
    }
    return tokens;
  }
}
