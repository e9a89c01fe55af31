package org.switchboard.routing.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TaskRouter's expression language: parsing, evaluation and errors. */
class ExpressionTest {

  private static final Map<String, Object> WORKER =
      Map.of(
          "skills",
          List.of("support", "billing"),
          "languages",
          List.of("en", "es"),
          "level",
          new BigDecimal("3"),
          "name",
          "Alice",
          "vip",
          true,
          "address",
          Map.of("city", "Lyon", "zip", "69001"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "1==1 ; true",
        "1 == 2 ; false",
        "level == 3 ; true",
        "level == 3.0 ; true",
        "level = 3 ; true",
        "level != 4 ; true",
        "level > 2 ; true",
        "level >= 3 ; true",
        "level < 3 ; false",
        "level <= 3 ; true",
        "name == 'Alice' ; true",
        "name == \"Alice\" ; true",
        "name == 'alice' ; false",
        "name > 'Aaron' ; true",
        "vip == true ; true",
        "vip == 'true' ; false",
        "skills HAS 'support' ; true",
        "skills has 'sales' ; false",
        "'es' IN languages ; true",
        "name IN ['Alice', 'Bob'] ; true",
        "name NOT IN ['Alice', 'Bob'] ; false",
        "name not in ['Carol'] ; true",
        "languages IN ['fr', 'es'] ; true",
        "name CONTAINS 'lic' ; true",
        "skills CONTAINS 'billing' ; true",
        "address.city == 'Lyon' ; true",
        "address.zip == 69001 ; false",
        "missing == 'x' ; false",
        "missing != 'x' ; false",
        "missing NOT IN ['x'] ; false",
        "level > 'a' ; false",
        "skills == 'support' ; false",
        "level == 3 AND name == 'Alice' ; true",
        "level == 4 OR name == 'Alice' ; true",
        "level == 4 || name == 'Bob' ; false",
        "level == 3 && NOT (name == 'Bob') ; true",
        "!(level == 3) ; false",
        "NOT level == 3 OR vip == true ; true",
        "(level == 4 OR level == 3) AND skills HAS 'billing' ; true",
        "level == 4 OR level == 3 AND name == 'Bob' ; false",
        "true ; true",
        "vip ; true"
      })
  void evaluates(String expression, boolean expected) {
    assertThat(Expression.parse("TargetWorkers", expression).matches(Expression.over(WORKER)))
        .isEqualTo(expected);
  }

  @Test
  void comparesTaskAndWorkerAttributes() {
    Map<String, Object> task = Map.of("language", "es", "skill", "billing", "level", 3);
    Expression.Resolver both = Expression.overTaskAndWorker(task, WORKER);

    assertThat(Expression.parse("Expression", "worker.languages HAS task.language").matches(both))
        .isTrue();
    assertThat(Expression.parse("Expression", "worker.skills HAS task.skill").matches(both))
        .isTrue();
    assertThat(Expression.parse("Expression", "task.level == worker.level").matches(both)).isTrue();
    assertThat(Expression.parse("Expression", "task.level > worker.level").matches(both)).isFalse();
    assertThat(Expression.parse("Expression", "language == 'es'").matches(both)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "level == | 9 | expected a value but found the end of the expression",
        "(level == 3 | 12 | expected ')' but found end of expression",
        "level == 3) | 11 | unexpected ')'",
        "name == 'Alice | 9 | unterminated string",
        "level == 3 AND | 15 | expected a value but found the end of the expression",
        "level # 3 | 7 | unexpected character '#'",
        "skills HAS [1, 2 | 17 | expected ']' but found end of expression",
        "AND level == 3 | 1 | expected a value but found 'AND'",
        "level == 3 level == 4 | 12 | unexpected 'level'",
        "a..b == 1 | 1 | malformed attribute path 'a..b'"
      })
  void reportsTheColumnOfAnError(String expression, int column, String problem) {
    assertThatThrownBy(() -> Expression.parse("TargetWorkers", expression))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("Invalid TargetWorkers")
        .hasMessageContaining(problem)
        .hasMessageContaining("at column " + column)
        .satisfies(e -> assertThat(((ExpressionException) e).column()).isEqualTo(column))
        .satisfies(
            e -> assertThat(((ExpressionException) e).parameter()).isEqualTo("TargetWorkers"));
  }

  @Test
  void rejectsAnEmptyExpression() {
    assertThatThrownBy(() -> Expression.parse("Expression", " "))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("empty expression");
  }

  @Test
  void listsThePathsItReads() {
    assertThat(
            Expression.parse("Expression", "task.language == worker.language AND 1 == 1").paths())
        .containsExactly(List.of("task", "language"), List.of("worker", "language"));
  }

  @Test
  void oneCompiledExpressionServesManyThreads() throws Exception {
    Expression expression =
        Expression.parse("Expression", "skills HAS 'support' AND level >= 3 AND name IN ['Alice']");
    Map<String, Object> other = Map.of("skills", List.of("sales"), "level", 1, "name", "Bob");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results =
          java.util.stream.IntStream.range(0, 2_000)
              .mapToObj(
                  i ->
                      pool.submit(
                          () ->
                              expression.matches(Expression.over(i % 2 == 0 ? WORKER : other))
                                  == (i % 2 == 0)))
              .toList();
      for (Future<Boolean> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
