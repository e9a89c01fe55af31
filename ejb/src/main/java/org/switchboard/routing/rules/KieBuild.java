package org.switchboard.routing.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/**
 * Builds a KieBase from DRL sources with Drools' {@link KieBuilder} and turns its messages into
 * {@link RuleProblem}s with a file, a line and a column. Drools puts the column of a syntax error
 * only inside the message text ({@code [6:23]} or {@code line 6:23}) and reports other errors with
 * a line only; for those the column is where the token the message quotes stands on that line, or
 * the line's first character.
 */
final class KieBuild {

  private static final String ROOT = "src/main/resources/";
  private static final Pattern POSITION =
      Pattern.compile("\\[(\\d+):(\\d+)\\]|[Ll]ine (\\d+):(\\d+)");
  private static final Pattern QUOTED = Pattern.compile("'([^']+)'|\"([^\"]+)\"");

  private KieBuild() {}

  /**
   * @param files the sources by the path authors know them by (also their KieFileSystem path)
   * @throws RuleCompilationException naming every error's file, line and column
   */
  static KieBase build(
      ClassLoader classLoader, String name, String version, Map<String, String> files) {
    KieServices services = KieServices.Factory.get();
    ReleaseId id =
        services.newReleaseId(
            "org.switchboard.rules", name.toLowerCase(Locale.ROOT), "1.0." + version);
    KieFileSystem fileSystem = services.newKieFileSystem().generateAndWritePomXML(id);
    files.forEach((path, source) -> fileSystem.write(ROOT + path, source));
    KieBuilder builder = services.newKieBuilder(fileSystem, classLoader).buildAll();
    List<RuleProblem> problems = new ArrayList<>();
    for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
      problems.add(problem(message, files));
    }
    if (!problems.isEmpty()) {
      throw new RuleCompilationException(problems);
    }
    KieContainer container = services.newKieContainer(id, classLoader);
    services.getRepository().removeKieModule(id);
    return container.getKieBase();
  }

  static RuleProblem problem(Message message, Map<String, String> files) {
    String path = message.getPath() == null ? "" : message.getPath().replace(ROOT, "");
    String text = message.getText() == null ? "" : message.getText().trim();
    int line = message.getLine();
    int column = message.getColumn();
    Matcher position = POSITION.matcher(text);
    if (position.find()) {
      line = Integer.parseInt(position.group(1) != null ? position.group(1) : position.group(3));
      column = Integer.parseInt(position.group(2) != null ? position.group(2) : position.group(4));
      // Drools counts syntax error columns from 0
      column++;
    } else {
      column = columnOf(files.get(path), line, text);
    }
    return new RuleProblem(path, Math.max(line, 1), Math.max(column, 1), text);
  }

  /** Where on {@code line} the first token quoted in {@code text} stands, else its first char. */
  static int columnOf(String source, int line, String text) {
    if (source == null || line < 1) {
      return 1;
    }
    String[] lines = source.split("\\R", -1);
    if (line > lines.length) {
      return 1;
    }
    String at = lines[line - 1];
    Matcher quoted = QUOTED.matcher(text);
    while (quoted.find()) {
      String token = quoted.group(1) != null ? quoted.group(1) : quoted.group(2);
      int found = at.indexOf(token);
      if (found >= 0) {
        return found + 1;
      }
    }
    int first = 0;
    while (first < at.length() && Character.isWhitespace(at.charAt(first))) {
      first++;
    }
    return first + 1;
  }
}
