package org.switchboard.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SidTest {

  @Test
  void orderedSidsAreWellFormedAndSortInTheOrderTheyWereMade() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(Sid.EVENT.generateOrdered());
    }

    assertThat(made).allMatch(Sid.EVENT::matches).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void randomSidsAreWellFormed() {
    assertThat(Sid.TASK.generate()).matches(Sid.TASK::matches).startsWith("WT").hasSize(34);
  }
}
