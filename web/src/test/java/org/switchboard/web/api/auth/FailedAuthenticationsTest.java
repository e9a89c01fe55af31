package org.switchboard.web.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.switchboard.web.api.auth.FailedAuthentications.Allowance;

class FailedAuthenticationsTest {

  private static final String ATTACKER = "203.0.113.7";
  private static final String ACCOUNT = "AC" + "1".repeat(32);

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T13:00:00Z"));
  private final FailedAuthentications failures =
      new FailedAuthentications(
          clock, new Allowance(3, Duration.ofSeconds(10)), new Allowance(5, Duration.ofSeconds(2)));

  @Test
  void refusesAnAddressAndNameAfterItsBurstOfFailuresUntilOneIsRegained() {
    // given three failures in a row
    for (int i = 0; i < 3; i++) {
      assertThat(failures.refusal(ATTACKER, ACCOUNT)).as("try %d", i + 1).isEmpty();
      failures.failed(ATTACKER, ACCOUNT);
    }

    // then the fourth try is refused for the ten seconds it takes to regain one failure
    assertThat(failures.refusal(ATTACKER, ACCOUNT)).contains(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(9));
    assertThat(failures.refusal(ATTACKER, ACCOUNT)).contains(Duration.ofSeconds(1));

    // and allowed once it has passed, for exactly one more failure
    clock.advance(Duration.ofSeconds(1));
    assertThat(failures.refusal(ATTACKER, ACCOUNT)).isEmpty();
    failures.failed(ATTACKER, ACCOUNT);
    assertThat(failures.refusal(ATTACKER, ACCOUNT)).contains(Duration.ofSeconds(10));
  }

  @Test
  void otherAddressesAndOtherNamesAreNotAffected() {
    // given an address that used up its allowance for one account
    for (int i = 0; i < 3; i++) {
      failures.failed(ATTACKER, ACCOUNT);
    }

    // then the same account from another address, and another account from this one, may try
    assertThat(failures.refusal("198.51.100.1", ACCOUNT)).isEmpty();
    assertThat(failures.refusal(ATTACKER, "AC" + "2".repeat(32))).isEmpty();
  }

  @Test
  void anAddressTryingManyNamesIsRefusedForAllOfThem() {
    // given five failures, each with another name
    for (int i = 0; i < 5; i++) {
      failures.failed(ATTACKER, "AC" + i);
    }

    // then even a name it never tried is refused until the address regains a failure (2 s)
    assertThat(failures.refusal(ATTACKER, "AC-new")).contains(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    assertThat(failures.refusal(ATTACKER, "AC-new")).isEmpty();
  }

  @Test
  void anAllowanceRefillsNoFurtherThanItsBurst() {
    // given failures long ago
    failures.failed(ATTACKER, ACCOUNT);
    clock.advance(Duration.ofDays(1));

    // then a day of quiet still allows only the burst, not thousands of failures
    for (int i = 0; i < 3; i++) {
      assertThat(failures.refusal(ATTACKER, ACCOUNT)).isEmpty();
      failures.failed(ATTACKER, ACCOUNT);
    }
    assertThat(failures.refusal(ATTACKER, ACCOUNT)).isPresent();
  }

  @Test
  void readsItsLimitsFromTheSettingsAndFallsBackOnTheDefaults() {
    // given settings allowing 2 failures per name and 1 more per minute, and a malformed one
    FailedAuthentications configured =
        FailedAuthentications.from(
            clock,
            Map.of(
                    "switchboard.auth.failures.burst", "2",
                    "switchboard.auth.failures.per-minute", "1",
                    "switchboard.auth.failures.address-burst", "many")
                ::get);

    // then the third failure waits a minute
    configured.failed(ATTACKER, ACCOUNT);
    configured.failed(ATTACKER, ACCOUNT);
    assertThat(configured.refusal(ATTACKER, ACCOUNT)).contains(Duration.ofMinutes(1));
    // and the address keeps the default allowance (100), so other names are not refused
    for (int i = 0; i < 97; i++) {
      configured.failed(ATTACKER, "AC" + i);
    }
    assertThat(configured.refusal(ATTACKER, "AC-new")).isEmpty();
    configured.failed(ATTACKER, "AC-new");
    assertThat(configured.refusal(ATTACKER, "AC-other")).isPresent();
  }

  @Test
  void theDefaultsAllowTenFailuresPerNameThenOneEverySixSeconds() {
    FailedAuthentications defaults = FailedAuthentications.from(clock, key -> null);

    for (int i = 0; i < 10; i++) {
      assertThat(defaults.refusal(ATTACKER, ACCOUNT)).isEmpty();
      defaults.failed(ATTACKER, ACCOUNT);
    }
    assertThat(defaults.refusal(ATTACKER, ACCOUNT)).isEqualTo(Optional.of(Duration.ofSeconds(6)));
  }

  /** A clock the test moves. */
  private static final class SettableClock extends Clock {
    private Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
