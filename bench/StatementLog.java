import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a slice of PostgreSQL's statement log (log_statement = 'all', the default log_line_prefix
 * '%m [%p] %q%u@%d ') and tells, per step that bench/statements.sh marked, the transactions and
 * statements one database received.
 *
 * <p>bench/statements.sh ends each step with a marker statement, {@code select 'statements.sh:
 * NAME'}, sent by psql once the step's request and its after-commit work are done, so everything
 * logged between two markers belongs to the second one's step. The server's timers (deadline
 * sweeps, the callback pump, the stranded-task sweep, the rules warmer) run meanwhile; the step
 * named {@code idle}, a few seconds without requests, shows what they send, and any unit of work
 * (a transaction, or a statement outside one) whose statements all appeared while idle is counted
 * as background, not as the step's. So is the event roll-up timer's transaction, whatever it
 * holds: it starts by locking {@code event_rollup_progress}, and what follows depends on the events
 * it finds, so it need not look as it did while idle.
 *
 * <p>Counted per step: transactions (BEGIN … COMMIT/ROLLBACK), statements (everything the
 * application sent, BEGIN and COMMIT excluded), and apart: the connection pool's validation (an
 * empty query before each connection is handed out), pgjdbc's column metadata queries (once per
 * connection and column, so they fade as the pool warms up) and the AuthToken read outside a
 * transaction (once per account every 5 s, whichever request comes then).
 *
 * <p>Usage: java StatementLog.java LOG_SLICE DATABASE
 */
public class StatementLog {

  private static final Pattern LINE =
      Pattern.compile(
          "^\\S+ \\S+ \\S+ \\[(\\d+)\\] \\S*@(\\S+) LOG:  (?:statement|execute [^:]+): ?(.*)$");
  private static final Pattern MARKER = Pattern.compile("^select 'statements\\.sh: (.*)'$");
  private static final int WIDTH = 150;

  /** One unit of work of one connection: a transaction, or a statement outside any. */
  record Unit(List<String> statements, int validations, int metadata, boolean transaction) {

    /** The AuthToken read outside a transaction, once per account every 5 s, not per request. */
    boolean tokenRead() {
      return !transaction && statements.get(0).contains(" from account a1_0 where a1_0.sid=");
    }

    /** The event roll-up timer's transaction (EventRollup), which no request runs. */
    boolean rollup() {
      return transaction && statements.get(0).contains(" from event_rollup_progress ");
    }
  }

  /** The units logged between two markers, and the name of the second one. */
  record Step(String name, List<Unit> units) {}

  public static void main(String[] args) throws IOException {
    List<Step> steps = read(Path.of(args[0]), args[1]);
    Set<String> background = new HashSet<>();
    for (Step step : steps) {
      if (step.name().equals("idle")) {
        step.units().forEach(u -> background.add(signature(u)));
      }
    }
    int[] total = new int[4];
    for (Step step : steps) {
      if (step.name().equals("idle") || step.name().startsWith("warm-up")) {
        continue;
      }
      List<Unit> own = new ArrayList<>();
      int skipped = 0;
      int tokens = 0;
      for (Unit unit : step.units()) {
        if (background.contains(signature(unit)) || unit.rollup()) {
          skipped++;
        } else if (unit.tokenRead()) {
          tokens++;
        } else {
          own.add(unit);
        }
      }
      int transactions = (int) own.stream().filter(Unit::transaction).count();
      int statements = own.stream().mapToInt(u -> u.statements().size()).sum();
      int validations = own.stream().mapToInt(Unit::validations).sum();
      int metadata = own.stream().mapToInt(Unit::metadata).sum();
      System.out.printf(
          "== %s: %d transaction(s), %d statement(s); also %d pool validation(s), %d driver"
              + " metadata quer%s, %d AuthToken read(s); %d background unit(s) left out%n",
          step.name(),
          transactions,
          statements,
          validations,
          metadata,
          metadata == 1 ? "y" : "ies",
          tokens,
          skipped);
      for (Unit unit : own) {
        System.out.println(unit.transaction() ? "  transaction:" : "  outside a transaction:");
        for (String sql : unit.statements()) {
          System.out.println("    " + shorten(sql));
        }
      }
      if (!step.name().startsWith("lookup")) {
        total[0] += transactions;
        total[1] += statements;
        total[2] += validations;
        total[3] += metadata;
      }
    }
    System.out.printf(
        "RESULT statements lifecycle transactions=%d statements=%d pool_validations=%d"
            + " driver_metadata=%d%n",
        total[0], total[1], total[2], total[3]);
  }

  /** The steps of the log slice, each with the units of work its connections sent. */
  static List<Step> read(Path log, String database) throws IOException {
    List<Step> steps = new ArrayList<>();
    Map<String, Unit> open = new LinkedHashMap<>();
    Map<String, int[]> pending = new LinkedHashMap<>(); // per pid: validations, metadata
    List<Unit> done = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = LINE.matcher(line);
      if (!m.matches() || !m.group(2).equals(database)) {
        continue;
      }
      String pid = m.group(1);
      String sql = m.group(3).strip();
      Matcher marker = MARKER.matcher(sql);
      int[] extra = pending.computeIfAbsent(pid, k -> new int[2]);
      if (marker.matches()) {
        steps.add(new Step(marker.group(1), new ArrayList<>(done)));
        done.clear();
      } else if (sql.isEmpty()) {
        extra[0]++;
      } else if (sql.startsWith("SELECT c.oid, a.attnum, a.attname")) {
        extra[1]++;
      } else if (sql.equals("BEGIN")) {
        open.put(pid, new Unit(new ArrayList<>(), extra[0], extra[1], true));
        pending.remove(pid);
      } else if (sql.equals("COMMIT") || sql.equals("ROLLBACK")) {
        Unit unit = open.remove(pid);
        if (unit != null) {
          done.add(
              new Unit(
                  unit.statements(),
                  unit.validations() + extra[0],
                  unit.metadata() + extra[1],
                  true));
          pending.remove(pid);
        }
      } else if (open.containsKey(pid)) {
        open.get(pid).statements().add(sql);
      } else {
        done.add(new Unit(List.of(sql), extra[0], extra[1], false));
        pending.remove(pid);
      }
    }
    return steps;
  }

  /** What a unit sent, without parameters (the SQL texts carry none; values are in DETAIL lines). */
  private static String signature(Unit unit) {
    return String.join("\n", unit.statements());
  }

  private static String shorten(String sql) {
    return sql.length() <= WIDTH ? sql : sql.substring(0, WIDTH) + " …";
  }
}
