package org.switchboard.telephony.internal;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.switchboard.application.WaitingCallers;
import org.switchboard.telephony.agi.CallEnqueuer;

/**
 * Starts the FastAGI server with the deployment and stops it with it, on container-managed threads.
 */
@Singleton
@Startup
public class FastAgiServer {

  @Resource private ManagedThreadFactory threadFactory;
  @Resource private ManagedExecutorService executor;
  @Inject private Instance<CallEnqueuer> enqueuers;
  @EJB private WaitingCallers waitingCallers;

  private FastAgiServerRunner runner;

  @PostConstruct
  void start() {
    TelephonySettings settings = TelephonySettings.load();
    EnqueueAgiScript enqueue =
        new EnqueueAgiScript(
            () -> enqueuers.isResolvable() ? Optional.of(enqueuers.get()) : Optional.empty());
    try {
      runner =
          new FastAgiServerRunner(
              new ScriptMappingStrategy(
                  Map.of(
                      "enqueue", enqueue,
                      "waiting", waiting(WaitingCallerAgiScript.Kind.WAITING, settings),
                      "callback", waiting(WaitingCallerAgiScript.Kind.CALLBACK, settings),
                      "voicemail", waiting(WaitingCallerAgiScript.Kind.VOICEMAIL, settings))),
              InetAddress.getByName(settings.fastAgiBindAddress()),
              settings.fastAgiPort(),
              settings.fastAgiPoolSize(),
              threadFactory);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("bad switchboard.fastagi.bind-address", e);
    }
    runner.start(executor);
  }

  private WaitingCallerAgiScript waiting(
      WaitingCallerAgiScript.Kind kind, TelephonySettings settings) {
    return new WaitingCallerAgiScript(kind, () -> waitingCallers, settings.recordingDir());
  }

  @PreDestroy
  void stop() {
    runner.stop();
  }
}
