package io.glusterctl.probe.packaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract tables of the documentation: the commands (README.md, "Commands") and the options
 * with their variables and defaults (docs/reference.md, "Options and environment").
 */
final class ReadmeContract {
  static final Path FILE = Path.of("README.md");
  static final Path OPTIONS_FILE = Path.of("docs/reference.md");

  /**
   * One row of "Options and environment": {@code | `--option` | `VARIABLE` | default | meaning |}.
   */
  record OptionRow(String option, String variable, String defaultText) {}

  private static final Pattern OPTION_ROW =
      Pattern.compile("^\\|\\s*`(--[a-z-]+)`\\s*\\|\\s*`([A-Z_]+)`\\s*\\|([^|]*)\\|.*$");
  private static final Pattern COMMAND_ROW = Pattern.compile("^\\|\\s*`([a-z]+)[^`]*`\\s*\\|.*$");

  private final String readme;
  private final String reference;

  private ReadmeContract(String readme, String reference) {
    this.readme = readme;
    this.reference = reference;
  }

  static ReadmeContract load() {
    return new ReadmeContract(Manifest.read(FILE), Manifest.read(OPTIONS_FILE));
  }

  /** The options table, keyed by variable name, in the order of docs/reference.md. */
  Map<String, OptionRow> options() {
    Map<String, OptionRow> rows = new LinkedHashMap<>();
    for (String line : section(reference, "Options and environment")) {
      Matcher m = OPTION_ROW.matcher(line.strip());
      if (m.matches()) {
        rows.put(m.group(2), new OptionRow(m.group(1), m.group(2), m.group(3).strip()));
      }
    }
    return rows;
  }

  /** The command names of the commands table. */
  List<String> commands() {
    List<String> names = new ArrayList<>();
    for (String line : section(readme, "Commands")) {
      Matcher m = COMMAND_ROW.matcher(line.strip());
      if (m.matches()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The default of an option as docs/reference.md writes it, without backticks. */
  String defaultOf(String variable) {
    OptionRow row = options().get(variable);
    if (row == null) {
      throw new AssertionError(OPTIONS_FILE + " lists no variable " + variable);
    }
    return row.defaultText().replace("`", "");
  }

  private static List<String> section(String text, String headingStart) {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("## ")) {
        in = line.substring(3).startsWith(headingStart);
        continue;
      }
      if (in) {
        lines.add(line);
      }
    }
    return lines;
  }
}
