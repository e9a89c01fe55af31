package org.switchboard.telephony.peer;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Plays Asterisk's part of the Asterisk Manager Interface over TCP, written from Asterisk's own AMI
 * documentation and source (github.com/asterisk/asterisk: the action handlers and their XML
 * documentation in {@code main/manager.c}, the channel snapshot fields in {@code
 * main/manager_channels.c}, the ConfBridge events in {@code apps/confbridge/confbridge_manager.c},
 * the name-or-uniqueid channel lookup in {@code main/channel.c}, the permission classes in {@code
 * configs/samples/manager.conf.sample}), not from Asterisk-Java.
 *
 * <p>The protocol as documented: on connect the server sends the banner {@code Asterisk Call
 * Manager/<AMI version>\r\n} ({@code manager.c}: {@code "Asterisk Call Manager/%s\r\n"}). Every
 * message is a block of {@code Name: value\r\n} lines ended by an empty line; header names are
 * case-insensitive. A client sends actions ({@code Action: Login}, …, with an optional {@code
 * ActionID} that is echoed in the response and in events the action causes); the server answers
 * each with {@code Response: Success|Error} (plus {@code Message:}), and sends {@code Event: …}
 * blocks to logged-in sessions. What this peer answers:
 *
 * <ul>
 *   <li>{@code Challenge} ({@code AuthType: MD5}): {@code Response: Success}, {@code Challenge:
 *       <number>} ({@code action_challenge}).
 *   <li>{@code Login} with {@code Username} and {@code Secret}, or {@code AuthType: MD5} and {@code
 *       Key} = hex MD5 of challenge + secret: {@code Message: Authentication accepted}, else {@code
 *       Response: Error}, {@code Message: Authentication failed} ({@code action_login}).
 *   <li>{@code CoreSettings}: {@code AMIversion}, {@code AsteriskVersion}, … ({@code
 *       action_coresettings}); {@code Ping}: {@code Ping: Pong}, {@code Timestamp} ({@code
 *       action_ping}); {@code Logoff}: {@code Response: Goodbye}, {@code Message: Thanks for all
 *       the fish.}, then closes.
 *   <li>{@code Originate}: {@code Message: Originate successfully queued} ({@code Async: true}),
 *       then, as the test decides ({@link Outcome}), {@code Event: OriginateResponse} with {@code
 *       Response: Success|Failure}, {@code Channel}, {@code Application}/{@code Data} or {@code
 *       Context}/{@code Exten}, {@code Reason} (4 answered, 3 rang unanswered, 5 busy, 0 failed),
 *       {@code Uniqueid} (the {@code ChannelId} the action assigned, also on failure), {@code
 *       CallerIDNum}, {@code CallerIDName} ({@code fast_originate}).
 *   <li>{@code Redirect}, {@code Setvar}: {@code Response: Success}; {@code Hangup} with {@code
 *       Channel} = a channel name or uniqueid (Asterisk's channel lookup takes either): {@code
 *       Message: Channel Hungup} and a {@code Hangup} event, or {@code Error} {@code No such
 *       channel}.
 *   <li>{@code ConfbridgeStartRecord} with {@code Conference} and optional {@code RecordFile}
 *       ({@code action_confbridgestartrecord} in {@code app_confbridge.c}): {@code Message:
 *       Conference Recording Started.} and a {@code ConfbridgeRecord} event for a conference a
 *       channel joined; else {@code Error} with Asterisk's messages ({@code No Conference name
 *       provided.}, {@code No active conferences.}, {@code No Conference by that name found.},
 *       {@code Conference is already being recorded.}).
 *   <li>{@code CoreShowChannels}: {@code Response: Success}, {@code EventList: start}, {@code
 *       Message: Channels will follow}; one {@code Event: CoreShowChannel} per live channel; then
 *       {@code Event: CoreShowChannelsComplete}, {@code EventList: Complete}, {@code ListItems: n}
 *       ({@code action_coreshowchannels}).
 *   <li>Anything else: {@code Response: Error}, {@code Message: Invalid/unknown command}.
 * </ul>
 *
 * <p>Write permissions as Asterisk checks them ({@code process_message} in {@code manager.c}): each
 * action is registered with the permission classes of which the user's {@code write =} must hold
 * one ({@link #AUTHORITY}: {@code Originate} originate; {@code Redirect}, {@code Setvar} call;
 * {@code Hangup} system or call; {@code ConfbridgeStartRecord} system, as {@code app_confbridge.c}
 * registers it; {@code CoreShowChannels}, {@code CoreSettings} system or reporting; {@code Ping},
 * {@code Login}, {@code Challenge}, {@code Logoff} none); an action the user may not send is
 * answered {@code Response: Error}, {@code Message: Permission denied}. The user may send every
 * action unless the test narrows its classes with {@link #writePermissions}. *
 *
 * <p>Channel events ({@code Newchannel}, {@code Hangup} with {@code Cause}/{@code Cause-txt},
 * {@code ConfbridgeJoin}, {@code ConfbridgeLeave} with {@code Conference}) carry the channel
 * snapshot fields of {@code ast_manager_build_channel_state_string_prefix}: {@code Channel}, {@code
 * ChannelState}, {@code ChannelStateDesc}, {@code CallerIDNum}, {@code CallerIDName}, {@code
 * ConnectedLineNum}, {@code ConnectedLineName}, {@code Language}, {@code AccountCode}, {@code
 * Context}, {@code Exten}, {@code Priority}, {@code Uniqueid}, {@code Linkedid}.
 *
 * <p>Thread-safe; one thread per connection. No JUnit dependency, so WildFly integration tests can
 * reuse it.
 */
public final class FakeAmiServer implements Closeable {

  /** The AMI version Asterisk 22's {@code manager.h} declares. */
  public static final String AMI_VERSION = "13.0.0";

  /** What happens to the channel an {@code Originate} asks for. */
  public enum Outcome {
    /** The callee answers: {@code OriginateResponse} Success, reason 4 (answered). */
    ANSWER("Success", 4),
    /** It rings until the timeout: Failure, reason 3 (ringing). */
    NO_ANSWER("Failure", 3),
    /** Busy: Failure, reason 5. */
    BUSY("Failure", 5),
    /** The channel cannot be created (unknown endpoint): Failure, reason 0. */
    FAIL("Failure", 0),
    /** Nothing yet: the test reports the outcome later with {@link #originateResponse}. */
    RINGING(null, 0);

    final String response;
    final int reason;

    Outcome(String response, int reason) {
      this.response = response;
      this.reason = reason;
    }
  }

  /** One AMI message: its header lines in order (names as sent). */
  public record Message(List<Map.Entry<String, String>> headers) {

    /** The first value of a header, by case-insensitive name, or null. */
    public String get(String name) {
      return headers.stream()
          .filter(h -> h.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    /** Every value of a repeatable header such as {@code Variable}. */
    public List<String> all(String name) {
      return headers.stream()
          .filter(h -> h.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .toList();
    }

    /** The {@code Variable: NAME=value} headers as a map. */
    public Map<String, String> variables() {
      Map<String, String> out = new LinkedHashMap<>();
      for (String v : all("Variable")) {
        int eq = v.indexOf('=');
        if (eq > 0) {
          out.put(v.substring(0, eq), v.substring(eq + 1));
        }
      }
      return out;
    }

    /** The action name, e.g. {@code Originate}. */
    public String action() {
      return get("Action");
    }
  }

  /** A channel this fake PBX has up. */
  public record Channel(String name, String uniqueId, String callerIdNum) {}

  private final String username;
  private final String secret;
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  private final List<Message> actions = new CopyOnWriteArrayList<>();
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private final Set<String> conferences = ConcurrentHashMap.newKeySet();
  private final Map<String, String> recordings = new ConcurrentHashMap<>();
  private final AtomicInteger logins = new AtomicInteger();
  private final AtomicInteger sequence = new AtomicInteger(1);
  private volatile Function<Message, Outcome> originateOutcome = action -> Outcome.ANSWER;
  private volatile Set<String> writePermissions = Set.of("all");
  private volatile boolean muted;

  private FakeAmiServer(String username, String secret, ServerSocket server) {
    this.username = username;
    this.secret = secret;
    this.server = server;
  }

  /** Listens on 127.0.0.1:{@code port} (0 for any free port) for the given manager user. */
  public static FakeAmiServer start(int port, String username, String secret) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    FakeAmiServer fake = new FakeAmiServer(username, secret, socket);
    fake.threads.execute(fake::acceptLoop);
    return fake;
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * The permission classes an action is registered with in Asterisk 22 ({@code
   * ast_manager_register_xml_core} calls in {@code main/manager.c}, {@code ConfbridgeStartRecord}
   * in {@code apps/app_confbridge.c}); the user's {@code write =} must hold one of them. Empty: any
   * logged-in user may send it.
   */
  public static final Map<String, Set<String>> AUTHORITY =
      Map.of(
          "originate", Set.of("originate"),
          "redirect", Set.of("call"),
          "setvar", Set.of("call"),
          "hangup", Set.of("system", "call"),
          "confbridgestartrecord", Set.of("system"),
          "coreshowchannels", Set.of("system", "reporting"),
          "coresettings", Set.of("system", "reporting"));

  /**
   * The user's write permission classes from now on, as {@code write =} in manager.conf lists them
   * (e.g. the sample's {@code call}, {@code originate}, {@code reporting}); {@code all} grants
   * every class.
   */
  public void writePermissions(String... classes) {
    this.writePermissions = Set.of(classes);
  }

  /** Decides the outcome of each later {@code Originate}. */
  public void onOriginate(Function<Message, Outcome> outcome) {
    this.originateOutcome = outcome;
  }

  /** Every action received, in order, from every connection. */
  public List<Message> actions() {
    return List.copyOf(actions);
  }

  /** The actions of one name received so far. */
  public List<Message> actions(String name) {
    return actions.stream().filter(a -> name.equalsIgnoreCase(a.action())).toList();
  }

  /** Successful logins so far. */
  public int logins() {
    return logins.get();
  }

  /** Connections currently logged in. */
  public int loggedIn() {
    return (int) sessions.stream().filter(s -> s.authenticated).count();
  }

  /** The channels up now. */
  public Map<String, Channel> channels() {
    return Map.copyOf(channels);
  }

  /** A new channel comes up: it is listed by CoreShowChannels and {@code Newchannel} is sent. */
  public Channel newChannel(String name, String uniqueId, String callerIdNum) {
    Channel channel = new Channel(name, uniqueId, callerIdNum);
    channels.put(uniqueId, channel);
    broadcast(channelEvent("Newchannel", channel, 0, "Down"));
    return channel;
  }

  /** The channel goes away without any event, as when Asterisk restarts while we are away. */
  public void forget(String uniqueId) {
    channels.remove(uniqueId);
  }

  /** The channel hangs up: {@code Hangup} with the cause (16 = Normal Clearing). */
  public void hangup(String uniqueId, int cause, String causeText) {
    Channel channel = channels.remove(uniqueId);
    if (channel == null) {
      channel = new Channel("Unknown/" + uniqueId, uniqueId, "<unknown>");
    }
    Map<String, String> event = channelEvent("Hangup", channel, 6, "Up");
    event.put("Cause", String.valueOf(cause));
    event.put("Cause-txt", causeText);
    broadcast(event);
  }

  /** The channel enters a ConfBridge conference: {@code ConfbridgeJoin}. */
  public void confbridgeJoin(String conference, String uniqueId) {
    conferences.add(conference);
    broadcast(confbridgeEvent("ConfbridgeJoin", conference, uniqueId));
  }

  /** The conferences being recorded, with the file each is recorded to. */
  public Map<String, String> recordings() {
    return Map.copyOf(recordings);
  }

  /** The channel leaves a ConfBridge conference: {@code ConfbridgeLeave}. */
  public void confbridgeLeave(String conference, String uniqueId) {
    broadcast(confbridgeEvent("ConfbridgeLeave", conference, uniqueId));
  }

  /** Reports the outcome of an earlier {@code Originate} that was left {@link Outcome#RINGING}. */
  public void originateResponse(Message originate, Outcome outcome) {
    Map<String, String> event = new LinkedHashMap<>();
    event.put("Event", "OriginateResponse");
    event.put("Privilege", "call,all");
    if (originate.get("ActionID") != null) {
      event.put("ActionID", originate.get("ActionID"));
    }
    String uniqueId = originate.get("ChannelId");
    if (uniqueId == null || uniqueId.isEmpty()) {
      uniqueId = "1700000000." + sequence.incrementAndGet();
    }
    String requested = originate.get("Channel");
    String name = requested + "-" + String.format("%08x", sequence.incrementAndGet());
    event.put("Response", outcome.response);
    event.put("Channel", outcome == Outcome.ANSWER ? name : requested);
    if (originate.get("Application") != null) {
      event.put("Application", originate.get("Application"));
      event.put("Data", nullToEmpty(originate.get("Data")));
    } else {
      event.put("Context", nullToEmpty(originate.get("Context")));
      event.put("Exten", nullToEmpty(originate.get("Exten")));
    }
    event.put("Reason", String.valueOf(outcome.reason));
    event.put("Uniqueid", uniqueId);
    event.put("CallerIDNum", "<unknown>");
    event.put("CallerIDName", "<unknown>");
    if (outcome == Outcome.ANSWER) {
      channels.put(uniqueId, new Channel(name, uniqueId, "<unknown>"));
    } else if (outcome == Outcome.NO_ANSWER || outcome == Outcome.BUSY) {
      // the channel existed and rang: Asterisk hangs it up, with the cause, before it reports the
      // failed Originate (Asterisk 22.10.1, a Local channel ringing out: Hangup with cause 19,
      // then OriginateResponse Failure, reason 3)
      Map<String, String> hangup =
          channelEvent(
              "Hangup",
              new Channel(name, uniqueId, "<unknown>"),
              outcome == Outcome.BUSY ? 7 : 5,
              outcome == Outcome.BUSY ? "Busy" : "Ringing");
      hangup.put("Cause", outcome == Outcome.BUSY ? "17" : "19");
      hangup.put("Cause-txt", outcome == Outcome.BUSY ? "User busy" : "User alerting, no answer");
      broadcast(hangup);
    }
    broadcast(event);
  }

  /**
   * While muted, actions on open connections are recorded but not answered, as over a connection
   * that broke without either side closing it. New connections are served normally.
   */
  public void mute(boolean mute) {
    this.muted = mute;
    if (mute) {
      sessions.forEach(session -> session.muted = true);
    }
  }

  /** Closes every connection, as a PBX restart or a network failure would; keeps listening. */
  public void dropConnections() {
    for (Session session : sessions) {
      session.close();
    }
    sessions.clear();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    dropConnections();
    threads.shutdownNow();
    // The port is free only once the thread blocked in accept() has left it: until then the
    // kernel keeps the listening socket, and the next peer started on the port (the next test)
    // fails with "Address already in use".
    try {
      for (int i = 0; i < 100 && !threads.awaitTermination(100, TimeUnit.MILLISECONDS); i++) {
        dropConnections(); // a connection accepted while the server was closing
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Session session = new Session(socket);
        sessions.add(session);
        threads.execute(session::run);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void broadcast(Map<String, String> event) {
    for (Session session : sessions) {
      if (session.authenticated && session.events) {
        session.send(event);
      }
    }
  }

  private Map<String, String> channelEvent(
      String name, Channel channel, int state, String stateDesc) {
    Map<String, String> event = new LinkedHashMap<>();
    event.put("Event", name);
    event.put("Privilege", "call,all");
    putSnapshot(event, channel, state, stateDesc);
    return event;
  }

  private static void putSnapshot(
      Map<String, String> event, Channel channel, int state, String stateDesc) {
    event.put("Channel", channel.name());
    event.put("ChannelState", String.valueOf(state));
    event.put("ChannelStateDesc", stateDesc);
    event.put("CallerIDNum", channel.callerIdNum());
    event.put("CallerIDName", "<unknown>");
    event.put("ConnectedLineNum", "<unknown>");
    event.put("ConnectedLineName", "<unknown>");
    event.put("Language", "en");
    event.put("AccountCode", "");
    event.put("Context", "switchboard-inbound");
    event.put("Exten", "s");
    event.put("Priority", "1");
    event.put("Uniqueid", channel.uniqueId());
    event.put("Linkedid", channel.uniqueId());
  }

  private Map<String, String> confbridgeEvent(String name, String conference, String uniqueId) {
    Channel channel =
        channels.getOrDefault(uniqueId, new Channel("Unknown/" + uniqueId, uniqueId, "<unknown>"));
    Map<String, String> event = new LinkedHashMap<>();
    event.put("Event", name);
    event.put("Privilege", "call,all");
    event.put("Conference", conference);
    putBridge(event, conference);
    putSnapshot(event, channel, 6, "Up");
    event.put("Admin", "No");
    if ("ConfbridgeJoin".equals(name)) {
      event.put("Muted", "No");
    }
    return event;
  }

  /** The bridge snapshot fields of ConfBridge's events ({@code ast_manager_build_bridge_state}). */
  private static void putBridge(Map<String, String> event, String conference) {
    event.put("BridgeUniqueid", "bridge-" + conference);
    event.put("BridgeType", "base");
    event.put("BridgeTechnology", "softmix");
    event.put("BridgeCreator", "ConfBridge");
    event.put("BridgeName", conference);
    event.put("BridgeNumChannels", "1");
    event.put("BridgeVideoSourceMode", "none");
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String md5Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One client connection. */
  private final class Session {
    private final Socket socket;
    private final String challenge = String.valueOf(100_000_000 + sequence.incrementAndGet());
    private volatile boolean authenticated;
    private volatile boolean events = true;
    private volatile boolean muted;

    Session(Socket socket) {
      this.socket = socket;
    }

    void run() {
      try (socket) {
        write("Asterisk Call Manager/" + AMI_VERSION + "\r\n");
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
              headers.add(
                  Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
            }
            continue;
          }
          if (headers.isEmpty()) {
            continue;
          }
          Message action = new Message(List.copyOf(headers));
          headers.clear();
          actions.add(action);
          if (!handle(action)) {
            return;
          }
        }
      } catch (IOException e) {
        // connection dropped
      } finally {
        sessions.remove(this);
      }
    }

    /** Answers one action; false ends the session. */
    private boolean handle(Message action) {
      if (muted) {
        return true;
      }
      String name = action.action() == null ? "" : action.action().toLowerCase(Locale.ROOT);
      if (!authenticated && !Set.of("login", "challenge", "logoff").contains(name)) {
        respond(action, "Error", "Missing action in request");
        return true;
      }
      Set<String> authority = AUTHORITY.getOrDefault(name, Set.of());
      Set<String> granted = writePermissions;
      if (!authority.isEmpty()
          && !granted.contains("all")
          && authority.stream().noneMatch(granted::contains)) {
        respond(action, "Error", "Permission denied");
        return true;
      }
      switch (name) {
        case "challenge" -> {
          if ("MD5".equalsIgnoreCase(action.get("AuthType"))) {
            respond(action, "Success", null, Map.of("Challenge", challenge));
          } else {
            respond(action, "Error", "Must specify AuthType");
          }
        }
        case "login" -> login(action);
        case "logoff" -> {
          respond(action, "Goodbye", "Thanks for all the fish.");
          return false;
        }
        case "ping" ->
            respond(
                action,
                "Success",
                null,
                Map.of("Ping", "Pong", "Timestamp", System.currentTimeMillis() / 1000 + ".000000"));
        case "coresettings" ->
            respond(
                action,
                "Success",
                null,
                orderedMap(
                    "AMIversion", AMI_VERSION,
                    "AsteriskVersion", "22.0.0",
                    "SystemName", "",
                    "CoreMaxCalls", "0",
                    "CoreMaxLoadAvg", "0.000000",
                    "CoreRunUser", "asterisk",
                    "CoreRunGroup", "asterisk",
                    "CoreMaxFilehandles", "0",
                    "CoreRealTimeEnabled", "No",
                    "CoreCDRenabled", "No",
                    "CoreHTTPenabled", "No",
                    "SoundsSearchCustomDir", "No"));
        case "originate" -> originate(action);
        case "redirect", "setvar" ->
            respond(
                action,
                "Success",
                "redirect".equals(name) ? "Redirect successful" : "Variable Set");
        case "hangup" -> hangupAction(action);
        case "confbridgestartrecord" -> startRecord(action);
        case "coreshowchannels" -> coreShowChannels(action);
        default -> respond(action, "Error", "Invalid/unknown command");
      }
      return true;
    }

    private void login(Message action) {
      boolean ok;
      if (!username.equals(action.get("Username"))) {
        ok = false;
      } else if ("MD5".equalsIgnoreCase(action.get("AuthType"))) {
        ok = md5Hex(challenge + secret).equalsIgnoreCase(action.get("Key"));
      } else {
        ok = secret.equals(action.get("Secret"));
      }
      if (!ok) {
        respond(action, "Error", "Authentication failed");
        return;
      }
      String mask = action.get("Events");
      events = mask == null || !"off".equalsIgnoreCase(mask);
      authenticated = true;
      logins.incrementAndGet();
      respond(action, "Success", "Authentication accepted");
    }

    private void originate(Message action) {
      if (action.get("Channel") == null || !action.get("Channel").contains("/")) {
        respond(action, "Error", "Invalid channel");
        return;
      }
      respond(action, "Success", "Originate successfully queued");
      Outcome outcome = originateOutcome.apply(action);
      if (outcome != Outcome.RINGING) {
        originateResponse(action, outcome);
      }
    }

    private void startRecord(Message action) {
      String conference = action.get("Conference");
      String error =
          conference == null || conference.isEmpty()
              ? "No Conference name provided."
              : conferences.isEmpty()
                  ? "No active conferences."
                  : !conferences.contains(conference)
                      ? "No Conference by that name found."
                      : recordings.containsKey(conference)
                          ? "Conference is already being recorded."
                          : null;
      if (error != null) {
        respond(action, "Error", error);
        return;
      }
      String file = action.get("RecordFile");
      recordings.put(conference, file == null ? "confbridge-" + conference + ".wav" : file);
      respond(action, "Success", "Conference Recording Started.");
      Map<String, String> event = new LinkedHashMap<>();
      event.put("Event", "ConfbridgeRecord");
      event.put("Privilege", "call,all");
      event.put("Conference", conference);
      putBridge(event, conference);
      broadcast(event);
    }

    private void hangupAction(Message action) {
      String target = action.get("Channel");
      Channel channel =
          target == null
              ? null
              : channels.values().stream()
                  .filter(c -> c.name().equals(target) || c.uniqueId().equals(target))
                  .findFirst()
                  .orElse(null);
      if (channel == null) {
        respond(action, "Error", "No such channel");
        return;
      }
      respond(action, "Success", "Channel Hungup");
      hangup(channel.uniqueId(), 16, "Normal Clearing");
    }

    private void coreShowChannels(Message action) {
      Map<String, String> ack = new LinkedHashMap<>();
      ack.put("Response", "Success");
      putActionId(ack, action);
      ack.put("EventList", "start");
      ack.put("Message", "Channels will follow");
      send(ack);
      List<Channel> live = List.copyOf(channels.values());
      for (Channel channel : live) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("Event", "CoreShowChannel");
        putActionId(event, action);
        putSnapshot(event, channel, 6, "Up");
        event.put("Application", "ConfBridge");
        event.put("ApplicationData", "");
        event.put("Duration", "00:00:01");
        event.put("BridgeId", "");
        send(event);
      }
      Map<String, String> complete = new LinkedHashMap<>();
      complete.put("Event", "CoreShowChannelsComplete");
      putActionId(complete, action);
      complete.put("EventList", "Complete");
      complete.put("ListItems", String.valueOf(live.size()));
      send(complete);
    }

    private void respond(Message action, String response, String message) {
      respond(action, response, message, Map.of());
    }

    private void respond(
        Message action, String response, String message, Map<String, String> extra) {
      Map<String, String> out = new LinkedHashMap<>();
      out.put("Response", response);
      putActionId(out, action);
      if (message != null) {
        out.put("Message", message);
      }
      out.putAll(extra);
      send(out);
    }

    private void putActionId(Map<String, String> out, Message action) {
      if (action.get("ActionID") != null) {
        out.put("ActionID", action.get("ActionID"));
      }
    }

    synchronized void send(Map<String, String> message) {
      StringBuilder block = new StringBuilder();
      message.forEach((k, v) -> block.append(k).append(": ").append(v).append("\r\n"));
      block.append("\r\n");
      try {
        write(block.toString());
      } catch (IOException e) {
        close();
      }
    }

    private synchronized void write(String text) throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    void close() {
      try {
        socket.close();
      } catch (SocketException e) {
        // already closed
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
