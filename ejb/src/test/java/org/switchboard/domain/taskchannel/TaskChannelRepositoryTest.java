package org.switchboard.domain.taskchannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.testing.JpaHarness.inTransaction;
import static org.switchboard.testing.JpaHarness.inject;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.switchboard.routing.RoutingFixture;
import org.switchboard.testing.JpaHarness;
import org.switchboard.testing.JpaHarness.SettableClock;

/**
 * A task channel named by its unique name is found again by its sid: the name's sid is only a hint,
 * so a channel deleted, or created again under the same name, is never answered stale.
 */
class TaskChannelRepositoryTest {

  @RegisterExtension static final JpaHarness db = JpaHarness.perTestClass();

  private RoutingFixture f;
  private TaskChannelRepository channels;

  @BeforeEach
  void fixture() {
    f = new RoutingFixture(db, new SettableClock(Instant.parse("2026-12-05T10:00:00Z")));
    channels = inject(new TaskChannelRepository(), "em", f.em);
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aChannelIsFoundByNameAndSidAndNotAfterItsDeletion() {
    String workspace = f.workspace.getSid();
    String first = chat();

    // a name is found, twice (the second time through its sid), and so is the sid
    assertThat(sids(channels.withSidOrName(workspace, "chat"))).containsExactly(first);
    assertThat(sids(channels.withSidOrName(workspace, "chat"))).containsExactly(first);
    assertThat(sids(channels.withSidOrName(workspace, first))).containsExactly(first);
    // not in another workspace
    assertThat(channels.withSidOrName("WS00000000000000000000000000000000", "chat")).isEmpty();

    // when the channel is deleted, its name finds nothing
    inTransaction(f.em, m -> m.remove(m.find(TaskChannel.class, first)));
    assertThat(channels.withSidOrName(workspace, "chat")).isEmpty();

    // and a channel created again under the name is the one found
    String again = chat();
    assertThat(sids(channels.withSidOrName(workspace, "chat"))).containsExactly(again);
  }

  /** A new channel named chat in the fixture's workspace. */
  private String chat() {
    TaskChannel[] created = new TaskChannel[1];
    inTransaction(
        f.em,
        m -> {
          created[0] =
              new TaskChannel(m.merge(f.workspace), "Chat", "chat", null, f.clock.instant());
          m.persist(created[0]);
        });
    return created[0].getSid();
  }

  private static List<String> sids(List<TaskChannel> found) {
    return found.stream().map(TaskChannel::getSid).toList();
  }
}
