package org.switchboard.routing.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;
import org.kie.api.KieBase;

/**
 * Checks and compiles a rule set: the DRL files a rule author uploads. A rule set may use only the
 * facts and the global the router offers (see {@code docs/rules.md}): it may import the fact
 * classes of this package that rules see ({@link TaskFact}, {@link QueueFact}), the result facts
 * ({@link RouteTo}, {@link SkipTarget}, {@link CancelTask}, {@link PriorityChange}), {@link
 * WorkerQuery} for the global {@code workers}, and classes of {@code java.lang}, {@code java.util},
 * {@code java.time} and {@code java.math}; it may declare its own types. Anything else, and any
 * syntax or compilation error, is a {@link RuleProblem} with file, line and column; all of them are
 * reported at once. The server's shared rules are built into every rule set, as into every
 * workflow.
 */
public final class RuleSetCompiler {

  /** The classes of this package a rule set may import. */
  static final Set<String> OFFERED =
      Set.of(
          TaskFact.class.getName(),
          QueueFact.class.getName(),
          RouteTo.class.getName(),
          SkipTarget.class.getName(),
          CancelTask.class.getName(),
          PriorityChange.class.getName(),
          WorkerQuery.class.getName());

  /** The one global the router sets. */
  static final String WORKERS = "workers";

  private static final List<String> ALLOWED_PACKAGES =
      List.of("java.lang.", "java.util.", "java.time.", "java.math.");
  private static final List<String> DISALLOWED_PACKAGES = List.of("java.util.concurrent.");

  /** What a consequence may not call: no I/O, no threads, no reflection, no leaving the JVM. */
  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "\\b(System\\s*\\.|Runtime\\b|Thread\\b|ProcessBuilder\\b|Class\\s*\\.\\s*forName"
              + "|getClass\\s*\\(|java\\.io\\.|java\\.nio\\.|java\\.net\\.|java\\.lang\\.reflect"
              + "|kcontext\\.getKieRuntime|drools\\s*\\.\\s*getKieRuntime)");

  private final ClassLoader classLoader;
  private final Map<String, String> sharedRules;

  public RuleSetCompiler(ClassLoader classLoader, Map<String, String> sharedRules) {
    this.classLoader = classLoader;
    this.sharedRules = Map.copyOf(sharedRules);
  }

  /** The name an uploaded file goes by: {@code rules-1.drl} for the first {@code Drl}. */
  public static String fileName(int index) {
    return "rules-" + (index + 1) + ".drl";
  }

  /**
   * @param files the rule set's DRL files by name, in upload order
   * @param name names the KieModule (the rule set's sid and version)
   * @throws RuleCompilationException listing every problem with file, line and column
   */
  public CompiledRuleSet compile(String name, Map<String, String> files) {
    List<RuleProblem> problems = new ArrayList<>();
    Usage usage = new Usage();
    Set<String> ruleNames = new HashSet<>();
    // each file is built in the folder of its package, as Drools expects
    Map<String, String> all = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      String pkg = check(file.getKey(), file.getValue(), problems, usage, ruleNames);
      String path =
          (pkg == null || pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + file.getKey();
      all.put(path, file.getValue());
      names.put(path, file.getKey());
    }
    if (!problems.isEmpty()) {
      throw new RuleCompilationException(problems);
    }
    all.putAll(sharedRules);
    KieBase kieBase;
    try {
      kieBase = KieBuild.build(classLoader, "ruleset-" + name, "0", all);
    } catch (RuleCompilationException e) {
      throw new RuleCompilationException(
          e.problems().stream()
              .map(
                  p ->
                      new RuleProblem(
                          names.getOrDefault(p.file(), p.file()),
                          p.line(),
                          p.column(),
                          p.message()))
              .toList());
    }
    return new CompiledRuleSet(kieBase, usage.queues, usage.workers);
  }

  private static final class Usage {
    boolean queues;
    boolean workers;
  }

  /** Checks one file; returns its package (null when it does not parse). */
  private static String check(
      String file, String source, List<RuleProblem> problems, Usage usage, Set<String> ruleNames) {
    DrlParser parser = new DrlParser();
    PackageDescr descr;
    try {
      descr = parser.parse(false, source);
    } catch (DroolsParserException e) {
      problems.add(new RuleProblem(file, 1, 1, e.getMessage()));
      return null;
    }
    if (parser.hasErrors() || descr == null) {
      for (DroolsError error : parser.getErrors()) {
        problems.add(parseProblem(file, source, error));
      }
      return null;
    }
    Set<String> declared = new HashSet<>();
    for (TypeDeclarationDescr type : descr.getTypeDeclarations()) {
      declared.add(type.getTypeName());
    }
    Map<String, String> imported = new LinkedHashMap<>();
    for (ImportDescr imp : descr.getImports()) {
      String target = imp.getTarget();
      if (target.endsWith(".*") ? !allowedWildcard(target) : !allowed(target)) {
        problems.add(
            at(
                file,
                source,
                imp,
                target,
                "import "
                    + target
                    + " is not offered to rules; rules may import "
                    + "org.switchboard.routing.rules.{TaskFact, QueueFact, RouteTo, SkipTarget,"
                    + " CancelTask, PriorityChange, WorkerQuery} and java.lang, java.util,"
                    + " java.time, java.math classes"));
      }
      String simple = target.substring(target.lastIndexOf('.') + 1);
      imported.put(simple, target);
    }
    for (GlobalDescr global : descr.getGlobals()) {
      String type = imported.getOrDefault(global.getType(), global.getType());
      if (!WORKERS.equals(global.getIdentifier()) || !WorkerQuery.class.getName().equals(type)) {
        problems.add(
            at(
                file,
                source,
                global,
                global.getIdentifier(),
                "global "
                    + global.getType()
                    + " "
                    + global.getIdentifier()
                    + " is not offered to rules; the only global is "
                    + "org.switchboard.routing.rules.WorkerQuery workers"));
      } else {
        usage.workers = true;
      }
    }
    if (!descr.getFunctionImports().isEmpty()) {
      BaseDescr first = descr.getFunctionImports().get(0);
      problems.add(at(file, source, first, "import", "function imports are not offered to rules"));
    }
    for (RuleDescr rule : descr.getRules()) {
      if (!ruleNames.add(rule.getName())) {
        problems.add(
            at(
                file,
                source,
                rule,
                rule.getName(),
                "rule \"" + rule.getName() + "\" is defined twice in this rule set"));
      }
      patterns(rule.getLhs(), file, source, declared, imported, problems, usage);
    }
    forbidden(file, source, problems);
    return descr.getName();
  }

  private static void patterns(
      BaseDescr element,
      String file,
      String source,
      Set<String> declared,
      Map<String, String> imported,
      List<RuleProblem> problems,
      Usage usage) {
    if (element instanceof PatternDescr pattern) {
      String type = pattern.getObjectType();
      if (type != null) {
        String qualified = imported.getOrDefault(type, type);
        if (qualified.equals(QueueFact.class.getName()) || "QueueFact".equals(type)) {
          usage.queues = true;
        }
        if (type.contains(".") && !declared.contains(type) && !allowed(qualified)) {
          problems.add(
              at(file, source, pattern, type, "fact type " + type + " is not offered to rules"));
        }
      }
      if (pattern.getSource() instanceof FromDescr) {
        return;
      }
      if (pattern.getSource() != null) {
        patterns(pattern.getSource(), file, source, declared, imported, problems, usage);
      }
    } else if (element instanceof ConditionalElementDescr ce) {
      for (BaseDescr child : ce.getDescrs()) {
        patterns(child, file, source, declared, imported, problems, usage);
      }
    }
  }

  private static void forbidden(String file, String source, List<RuleProblem> problems) {
    String[] lines = source.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String code = line.contains("//") ? line.substring(0, line.indexOf("//")) : line;
      if (code.stripLeading().startsWith("import ") || code.stripLeading().startsWith("#")) {
        continue;
      }
      Matcher matcher = FORBIDDEN.matcher(code);
      if (matcher.find()) {
        problems.add(
            new RuleProblem(
                file,
                i + 1,
                matcher.start() + 1,
                matcher.group().replaceAll("\\s", "")
                    + " is not allowed in rules: an action only inserts result facts"
                    + " (no I/O, threads, reflection or engine access)"));
      }
    }
  }

  static boolean allowed(String className) {
    if (OFFERED.contains(className)) {
      return true;
    }
    if (DISALLOWED_PACKAGES.stream().anyMatch(className::startsWith)) {
      return false;
    }
    if (ALLOWED_PACKAGES.stream().noneMatch(className::startsWith)) {
      return false;
    }
    String rest = className.substring(className.indexOf('.', 5) + 1);
    // only classes directly in those packages, not java.lang.reflect.* or java.lang.invoke.*
    return !rest.contains(".")
        && !className.equals("java.lang.System")
        && !className.equals("java.lang.Runtime")
        && !className.equals("java.lang.Thread")
        && !className.equals("java.lang.ProcessBuilder")
        && !className.equals("java.lang.ClassLoader");
  }

  private static boolean allowedWildcard(String target) {
    String pkg = target.substring(0, target.length() - 1);
    return pkg.equals("java.util.") || pkg.equals("java.time.") || pkg.equals("java.math.");
  }

  private static RuleProblem parseProblem(String file, String source, DroolsError error) {
    int[] lines = error.getLines();
    int line = error instanceof ParserError p ? p.getRow() : lines.length > 0 ? lines[0] : 1;
    int column = error instanceof ParserError p ? p.getCol() + 1 : 1;
    if (line < 1) {
      line = 1;
    }
    if (column < 1) {
      column = KieBuild.columnOf(source, line, error.getMessage());
    }
    return new RuleProblem(file, line, column, error.getMessage());
  }

  /**
   * A problem at a descr's position; the column is the token's on that line when Drools has none.
   */
  private static RuleProblem at(
      String file, String source, BaseDescr descr, String token, String message) {
    int line = Math.max(descr.getLine(), 1);
    int column = descr.getColumn() > 0 ? descr.getColumn() + 1 : 0;
    if (column < 1) {
      column = KieBuild.columnOf(source, line, "'" + token + "'");
    }
    return new RuleProblem(file, line, column, message);
  }
}
