package org.switchboard.telephony.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;

/**
 * Runs Asterisk-Java's FastAGI server on threads from the given factory (the container's
 * ManagedThreadFactory in WildFly). Each FastAGI session holds a thread while its call is enqueued
 * (a database transaction), so the pool is as large as the number of calls that may arrive at once
 * ({@code switchboard.fastagi.pool-size}): a burst of calls is served in parallel instead of
 * queueing behind a few threads. Idle threads end after a minute. {@code startup()} blocks, so it
 * runs on the given executor. Plain Java so it is testable without a container.
 */
public final class FastAgiServerRunner {

  private static final Logger LOG = Logger.getLogger(FastAgiServerRunner.class.getName());

  private static final long IDLE_SECONDS = 60;

  private final CountDownLatch listening = new CountDownLatch(1);
  private final DefaultAgiServer server;

  public FastAgiServerRunner(
      MappingStrategy mapping,
      InetAddress bindAddress,
      int port,
      int poolSize,
      ThreadFactory threads) {
    server =
        new DefaultAgiServer(mapping) {
          @Override
          protected ThreadPoolExecutor createPool() {
            ThreadPoolExecutor pool =
                new ThreadPoolExecutor(
                    poolSize,
                    poolSize,
                    IDLE_SECONDS,
                    TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(),
                    threads);
            pool.allowCoreThreadTimeOut(true);
            return pool;
          }

          @Override
          protected ServerSocketFacade createServerSocket() throws IOException {
            ServerSocketFacade socket = super.createServerSocket();
            listening.countDown();
            return socket;
          }
        };
    server.setAddress(bindAddress);
    server.setPort(port);
  }

  /** Starts accepting on {@code acceptor}; returns at once. */
  public void start(Executor acceptor) {
    acceptor.execute(
        () -> {
          try {
            server.startup();
          } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "FastAGI server stopped", e);
          }
        });
  }

  /** Waits until the server socket is bound. */
  public boolean awaitListening(long timeout, TimeUnit unit) throws InterruptedException {
    return listening.await(timeout, unit);
  }

  public void stop() {
    server.shutdown();
  }
}
