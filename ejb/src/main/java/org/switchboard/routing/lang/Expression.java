package org.switchboard.routing.lang;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A compiled TaskRouter expression: immutable and safe to evaluate from many threads.
 *
 * <pre>
 * expression := or
 * or         := and (("OR" | "||") and)*
 * and        := not (("AND" | "&amp;&amp;") not)*
 * not        := ("NOT" | "!") not | "(" expression ")" | comparison
 * comparison := operand [operator operand]
 * operator   := "==" | "=" | "!=" | "&gt;" | "&lt;" | "&gt;=" | "&lt;=" | "HAS" | "IN" | "NOT IN" | "CONTAINS"
 * operand    := string | number | "true" | "false" | "null" | array | path
 * array      := "[" [operand ("," operand)*] "]"
 * path       := name ("." name)*
 * </pre>
 *
 * Keywords are case-insensitive; strings take single or double quotes with backslash escapes.
 * Evaluation never fails: a missing attribute is null, and any comparison with null or between
 * values of different types is false ({@code !=} included, so {@code x != 'a'} does not match a
 * task without {@code x}). Numbers compare by value ({@code 1 == 1.0}), strings case-sensitively,
 * and {@code >}/{@code <} order strings lexicographically. {@code HAS}: the left array contains the
 * right value; {@code IN}: the left value (or any element of a left array) is in the right array;
 * {@code CONTAINS}: substring of a string or element of an array.
 */
public final class Expression {

  /** Resolves a dotted path ({@code ["customer", "tier"]}) to a value, or null if missing. */
  @FunctionalInterface
  public interface Resolver extends Function<List<String>, Object> {}

  private final String text;
  private final Node root;
  private final Set<List<String>> paths;

  private Expression(String text, Node root, Set<List<String>> paths) {
    this.text = text;
    this.root = root;
    this.paths = paths;
  }

  /**
   * Compiles an expression.
   *
   * @param parameter the API parameter it came from, named in errors
   * @throws ExpressionException with the column of the problem
   */
  public static Expression parse(String parameter, String text) {
    if (text == null || text.isBlank()) {
      throw new ExpressionException(parameter, text == null ? "" : text, 0, "empty expression");
    }
    Parser parser = new Parser(parameter, text);
    Node root = parser.expression();
    parser.expectEnd();
    return new Expression(text, root, Collections.unmodifiableSet(parser.paths));
  }

  public boolean matches(Resolver resolver) {
    return root.test(resolver);
  }

  /** The attribute paths the expression reads. */
  public Set<List<String>> paths() {
    return paths;
  }

  @Override
  public String toString() {
    return text;
  }

  /** A resolver over nested maps (parsed JSON), following a path key by key. */
  public static Resolver over(Map<String, Object> attributes) {
    return path -> {
      Object current = attributes;
      for (String key : path) {
        if (!(current instanceof Map<?, ?> map)) {
          return null;
        }
        current = map.get(key);
      }
      return current;
    };
  }

  /** A resolver for {@code task.…} and {@code worker.…} paths over two attribute maps. */
  public static Resolver overTaskAndWorker(Map<String, Object> task, Map<String, Object> worker) {
    Resolver tasks = over(task);
    Resolver workers = over(worker);
    return path -> {
      if (path.size() < 2) {
        return null;
      }
      return switch (path.get(0)) {
        case "task" -> tasks.apply(path.subList(1, path.size()));
        case "worker" -> workers.apply(path.subList(1, path.size()));
        default -> null;
      };
    };
  }

  // ---------------------------------------------------------------- evaluation

  private interface Node {
    boolean test(Resolver resolver);
  }

  private interface Operand {
    Object value(Resolver resolver);
  }

  private record Literal(Object value) implements Operand {
    @Override
    public Object value(Resolver resolver) {
      return value;
    }
  }

  private record Path(List<String> path) implements Operand {
    @Override
    public Object value(Resolver resolver) {
      return normalize(resolver.apply(path));
    }
  }

  private record ArrayOperand(List<Operand> items) implements Operand {
    @Override
    public Object value(Resolver resolver) {
      List<Object> values = new ArrayList<>(items.size());
      for (Operand item : items) {
        values.add(item.value(resolver));
      }
      return values;
    }
  }

  private record Or(Node left, Node right) implements Node {
    @Override
    public boolean test(Resolver resolver) {
      return left.test(resolver) || right.test(resolver);
    }
  }

  private record And(Node left, Node right) implements Node {
    @Override
    public boolean test(Resolver resolver) {
      return left.test(resolver) && right.test(resolver);
    }
  }

  private record Not(Node inner) implements Node {
    @Override
    public boolean test(Resolver resolver) {
      return !inner.test(resolver);
    }
  }

  private record Truthy(Operand operand) implements Node {
    @Override
    public boolean test(Resolver resolver) {
      return Boolean.TRUE.equals(operand.value(resolver));
    }
  }

  private enum Op {
    EQ,
    NE,
    GT,
    LT,
    GE,
    LE,
    HAS,
    IN,
    NOT_IN,
    CONTAINS
  }

  private record Comparison(Operand left, Op op, Operand right) implements Node {
    @Override
    public boolean test(Resolver resolver) {
      Object l = left.value(resolver);
      Object r = right.value(resolver);
      if (l == null || r == null) {
        return false;
      }
      return switch (op) {
        case EQ -> same(l, r);
        case NE -> comparable(l, r) && !same(l, r);
        case GT -> compare(l, r) > 0 && comparable(l, r);
        case LT -> compare(l, r) < 0 && comparable(l, r);
        case GE -> comparable(l, r) && compare(l, r) >= 0;
        case LE -> comparable(l, r) && compare(l, r) <= 0;
        case HAS -> l instanceof List<?> list && contains(list, r);
        case IN -> in(l, r);
        case NOT_IN ->
            r instanceof List<?> && !(l instanceof List<?> && ((List<?>) l).isEmpty()) && !in(l, r);
        case CONTAINS ->
            l instanceof String s
                ? r instanceof String sub && s.contains(sub)
                : l instanceof List<?> list && contains(list, r);
      };
    }
  }

  private static boolean in(Object left, Object right) {
    if (!(right instanceof List<?> list)) {
      return false;
    }
    if (left instanceof List<?> many) {
      for (Object item : many) {
        if (item != null && contains(list, item)) {
          return true;
        }
      }
      return false;
    }
    return contains(list, left);
  }

  private static boolean contains(List<?> list, Object value) {
    for (Object item : list) {
      if (item != null && same(normalize(item), value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean comparable(Object l, Object r) {
    return (l instanceof BigDecimal && r instanceof BigDecimal)
        || (l instanceof String && r instanceof String)
        || (l instanceof Boolean && r instanceof Boolean);
  }

  private static boolean same(Object l, Object r) {
    if (l instanceof BigDecimal a && r instanceof BigDecimal b) {
      return a.compareTo(b) == 0;
    }
    if (l instanceof List<?> a && r instanceof List<?> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!Objects.equals(normalize(a.get(i)), normalize(b.get(i)))) {
          return false;
        }
      }
      return true;
    }
    return comparable(l, r) && l.equals(r);
  }

  @SuppressWarnings("unchecked")
  private static int compare(Object l, Object r) {
    if (l instanceof BigDecimal a && r instanceof BigDecimal b) {
      return a.compareTo(b);
    }
    if (l instanceof String a && r instanceof String b) {
      return a.compareTo(b);
    }
    if (l instanceof Boolean a && r instanceof Boolean b) {
      return a.compareTo(b);
    }
    return 0;
  }

  /** Numbers of any type become BigDecimal so that they compare by value. */
  private static Object normalize(Object value) {
    if (value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    return value;
  }

  // ---------------------------------------------------------------- parsing

  private enum Kind {
    STRING,
    NUMBER,
    NAME,
    SYMBOL,
    END
  }

  private record Token(Kind kind, String text, int position) {
    boolean is(String word) {
      return (kind == Kind.NAME || kind == Kind.SYMBOL) && text.equalsIgnoreCase(word);
    }

    String shown() {
      return kind == Kind.END ? "end of expression" : "'" + text + "'";
    }
  }

  private static final class Parser {
    private final String parameter;
    private final String text;
    private final List<Token> tokens;
    private final Set<List<String>> paths = new java.util.LinkedHashSet<>();
    private int next;

    Parser(String parameter, String text) {
      this.parameter = parameter;
      this.text = text;
      this.tokens = lex();
    }

    Node expression() {
      Node left = and();
      while (peek().is("OR") || peek().is("||")) {
        take();
        left = new Or(left, and());
      }
      return left;
    }

    private Node and() {
      Node left = not();
      while (peek().is("AND") || peek().is("&&")) {
        take();
        left = new And(left, not());
      }
      return left;
    }

    private Node not() {
      Token token = peek();
      if ((token.is("NOT") && !tokens.get(next + 1).is("IN")) || token.is("!")) {
        take();
        return new Not(not());
      }
      if (token.is("(")) {
        take();
        Node inner = expression();
        expect(")");
        return inner;
      }
      return comparison();
    }

    private Node comparison() {
      Operand left = operand();
      Token token = peek();
      Op op = operator(token);
      if (op == null) {
        return new Truthy(left);
      }
      take();
      if (op == Op.NOT_IN) {
        expect("IN");
      }
      return new Comparison(left, op, operand());
    }

    private Op operator(Token token) {
      if (token.kind() == Kind.END) {
        return null;
      }
      return switch (token.text().toUpperCase(Locale.ROOT)) {
        case "==", "=" -> Op.EQ;
        case "!=" -> Op.NE;
        case ">" -> Op.GT;
        case "<" -> Op.LT;
        case ">=" -> Op.GE;
        case "<=" -> Op.LE;
        case "HAS" -> Op.HAS;
        case "IN" -> Op.IN;
        case "CONTAINS" -> Op.CONTAINS;
        case "NOT" -> Op.NOT_IN;
        default -> null;
      };
    }

    private Operand operand() {
      Token token = take();
      switch (token.kind()) {
        case STRING:
          return new Literal(token.text());
        case NUMBER:
          return new Literal(new BigDecimal(token.text()));
        case NAME:
          String word = token.text().toLowerCase(Locale.ROOT);
          if (word.equals("true") || word.equals("false")) {
            return new Literal(Boolean.valueOf(word));
          }
          if (word.equals("null")) {
            return new Literal(null);
          }
          if (isKeyword(word)) {
            throw error(token, "expected a value but found " + token.shown());
          }
          List<String> path = new ArrayList<>(List.of(token.text().split("\\.", -1)));
          if (path.contains("")) {
            throw error(token, "malformed attribute path " + token.shown());
          }
          paths.add(List.copyOf(path));
          return new Path(List.copyOf(path));
        case SYMBOL:
          if (token.is("[")) {
            List<Operand> items = new ArrayList<>();
            if (!peek().is("]")) {
              items.add(operand());
              while (peek().is(",")) {
                take();
                items.add(operand());
              }
            }
            expect("]");
            return new ArrayOperand(List.copyOf(items));
          }
          throw error(token, "expected a value but found " + token.shown());
        default:
          throw error(token, "expected a value but found the end of the expression");
      }
    }

    void expectEnd() {
      Token token = peek();
      if (token.kind() != Kind.END) {
        throw error(token, "unexpected " + token.shown());
      }
    }

    private void expect(String symbol) {
      Token token = take();
      if (!token.is(symbol)) {
        throw error(token, "expected '" + symbol + "' but found " + token.shown());
      }
    }

    private Token peek() {
      return tokens.get(next);
    }

    private Token take() {
      Token token = tokens.get(next);
      if (token.kind() != Kind.END) {
        next++;
      }
      return token;
    }

    private ExpressionException error(Token token, String problem) {
      return new ExpressionException(parameter, text, token.position(), problem);
    }

    private static boolean isKeyword(String word) {
      return switch (word) {
        case "and", "or", "not", "has", "in", "contains" -> true;
        default -> false;
      };
    }

    private List<Token> lex() {
      List<Token> out = new ArrayList<>();
      int i = 0;
      int n = text.length();
      while (i < n) {
        char c = text.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '\'' || c == '"') {
          int start = i++;
          StringBuilder value = new StringBuilder();
          while (i < n && text.charAt(i) != c) {
            if (text.charAt(i) == '\\' && i + 1 < n) {
              i++;
            }
            value.append(text.charAt(i++));
          }
          if (i >= n) {
            throw new ExpressionException(parameter, text, start, "unterminated string");
          }
          i++;
          out.add(new Token(Kind.STRING, value.toString(), start));
        } else if (Character.isDigit(c)
            || (c == '-' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))
            || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
          int start = i++;
          while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
            i++;
          }
          String number = text.substring(start, i);
          try {
            new BigDecimal(number);
          } catch (NumberFormatException e) {
            throw new ExpressionException(
                parameter, text, start, "malformed number '" + number + "'");
          }
          out.add(new Token(Kind.NUMBER, number, start));
        } else if (Character.isLetter(c) || c == '_' || c == '$') {
          int start = i;
          while (i < n
              && (Character.isLetterOrDigit(text.charAt(i))
                  || "_$.-".indexOf(text.charAt(i)) >= 0)) {
            i++;
          }
          out.add(new Token(Kind.NAME, text.substring(start, i), start));
        } else {
          int start = i;
          String two = i + 1 < n ? text.substring(i, i + 2) : "";
          if (Set.of("==", "!=", ">=", "<=", "&&", "||").contains(two)) {
            i += 2;
            out.add(new Token(Kind.SYMBOL, two, start));
          } else if ("=<>!()[],".indexOf(c) >= 0) {
            i++;
            out.add(new Token(Kind.SYMBOL, String.valueOf(c), start));
          } else {
            throw new ExpressionException(
                parameter, text, start, "unexpected character '" + c + "'");
          }
        }
      }
      out.add(new Token(Kind.END, "", n));
      return out;
    }
  }
}
