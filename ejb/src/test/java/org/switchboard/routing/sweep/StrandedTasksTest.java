package org.switchboard.routing.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.switchboard.routing.sweep.StrandedTasks.Candidate;

/** Which stranded tasks the routing sweep routes, driven by a settable clock. */
class StrandedTasksTest {

  private static final Instant START = Instant.parse("2026-12-03T09:00:00Z");

  /** A clock the test moves. */
  static final class SettableClock extends Clock {
    Instant now = START;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private final SettableClock clock = new SettableClock();
  private final StrandedTasks sweep = new StrandedTasks(clock);

  @Test
  void aTaskCommittedButNeverPlacedIsRoutedOnceItsGracePassed() {
    Candidate task = new Candidate("WT1", START);

    assertThat(sweep.toRoute(List.of(task), sid -> false)).as("within the grace").isEmpty();
    clock.advance(StrandedTasks.GRACE.plusMillis(1));
    assertThat(sweep.toRoute(List.of(task), sid -> false)).containsExactly("WT1");
    assertThat(sweep.changedBefore()).isEqualTo(clock.now.minus(StrandedTasks.GRACE));
  }

  @Test
  void aTaskWhosePassIsQueuedHereIsLeftToIt() {
    clock.advance(Duration.ofSeconds(10));
    List<Candidate> tasks = List.of(new Candidate("WT1", START), new Candidate("WT2", START));

    assertThat(sweep.toRoute(tasks, Set.of("WT1")::contains)).containsExactly("WT2");
  }

  @Test
  void aTaskStillStrandedUnchangedIsRetriedWithABackoffThatDoubles() {
    clock.advance(Duration.ofSeconds(10));
    Candidate task = new Candidate("WT1", START);
    assertThat(sweep.toRoute(List.of(task), sid -> false)).containsExactly("WT1");

    // tried again after 3 s, then 6 s, then 12 s
    clock.advance(Duration.ofSeconds(2));
    assertThat(sweep.toRoute(List.of(task), sid -> false)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(sweep.toRoute(List.of(task), sid -> false)).containsExactly("WT1");
    clock.advance(Duration.ofSeconds(5));
    assertThat(sweep.toRoute(List.of(task), sid -> false)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(sweep.toRoute(List.of(task), sid -> false)).containsExactly("WT1");
    clock.advance(Duration.ofSeconds(11));
    assertThat(sweep.toRoute(List.of(task), sid -> false)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(sweep.toRoute(List.of(task), sid -> false)).containsExactly("WT1");
  }

  @Test
  void theBackoffIsCapped() {
    assertThat(StrandedTasks.backoff(1)).isEqualTo(StrandedTasks.GRACE);
    assertThat(StrandedTasks.backoff(2)).isEqualTo(StrandedTasks.GRACE.multipliedBy(2));
    assertThat(StrandedTasks.backoff(40)).isEqualTo(StrandedTasks.MAX_BACKOFF);
  }

  @Test
  void aTaskThatChangedSinceItWasTriedStartsAfresh() {
    clock.advance(Duration.ofSeconds(10));
    assertThat(sweep.toRoute(List.of(new Candidate("WT1", START)), sid -> false))
        .containsExactly("WT1");

    // it was offered, rejected and is stranded again: a new change, past its grace
    Instant changed = clock.now.plusSeconds(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(sweep.toRoute(List.of(new Candidate("WT1", changed)), sid -> false))
        .containsExactly("WT1");
  }

  @Test
  void triesAreForgottenLongAfterTheirBackoff() {
    clock.advance(Duration.ofSeconds(10));
    sweep.toRoute(List.of(new Candidate("WT1", START)), sid -> false);
    assertThat(sweep.remembered()).isEqualTo(1);

    clock.advance(StrandedTasks.MAX_BACKOFF.multipliedBy(3));
    sweep.toRoute(List.of(), sid -> false);
    assertThat(sweep.remembered()).isZero();
  }
}
