package org.switchboard.telephony.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PerCallExecutorTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void theWorkOfOneCallRunsInSubmissionOrder() throws InterruptedException {
    // given
    PerCallExecutor executor = new PerCallExecutor(pool);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);

    // when 500 pieces of work for one call are submitted
    for (int i = 0; i < 500; i++) {
      int n = i;
      executor.execute("WR1", () -> ran.add(n));
    }
    executor.execute("WR1", done::countDown);

    // then they ran one after the other, in that order
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      expected.add(i);
    }
    assertThat(ran).containsExactlyElementsOf(expected);
  }

  @Test
  void aSlowCallDoesNotHoldUpAnotherCall() throws InterruptedException {
    // given a call whose work is stuck (a slow transaction)
    PerCallExecutor executor = new PerCallExecutor(pool);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch laterForSameCall = new CountDownLatch(1);
    CountDownLatch otherCall = new CountDownLatch(1);
    executor.execute("1700000000.1", () -> await(release));
    executor.execute("1700000000.1", laterForSameCall::countDown);

    // when another call's work comes in
    executor.execute("1700000000.2", otherCall::countDown);

    // then it runs at once, while the stuck call's next work still waits its turn
    assertThat(otherCall.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(laterForSameCall.getCount()).isEqualTo(1);
    release.countDown();
    assertThat(laterForSameCall.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void failingWorkIsLoggedAndTheCallsNextWorkStillRuns() {
    // given an executor running work on the submitting thread
    PerCallExecutor executor = new PerCallExecutor(Runnable::run);
    List<String> ran = new ArrayList<>();

    // when the first piece of work throws
    executor.execute(
        "WR1",
        () -> {
          throw new IllegalStateException("database down");
        });
    executor.execute("WR1", () -> ran.add("next"));

    // then the next one ran and nothing is kept for the finished call
    assertThat(ran).containsExactly("next");
    assertThat(executor.busyKeys()).isZero();
  }

  @Test
  void workRefusedWhileShuttingDownIsDroppedAndForgotten() {
    // given a delegate that is shut down
    pool.shutdown();
    PerCallExecutor executor = new PerCallExecutor(pool);

    // when work comes in
    executor.execute("WR1", () -> {});

    // then nothing is kept for it
    assertThat(executor.busyKeys()).isZero();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
