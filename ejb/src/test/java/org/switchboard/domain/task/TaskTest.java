package org.switchboard.domain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.switchboard.domain.shared.IllegalTransitionException;
import org.switchboard.domain.shared.InvalidParameterException;
import org.switchboard.domain.taskchannel.TaskChannel;
import org.switchboard.domain.taskqueue.TaskQueue;
import org.switchboard.domain.workflow.Workflow;
import org.switchboard.domain.workspace.Workspace;

/** A task's times and states, with time set by the test rather than waited for. */
class TaskTest {

  private Instant now = Instant.parse("2026-12-03T10:00:00Z");
  private final Workspace workspace = new Workspace("AC" + "0".repeat(32), "test", now);
  private final Workflow workflow = new Workflow(workspace, "flow", "{}", Set.of(), now);
  private final TaskChannel voice = new TaskChannel(workspace, "Voice", "voice", null, now);

  private Task task(int timeoutSeconds) {
    return new Task(workspace, workflow, voice, "{}", 0, timeoutSeconds, now);
  }

  private void pass(Duration duration) {
    now = now.plus(duration);
  }

  @Test
  void theTtlCountsFromCreationAlsoWhenItIsChangedLater() {
    Task task = task(60);
    assertThat(task.getExpiresAt()).isEqualTo(now.plusSeconds(60));

    pass(Duration.ofSeconds(30));
    task.changeTimeout(120, now);

    assertThat(task.getExpiresAt()).isEqualTo(now.minusSeconds(30).plusSeconds(120));
    assertThat(task.ageSeconds(now)).isEqualTo(30);
  }

  @Test
  void aTtlOutsideTaskRoutersLimitsIsRefused() {
    assertThatThrownBy(() -> task(0)).isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> task(Task.MAX_TIMEOUT + 1))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void theQueueEnteredDateChangesOnlyWhenTheTaskMovesToAnotherQueue() {
    Task task = task(600);
    TaskQueue first = new TaskQueue(workspace, "first", now);
    TaskQueue second = new TaskQueue(workspace, "second", now);

    pass(Duration.ofSeconds(5));
    task.routeTo(first, 0, 0, null, now.plusSeconds(10), now);
    Instant entered = now;
    pass(Duration.ofSeconds(10));
    task.routeTo(first, 0, 0, 7, null, now);
    assertThat(task.getTaskQueueEnteredDate()).isEqualTo(entered);
    assertThat(task.getPriority()).isEqualTo(7);

    pass(Duration.ofSeconds(3));
    task.routeTo(second, 0, 1, null, null, now);
    assertThat(task.getTaskQueueEnteredDate()).isEqualTo(now);
    assertThat(task.getStepDeadline()).isNull();
  }

  @Test
  void anAcceptedTaskHasNoTargetDeadlineAndCannotBeCanceled() {
    Task task = task(600);
    task.routeTo(new TaskQueue(workspace, "q", now), 0, 0, null, now.plusSeconds(10), now);
    task.reserve(now);

    pass(Duration.ofSeconds(2));
    task.assign(now);

    assertThat(task.getAssignmentStatus()).isEqualTo(TaskStatus.ASSIGNED);
    assertThat(task.getStepDeadline()).isNull();
    assertThatThrownBy(() -> task.cancel("too late", now))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> task.complete(" ", now)).isInstanceOf(InvalidParameterException.class);
    task.complete("done", now);
    assertThat(task.getDateUpdated()).isEqualTo(now);
  }
}
