package io.glusterctl.probe.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples of docs/troubleshooting.md: each fenced block whose info string is {@code <command>
 * <situation>} (for example {@code status peer-rejected}) quotes lines a command printed in that
 * situation. A test that produces the situation hands what the command printed to {@link
 * #assertShows}, which saves it under {@code target/runbook-examples/} and fails unless every line
 * of the block matches a line of it, in order. The pattern language is the one the runbook
 * documents at its top: {@code <uuid>}, {@code <ip>}, {@code <n>}, {@code <time>}, {@code
 * <duration>}, {@code ...} (any text), and a run of spaces matches any run of spaces.
 */
public final class Runbook {
  /** The commands whose output a runbook block may quote. */
  public static final Set<String> COMMANDS =
      Set.of(
          "status", "plan", "liveness", "readiness", "prestop", "prestart", "repair", "reconcile");

  private static final Path PAGE = Path.of("docs/troubleshooting.md");
  private static final Pattern FENCE =
      Pattern.compile("^ *```([a-z]+) ([a-z0-9]+(?:-[a-z0-9]+)*)\\s*$");
  private static final Pattern PLACEHOLDER =
      Pattern.compile("<uuid>|<ip>|<n>|<time>|<duration>|\\.\\.\\.| +");
  private static final Map<String, String> MEANING =
      Map.of(
          "<uuid>", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
          "<ip>", "[0-9]{1,3}(?:\\.[0-9]{1,3}){3}",
          "<n>", "[0-9]+",
          "<time>", "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z",
          "<duration>", "(?:PT)?[0-9][0-9.]*(?: ?(?:ms|s|m|h|M|S|H))+",
          "...", ".*?");

  /** One quoted block: which command printed its lines, in which situation. */
  public record Block(String command, String situation, int line, List<String> lines) {
    public String key() {
      return command + " " + situation;
    }
  }

  private Runbook() {}

  /** Every marked block of the runbook, by {@link Block#key()}, in the order of the page. */
  public static Map<String, Block> blocks() {
    return blocks(read(repo().resolve(PAGE)));
  }

  static Map<String, Block> blocks(String markdown) {
    Map<String, Block> blocks = new LinkedHashMap<>();
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = FENCE.matcher(lines[i]);
      if (!m.matches() || !COMMANDS.contains(m.group(1))) {
        continue;
      }
      int start = i + 1;
      List<String> body = new ArrayList<>();
      for (i = start; i < lines.length && !lines[i].strip().startsWith("```"); i++) {
        if (!lines[i].isBlank()) {
          body.add(lines[i]);
        }
      }
      Block b = new Block(m.group(1), m.group(2), start, List.copyOf(body));
      if (blocks.put(b.key(), b) != null) {
        throw new AssertionError(PAGE + ":" + start + ": a second block '" + b.key() + "'");
      }
    }
    return blocks;
  }

  /** A runbook line as a regular expression over one output line (both stripped). */
  static Pattern pattern(String line) {
    StringBuilder re = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(line.strip());
    int last = 0;
    while (m.find()) {
      re.append(Pattern.quote(line.strip().substring(last, m.start())));
      re.append(m.group().isBlank() ? " +" : MEANING.get(m.group()));
      last = m.end();
    }
    re.append(Pattern.quote(line.strip().substring(last)));
    return Pattern.compile(re.toString());
  }

  /**
   * The first line of {@code block} that has no match in {@code output} (after the match of the
   * line before it), or empty when every line matches in order.
   */
  static Optional<String> firstUnmatched(List<String> block, String output) {
    List<String> out = output.lines().map(String::strip).toList();
    int at = 0;
    for (String line : block) {
      Pattern p = pattern(line);
      int found = -1;
      for (int i = at; i < out.size(); i++) {
        if (p.matcher(out.get(i)).matches()) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        return Optional.of(line);
      }
      at = found + 1;
    }
    return Optional.empty();
  }

  /**
   * Saves what {@code command} printed in {@code situation} to {@code
   * target/runbook-examples/<command>-<situation>.txt} and fails unless the runbook has that block
   * and every line of it matches a line of {@code output}, in order.
   */
  public static void assertShows(String command, String situation, String output) {
    Path saved =
        repo().resolve("target/runbook-examples").resolve(command + "-" + situation + ".txt");
    try {
      Files.createDirectories(saved.getParent());
      Files.writeString(saved, output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Block b = blocks().get(command + " " + situation);
    if (b == null) {
      throw new AssertionError(
          PAGE
              + " has no block ```"
              + command
              + " "
              + situation
              + " (output saved to "
              + saved
              + ")");
    }
    Optional<String> missing = firstUnmatched(b.lines(), output);
    if (missing.isPresent()) {
      throw new AssertionError(
          PAGE
              + ":"
              + b.line()
              + ": block ```"
              + b.key()
              + ": this line is not in what "
              + command
              + " printed (in order):\n  "
              + missing.get()
              + "\n--- what it printed (saved to "
              + saved
              + ")\n"
              + output);
    }
  }

  /**
   * The repository: the working directory of the build, or the e2e tests' {@code
   * glusterctl.repo.dir}.
   */
  private static Path repo() {
    return Path.of(System.getProperty("glusterctl.repo.dir", System.getProperty("user.dir")))
        .toAbsolutePath();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
