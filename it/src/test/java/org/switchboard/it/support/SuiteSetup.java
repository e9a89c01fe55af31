package org.switchboard.it.support;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs once before the suite, before Arquillian reads {@code arquillian.xml}: gives this run a
 * fresh random account (the managed server is started with it as its configured account, so no
 * credential is written anywhere in the repository), the test server's management port and its
 * database settings, and where the fake Asterisk manager interface (AMI) of the telephony ITs
 * listens. When the suite ends, stops the shared {@link SecondServer} if a test started it.
 */
public class SuiteSetup implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    SecureRandom random = new SecureRandom();
    setIfAbsent("switchboard.it.account.sid", "AC" + hex(random));
    setIfAbsent("switchboard.it.auth.token", hex(random));
    int offset = Integer.getInteger("switchboard.it.port.offset", 10000);
    setIfAbsent("switchboard.it.management.port", String.valueOf(9990 + offset));
    // The fake AMI server of the telephony ITs listens here; the server connects to it as this
    // user.
    setIfAbsent("switchboard.it.ami.port", String.valueOf(5038 + offset));
    setIfAbsent("switchboard.it.ami.secret", hex(random));
    setIfAbsent("switchboard.it.db.args", databaseArguments());
    // one secret key for both servers of the suite, as a multi-server deployment must have
    setIfAbsent("switchboard.it.secret.key", hex(random) + hex(random));
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    SecondServer.stopShared();
  }

  /** The server's database settings; an empty password is left out (the server's default). */
  private static String databaseArguments() {
    String arguments =
        "-Dswitchboard.db.driver=postgresql"
            + " -Dswitchboard.db.url="
            + System.getProperty("switchboard.it.db.url")
            + " -Dswitchboard.db.user="
            + System.getProperty("switchboard.it.db.user");
    String password = System.getProperty("switchboard.it.db.password", "");
    return password.isEmpty() ? arguments : arguments + " -Dswitchboard.db.password=" + password;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  private static String hex(SecureRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
