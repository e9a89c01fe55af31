package org.switchboard.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A second Switchboard server on the suite's database: a copy of the test WildFly with the EAR in
 * its deployments folder, started as a process on its own port offset and node identifier, so tests
 * can prove what holds when two servers route the same workspace at once.
 */
public final class SecondServer implements AutoCloseable {

  /** Added to the suite's port offset. */
  private static final int EXTRA_OFFSET = 100;

  private static final Set<String> NOT_COPIED = Set.of("data", "tmp", "log", "deployments");

  private static SecondServer shared;
  private static boolean hooked;

  private final Process process;
  private final String root;

  private SecondServer(Process process, String root) {
    this.process = process;
    this.root = root;
  }

  /**
   * The suite's second server, started by the first test that needs it and stopped when the suite
   * ends ({@link SuiteSetup}), so that the suite starts one at most (and again only after a test
   * killed it).
   */
  public static synchronized SecondServer shared() throws IOException {
    if (shared == null || !shared.process.isAlive()) {
      if (shared == null && !hooked) {
        // in case the launcher session is not closed (a forked JVM killed by a timeout)
        Runtime.getRuntime().addShutdownHook(new Thread(SecondServer::stopShared));
        hooked = true;
      }
      shared = start();
    }
    return shared;
  }

  /** Stops the shared second server, if one runs; called when the suite ends. */
  public static synchronized void stopShared() {
    if (shared != null) {
      shared.close();
      shared = null;
    }
  }

  /**
   * Kills the shared second server as {@code kill -9} would: no shutdown, no cleanup, in-memory
   * work lost. The next {@link #shared()} starts it again.
   */
  public static synchronized void killShared() throws InterruptedException {
    if (shared != null) {
      shared.kill();
    }
  }

  /** Kills this server's processes at once (SIGKILL) and waits until they are gone. */
  public void kill() throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    for (ProcessHandle handle : all) {
      handle.destroyForcibly();
    }
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Starts the second server and waits until it answers the API. */
  public static SecondServer start() throws IOException {
    // the server as the ear module provisioned it: the suite's copy has Arquillian's deployments
    Path ear =
        Path.of(System.getProperty("switchboard.it.ear", "../ear/target/switchboard.ear"))
            .toAbsolutePath();
    Path source = ear.resolveSibling("server");
    Path home =
        Path.of(System.getProperty("jboss.home", "target/wildfly"))
            .toAbsolutePath()
            .resolveSibling("wildfly-second");
    copy(source, home);
    Path deployments = Files.createDirectories(home.resolve("standalone/deployments"));
    Files.copy(ear, deployments.resolve("switchboard.ear"), StandardCopyOption.REPLACE_EXISTING);
    int offset = Integer.getInteger("switchboard.it.port.offset", 10000) + EXTRA_OFFSET;
    List<String> command = new ArrayList<>();
    command.add("sh"); // the copied server's scripts may have lost their execute bit
    command.add(home.resolve("bin/standalone.sh").toString());
    command.add("-Djboss.socket.binding.port-offset=" + offset);
    command.add("-Djboss.node.name=switchboard-second");
    command.add("-Dswitchboard.account.sid=" + System.getProperty("switchboard.it.account.sid"));
    command.add("-Dswitchboard.auth.token=" + System.getProperty("switchboard.it.auth.token"));
    command.add("-Dswitchboard.secret.key=" + System.getProperty("switchboard.it.secret.key"));
    command.addAll(List.of(System.getProperty("switchboard.it.db.args").trim().split("\\s+")));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA_OPTS", "-Xms256m -Xmx768m");
    builder.redirectErrorStream(true);
    builder.redirectOutput(home.resolve("console.log").toFile());
    SecondServer server = new SecondServer(builder.start(), "http://127.0.0.1:" + (8080 + offset));
    Api api = Api.asSuiteAccount().on(server.root);
    Eventually.poll(
        () -> {
          if (!server.process.isAlive()) {
            throw new IllegalStateException(
                "the second server stopped; see " + home.resolve("console.log"));
          }
          try {
            return api.get("/v1/Workspaces").status();
          } catch (UncheckedIOException e) {
            return 0; // not listening yet
          }
        },
        status -> status == 200,
        // a restart after a kill, on a machine loaded by other builds, took over 3 minutes
        Duration.ofMinutes(6));
    int status;
    try {
      status = api.get("/v1/Workspaces").status();
    } catch (UncheckedIOException e) {
      status = 0; // still not listening
    }
    if (status != 200) {
      server.close();
      throw new IllegalStateException(
          "the second server did not deploy Switchboard; see " + home.resolve("console.log"));
    }
    return server;
  }

  /** Its root URL, for {@link Api#on}. */
  public String root() {
    return root;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      process.onExit().get();
      for (ProcessHandle child : process.descendants().toList()) {
        child.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copy(Path source, Path target) throws IOException {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path relative = source.relativize(path);
        if (relative.getNameCount() >= 2
            && relative.getName(0).toString().equals("standalone")
            && NOT_COPIED.contains(relative.getName(1).toString())) {
          continue;
        }
        Path destination = target.resolve(relative.toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(
              path,
              destination,
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
