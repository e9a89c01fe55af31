package org.switchboard.infrastructure.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.testing.JpaHarness.inject;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.switchboard.testing.HeldTasks;

/**
 * A receiver that is down while events pour in: the callbacks due wait in the outbox, and at most
 * {@link CallbackPump#MAX_IN_FLIGHT} are in the executor's hands at once, however many are due.
 */
class CallbackPumpTest {

  /** How many callbacks are due: ten times what the pump may hold. */
  private static final int DUE = 10 * CallbackPump.MAX_IN_FLIGHT;

  /** Deliveries handed to the executor, run only when the test says so. */
  private final HeldTasks executor = new HeldTasks();

  /** An outbox with more due callbacks than the pump may hold; counts what it hands out. */
  private final List<Long> claimed = new ArrayList<>();

  private final List<Long> failed = new ArrayList<>();

  private final CallbackPump pump = new CallbackPump();

  CallbackPumpTest() {
    inject(pump, "executor", executor.as(ManagedExecutorService.class));
    inject(
        pump,
        "store",
        new CallbackStore() {
          @Override
          public List<Claimed> claimDue(int max) {
            List<Claimed> due =
                LongStream.range(claimed.size(), Math.min(DUE, claimed.size() + max))
                    .mapToObj(CallbackPumpTest::callback)
                    .toList();
            due.forEach(c -> claimed.add(c.id()));
            return due;
          }

          @Override
          public void failed(long id, String error) {
            failed.add(id);
          }
        });
  }

  @Test
  void aPumpHandsTheExecutorAtMostTheLimitHoweverManyAreDue() {
    pump.pump();

    assertThat(executor.held).hasSize(CallbackPump.MAX_IN_FLIGHT);
    assertThat(claimed).hasSize(CallbackPump.MAX_IN_FLIGHT);
  }

  @Test
  void aCallbackCommittedAtTheLimitIsSentWhenADeliveryFinishes() {
    pump.pump();

    pump.onCommitted(new CallbackOutbox.Queued(callback(-1)));
    assertThat(executor.held).hasSize(CallbackPump.MAX_IN_FLIGHT);

    executor.runNext(); // one delivery finishes: its permit passes to the deferred callback
    assertThat(executor.held).hasSize(CallbackPump.MAX_IN_FLIGHT);
    executor.drain();
    assertThat(failed).contains(-1L);
  }

  @Test
  void pastTheDeferredLimitACallbackIsLeftToItsLease() {
    pump.pump();

    for (long id = -1; id >= -CallbackPump.MAX_DEFERRED - 10; id--) {
      pump.onCommitted(new CallbackOutbox.Queued(callback(id)));
    }
    executor.drain();

    assertThat(failed).contains(-1L, (long) -CallbackPump.MAX_DEFERRED);
    assertThat(failed).doesNotContain((long) -CallbackPump.MAX_DEFERRED - 1);
  }

  @Test
  void finishedDeliveriesMakeRoomForMore() {
    pump.pump();

    executor.runAll(); // the receiver is down: each attempt fails and is recorded for a retry
    pump.pump();

    assertThat(failed).hasSize(CallbackPump.MAX_IN_FLIGHT);
    assertThat(executor.held).hasSize(CallbackPump.MAX_IN_FLIGHT);
    assertThat(claimed).hasSize(2 * CallbackPump.MAX_IN_FLIGHT);
  }

  private static CallbackStore.Claimed callback(long id) {
    return new CallbackStore.Claimed(
        id,
        OutboundCallback.Kind.EVENT,
        "http://127.0.0.1:1/events",
        null,
        "EventType=task.created",
        "WS1",
        null,
        "token",
        0);
  }
}
