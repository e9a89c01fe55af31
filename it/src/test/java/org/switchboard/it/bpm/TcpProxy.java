package org.switchboard.it.bpm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local TCP proxy in front of the test server, so a test can make Switchboard unreachable for the
 * engine while it keeps running: {@link #refuse()} accepts and closes every connection at once
 * (Switchboard down), {@link #dropReplies()} passes requests on but cuts the connection when the
 * answer to a POST starts (the request was carried out, the caller never learns it; GETs are
 * answered, so a caller can look whether its POST got through), {@link #forward()} passes
 * everything. The caller must speak HTTP/1.1 (one request at a time per connection).
 */
final class TcpProxy implements AutoCloseable {

  enum Mode {
    FORWARD,
    REFUSE,
    DROP_REPLIES
  }

  private final ServerSocket server;
  private final int targetPort;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private volatile Mode mode = Mode.FORWARD;
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();

  TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  void forward() {
    mode = Mode.FORWARD;
  }

  void refuse() {
    mode = Mode.REFUSE;
  }

  void dropReplies() {
    mode = Mode.DROP_REPLIES;
  }

  /** Connections closed unanswered while refusing. */
  int refused() {
    return refused.get();
  }

  /** Answers to POSTs cut off while dropping replies. */
  int dropped() {
    return dropped.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (mode == Mode.REFUSE) {
          refused.incrementAndGet();
          client.close();
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        AtomicBoolean postPending = new AtomicBoolean();
        threads.execute(() -> relay(client, upstream, false, postPending));
        threads.execute(() -> relay(upstream, client, true, postPending));
      } catch (IOException e) {
        // closed, or the target is not there: the client sees its connection end
      }
    }
  }

  private void relay(Socket from, Socket to, boolean isReply, AtomicBoolean postPending) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        Mode now = mode;
        if (!isReply) {
          // a request line starts a request; a chunk of headers or body continues the last one
          String start = new String(buffer, 0, Math.min(n, 7), StandardCharsets.US_ASCII);
          if (start.startsWith("POST ")) {
            postPending.set(true);
          } else if (start.startsWith("GET ") || start.startsWith("DELETE ")) {
            postPending.set(false);
          }
        }
        if (now == Mode.REFUSE || (now == Mode.DROP_REPLIES && isReply && postPending.get())) {
          if (now == Mode.DROP_REPLIES) {
            dropped.incrementAndGet();
          } else {
            refused.incrementAndGet();
          }
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
