package org.switchboard.telephony.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Plays Asterisk's part of a FastAGI session, written from Asterisk's AGI documentation (res_agi,
 * "AGI Commands" and the {@code AGI()} application page of the Asterisk 22 docs), not from
 * Asterisk-Java.
 *
 * <p>The protocol as documented: Asterisk connects over TCP to the host and port of the {@code
 * agi://host:port/script?args} URL, sends the environment as {@code agi_name: value\n} lines (for
 * FastAGI {@code agi_network: yes} and {@code agi_network_script}, plus {@code agi_request}, {@code
 * agi_channel}, {@code agi_uniqueid}, {@code agi_callerid}, {@code agi_dnid}, …) ended by an empty
 * line. The script then sends one command per line, e.g. {@code SET VARIABLE "NAME" "value"}, and
 * Asterisk answers each with one line {@code 200 result=<n> [(data)]}. When the caller hangs up,
 * Asterisk sends {@code HANGUP\n} to a FastAGI script, answers later commands with {@code 511
 * Command Not Permitted on a dead channel or intercept routine}, and closes the socket when the
 * script ends.
 *
 * <p>Thread-safe: {@link #run} runs on one thread, the accessors may be called from any other. No
 * JUnit dependency, so WildFly integration tests can reuse it.
 */
public final class FastAgiCaller {

  private final Map<String, String> environment;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final Map<String, String> variables = new ConcurrentHashMap<>();
  private final Function<String, String> replies;
  private final int hangUpAfterCommands;

  private FastAgiCaller(
      Map<String, String> environment, Function<String, String> replies, int hangUpAfter) {
    this.environment = environment;
    this.replies = replies;
    this.hangUpAfterCommands = hangUpAfter;
  }

  /**
   * A caller for {@code agi://host:port/script?args}; {@code request} is the path and query after
   * the port, e.g. {@code enqueue?workflow=WW1}.
   */
  public static FastAgiCaller forRequest(
      String host, int port, String request, String channel, String uniqueId, String callerId) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("agi_network", "yes");
    env.put("agi_network_script", request); // path and query after host:port
    env.put("agi_request", "agi://" + host + ":" + port + "/" + request);
    env.put("agi_channel", channel);
    env.put("agi_language", "en");
    env.put("agi_type", channel.contains("/") ? channel.substring(0, channel.indexOf('/')) : "");
    env.put("agi_uniqueid", uniqueId);
    env.put("agi_version", "22.0.0");
    env.put("agi_callerid", callerId);
    env.put("agi_calleridname", "unknown");
    env.put("agi_callingpres", "0");
    env.put("agi_callingani2", "0");
    env.put("agi_callington", "0");
    env.put("agi_callingtns", "0");
    env.put("agi_dnid", "unknown");
    env.put("agi_rdnis", "unknown");
    env.put("agi_context", "switchboard-inbound");
    env.put("agi_extension", "s");
    env.put("agi_priority", "2");
    env.put("agi_enhanced", "0.0");
    env.put("agi_accountcode", "");
    env.put("agi_threadid", "140000000000000");
    return new FastAgiCaller(env, FastAgiCaller::defaultReply, Integer.MAX_VALUE);
  }

  /** This caller with one environment entry changed (e.g. {@code agi_dnid}). */
  public FastAgiCaller withEnvironment(String name, String value) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(name, value);
    return new FastAgiCaller(env, replies, hangUpAfterCommands);
  }

  /** This caller answering commands with {@code replies} (one full reply line per command). */
  public FastAgiCaller withReplies(Function<String, String> scripted) {
    return new FastAgiCaller(environment, scripted, hangUpAfterCommands);
  }

  /**
   * This caller hanging up after answering {@code count} commands: it sends {@code HANGUP} and
   * answers every later command with 511, as Asterisk does for a dead channel.
   */
  public FastAgiCaller hangingUpAfter(int count) {
    return new FastAgiCaller(environment, replies, count);
  }

  /**
   * Connects, sends the environment and answers commands until the server closes the connection.
   */
  public void run(String host, int port, Duration timeout) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      StringBuilder block = new StringBuilder();
      environment.forEach((k, v) -> block.append(k).append(": ").append(v).append('\n'));
      block.append('\n');
      send(out, block.toString());
      converse(
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)),
          out);
    }
  }

  /** Sends raw bytes instead of an environment block, then reads until the server closes. */
  public static List<String> sendRaw(String host, int port, String raw, Duration timeout)
      throws IOException {
    List<String> received = new ArrayList<>();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      send(socket.getOutputStream(), raw);
      socket.shutdownOutput();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        received.add(line);
      }
    }
    return received;
  }

  private void converse(BufferedReader in, OutputStream out) throws IOException {
    boolean dead = false;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      commands.add(line);
      if (dead) {
        send(out, "511 Command Not Permitted on a dead channel or intercept routine\n");
        continue;
      }
      recordVariable(line);
      send(out, replies.apply(line) + "\n");
      if (commands.size() >= hangUpAfterCommands) {
        send(out, "HANGUP\n");
        dead = true;
      }
    }
  }

  private void recordVariable(String command) {
    if (!command.regionMatches(true, 0, "SET VARIABLE ", 0, 13)) {
      return;
    }
    List<String> args = AgiArguments.split(command.substring(13));
    if (args.size() >= 2) {
      variables.put(args.get(0), args.get(1));
    }
  }

  private static String defaultReply(String command) {
    return "200 result=1";
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The command lines the script sent, in order. */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  /** The channel variables the script set with {@code SET VARIABLE}. */
  public Map<String, String> variables() {
    return Map.copyOf(variables);
  }

  /** Splits AGI command arguments: blank-separated, double quotes group, backslash escapes. */
  static final class AgiArguments {
    private AgiArguments() {}

    static List<String> split(String text) {
      List<String> out = new ArrayList<>();
      StringBuilder current = null;
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\\' && i + 1 < text.length()) {
          current = current == null ? new StringBuilder() : current;
          current.append(text.charAt(++i));
        } else if (c == '"') {
          quoted = !quoted;
          current = current == null ? new StringBuilder() : current;
        } else if (c == ' ' && !quoted) {
          if (current != null) {
            out.add(current.toString());
            current = null;
          }
        } else {
          current = current == null ? new StringBuilder() : current;
          current.append(c);
        }
      }
      if (current != null) {
        out.add(current.toString());
      }
      return out;
    }
  }
}
