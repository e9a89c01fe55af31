package org.switchboard.infrastructure.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallbackRetryTest {

  @Test
  void anEventCallbackIsRetriedWithBackoffDoublingFromOneSecondUpToFiveMinutes() {
    assertThat(CallbackStore.eventRetryAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(CallbackStore.eventRetryAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(CallbackStore.eventRetryAfter(9)).isEqualTo(Duration.ofSeconds(256));
    assertThat(CallbackStore.eventRetryAfter(10)).isEqualTo(Duration.ofMinutes(5));
    assertThat(CallbackStore.eventRetryAfter(23)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aReceiverDownForAnHourStillGetsTheCallbackAndItIsGivenUpAfterwards() {
    Duration waited = Duration.ZERO;
    int attempts = 1;
    for (Duration next = CallbackStore.eventRetryAfter(attempts);
        next != null;
        next = CallbackStore.eventRetryAfter(++attempts)) {
      waited = waited.plus(next);
    }
    assertThat(waited).isGreaterThan(Duration.ofHours(1)).isLessThan(Duration.ofHours(2));
    assertThat(attempts).isEqualTo(CallbackStore.MAX_ATTEMPTS);
  }
}
