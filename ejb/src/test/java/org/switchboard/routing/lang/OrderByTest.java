package org.switchboard.routing.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A target's {@code order_by}: parsing, errors with columns, and the order it gives. */
class OrderByTest {

  private record Candidate(String name, Map<String, Object> attributes) {}

  private static List<String> sort(String orderBy, Candidate... candidates) {
    List<Candidate> list = new ArrayList<>(List.of(candidates));
    list.sort(
        OrderBy.parse("order_by", orderBy)
            .comparator(
                (Candidate c, List<String> path) -> Expression.over(c.attributes()).apply(path)));
    return list.stream().map(Candidate::name).toList();
  }

  private static Candidate worker(String name, Object level) {
    return new Candidate(name, level == null ? Map.of() : Map.of("level", level));
  }

  @Test
  void sortsDescendingAndAscendingWithMissingValuesLastAndTiesKept() {
    Candidate a = worker("a", new BigDecimal("1"));
    Candidate b = worker("b", new BigDecimal("3"));
    Candidate c = worker("c", null);
    Candidate d = worker("d", new BigDecimal("3"));
    Candidate e = worker("e", "three");

    assertThat(sort("worker.level DESC", a, b, c, d)).containsExactly("b", "d", "a", "c");
    assertThat(sort("worker.level ASC", c, b, a, d)).containsExactly("a", "b", "d", "c");
    assertThat(sort("worker.level", c, b, a)).containsExactly("a", "b", "c");
    // a value of another kind than the rest is not comparable: it keeps its place among ties
    assertThat(sort("worker.level desc", a, b)).containsExactly("b", "a");
    assertThat(sort("worker.level DESC", e, c)).containsExactly("e", "c");
  }

  @Test
  void laterTermsBreakTiesOfEarlierOnes() {
    Candidate a = new Candidate("a", Map.of("tier", "gold", "level", new BigDecimal("1")));
    Candidate b = new Candidate("b", Map.of("tier", "gold", "level", new BigDecimal("5")));
    Candidate c = new Candidate("c", Map.of("tier", "bronze", "level", new BigDecimal("9")));

    assertThat(sort("worker.tier DESC, worker.level DESC", a, b, c)).containsExactly("b", "a", "c");
  }

  @Test
  void knowsWhenItReadsChannelFields() {
    assertThat(
            OrderBy.parse("order_by", "worker.channel.voice.available_capacity_percentage DESC")
                .readsChannels())
        .isTrue();
    assertThat(OrderBy.parse("order_by", "worker.level").readsChannels()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "level DESC ; 1",
        "worker.level UP ; 14",
        "worker.level DESC extra ; 19",
        "worker.level DESC,  ; 19",
        "worker. ; 1",
      })
  void rejectsMalformedOrderByNamingTheColumn(String text, int column) {
    assertThatThrownBy(() -> OrderBy.parse("order_by", text))
        .isInstanceOf(ExpressionException.class)
        .satisfies(e -> assertThat(((ExpressionException) e).column()).isEqualTo(column));
  }
}
