package org.switchboard.infrastructure.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneRunAtATimeTest {

  private final OneRunAtATime guard = new OneRunAtATime();
  private final List<String> log = new ArrayList<>();

  @Test
  void aRunThatStartsWhileAnotherIsUnderWayIsSkipped() {
    boolean outer =
        guard.run(
            () -> {
              log.add("outer");
              boolean inner = guard.run(() -> log.add("inner"), e -> log.add("failed"));
              log.add("inner ran: " + inner);
            },
            e -> log.add("failed"));

    assertThat(outer).isTrue();
    assertThat(log).containsExactly("outer", "inner ran: false");
  }

  @Test
  void theNextRunAfterOneThatEndedRuns() {
    guard.run(() -> log.add("first"), e -> log.add("failed"));

    assertThat(guard.run(() -> log.add("second"), e -> log.add("failed"))).isTrue();
    assertThat(log).containsExactly("first", "second");
  }

  @Test
  void aFailedRunIsHandedToTheHandlerAndDoesNotBlockTheNext() {
    boolean ran =
        guard.run(
            () -> {
              throw new IllegalStateException("database away");
            },
            e -> log.add("failed: " + e.getMessage()));

    assertThat(ran).isTrue();
    assertThat(guard.run(() -> log.add("next"), e -> log.add("failed"))).isTrue();
    assertThat(log).containsExactly("failed: database away", "next");
  }
}
