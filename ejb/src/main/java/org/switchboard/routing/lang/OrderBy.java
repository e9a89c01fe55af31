package org.switchboard.routing.lang;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A workflow target's {@code order_by}: comma-separated {@code <path> [ASC|DESC]} terms over the
 * candidate worker ({@code worker.level DESC, worker.channel.voice.available_capacity_percentage
 * ASC}). Numbers compare as numbers, strings as strings, booleans false before true; a worker
 * without the value, or with a value of another kind, sorts after those with it in either
 * direction. Ties are left as they were (the router's order: longest idle first).
 */
public final class OrderBy {

  /** One term: the path after {@code worker.} and whether it sorts descending. */
  public record Term(List<String> path, boolean descending) {}

  private final String text;
  private final List<Term> terms;

  private OrderBy(String text, List<Term> terms) {
    this.text = text;
    this.terms = List.copyOf(terms);
  }

  /**
   * Parses an {@code order_by}.
   *
   * @param parameter the API parameter it came from, named in errors
   * @throws ExpressionException with the column (1-based) of the problem
   */
  public static OrderBy parse(String parameter, String text) {
    if (text == null || text.isBlank()) {
      throw new ExpressionException(parameter, text == null ? "" : text, 0, "empty order_by");
    }
    List<Term> terms = new ArrayList<>();
    int start = 0;
    for (String part : text.split(",", -1)) {
      terms.add(term(parameter, text, part, start));
      start += part.length() + 1;
    }
    return new OrderBy(text, terms);
  }

  private static Term term(String parameter, String text, String part, int offset) {
    String trimmed = part.strip();
    int column = offset + part.indexOf(trimmed.isEmpty() ? part : trimmed);
    if (trimmed.isEmpty()) {
      throw new ExpressionException(parameter, text, offset, "expected a worker attribute");
    }
    String[] words = trimmed.split("\\s+");
    if (words.length > 2) {
      throw new ExpressionException(
          parameter, text, column + trimmed.indexOf(words[2]), "expected ',' or the end");
    }
    boolean descending = false;
    if (words.length == 2) {
      String direction = words[1].toUpperCase(Locale.ROOT);
      if (!"ASC".equals(direction) && !"DESC".equals(direction)) {
        throw new ExpressionException(
            parameter,
            text,
            column + trimmed.indexOf(words[1], words[0].length()),
            "expected ASC or DESC");
      }
      descending = "DESC".equals(direction);
    }
    List<String> path = List.of(words[0].split("\\.", -1));
    if (path.size() < 2 || !"worker".equals(path.get(0)) || path.contains("")) {
      throw new ExpressionException(
          parameter, text, column, "expected a worker attribute such as worker.level");
    }
    return new Term(path.subList(1, path.size()), descending);
  }

  public List<Term> terms() {
    return terms;
  }

  /** Whether a term reads {@code worker.channel.<name>.<field>}. */
  public boolean readsChannels() {
    return terms.stream().anyMatch(t -> t.path().size() == 3 && "channel".equals(t.path().get(0)));
  }

  /**
   * A comparator over candidates.
   *
   * @param value what a term's path is for a candidate (null when it has none)
   */
  public <T> Comparator<T> comparator(
      java.util.function.BiFunction<T, List<String>, Object> value) {
    Comparator<T> order = (a, b) -> 0;
    for (Term term : terms) {
      Function<T, Object> key = candidate -> value.apply(candidate, term.path());
      order = order.thenComparing((a, b) -> compare(key.apply(a), key.apply(b), term.descending()));
    }
    return order;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b, boolean descending) {
    Comparable left = comparable(a);
    Comparable right = comparable(b);
    if (left == null || right == null || left.getClass() != right.getClass()) {
      // the one with a comparable value first; two without are a tie
      if (left != null && (right == null || left.getClass() != right.getClass())) {
        return right == null ? -1 : 0;
      }
      return right != null ? 1 : 0;
    }
    int result = left.compareTo(right);
    return descending ? -result : result;
  }

  private static Comparable<?> comparable(Object value) {
    if (value instanceof BigDecimal || value instanceof String || value instanceof Boolean) {
      return (Comparable<?>) value;
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    return null;
  }

  @Override
  public String toString() {
    return text;
  }
}
