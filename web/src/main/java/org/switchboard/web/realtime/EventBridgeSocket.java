package org.switchboard.web.realtime;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.switchboard.domain.shared.Jsons;

/**
 * The SDK's {@code wsServer}: {@code /realtime/ws?token=JWT&closeExistingSessions=…
 * &clientVersion=…[&setWorkerOfflineIfDisconnected=…]}. A socket with a bad token gets an {@code
 * error} frame carrying Twilio's error JSON and is closed (1008, policy violation). The server only
 * sends; a non-blank frame from the client is answered with an {@code error} frame and otherwise
 * ignored. Delegates everything else to {@link LiveConnections}.
 */
@ServerEndpoint("/realtime/ws")
public class EventBridgeSocket {

  private static final Logger LOG = Logger.getLogger(EventBridgeSocket.class.getName());

  @Inject private AccessTokens tokens;
  @Inject private LiveConnections live;

  @OnOpen
  public void open(Session session) {
    Map<String, List<String>> query = session.getRequestParameterMap();
    AccessTokens.Verified token;
    try {
      token = tokens.verify(first(query, "token"));
    } catch (RuntimeException e) {
      String error = errorFrame(TwilioErrors.of(e).toString());
      LiveConnections.sendNow(session, error);
      LiveConnections.close(
          new LiveConnections.Connection(session, null, false),
          CloseReason.CloseCodes.VIOLATED_POLICY,
          reason(e));
      return;
    }
    live.open(
        session,
        token,
        "true".equalsIgnoreCase(first(query, "closeExistingSessions")),
        !"false".equalsIgnoreCase(first(query, "setWorkerOfflineIfDisconnected")));
  }

  @OnMessage
  public void message(Session session, String text) {
    if (text.isBlank()) {
      return; // a client's heartbeat
    }
    LiveConnections.sendNow(
        session,
        errorFrame(
            TwilioErrors.of(
                    400,
                    20001,
                    "This socket only delivers events; send requests to ebServer (/realtime/eb)")
                .toString()));
  }

  @OnClose
  public void close(Session session) {
    live.closed(session);
  }

  @OnError
  public void error(Session session, Throwable thrown) {
    LOG.log(Level.FINE, "WebSocket error", thrown);
    live.closed(session);
  }

  private static String reason(RuntimeException e) {
    String message =
        e instanceof org.switchboard.domain.shared.SwitchboardException && e.getMessage() != null
            ? e.getMessage()
            : "Invalid Access Token";
    return message.length() > 120 ? message.substring(0, 120) : message;
  }

  private static String errorFrame(String twilioError) {
    return Jsons.createObjectBuilder()
        .add("event_type", "error")
        .add("payload", Jsons.createReader(new java.io.StringReader(twilioError)).readObject())
        .build()
        .toString();
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
