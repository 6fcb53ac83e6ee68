package io.glusterctl.probe.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/troubleshooting.md cannot quote output no test checks: every marked block is handed real
 * output by exactly one test ({@link Runbook#assertShows}), which its section names; every call
 * names a block that exists; every situation either quotes output or says that its example is not
 * pinned yet. And the pattern language the page documents means what it says.
 */
class RunbookTest {
  private static final Path PAGE = Path.of("docs/troubleshooting.md");
  private static final Pattern CALL =
      Pattern.compile("Runbook\\.assertShows\\(\\s*\"([a-z]+)\",\\s*\"([a-z0-9-]+)\"");

  /** Block key ("status peer-rejected") -> the test classes that call assertShows with it. */
  private static Map<String, List<String>> pins() {
    Map<String, List<String>> pins = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = CALL.matcher(Manifest.read(f));
        while (m.find()) {
          String cls = f.getFileName().toString().replace(".java", "");
          pins.computeIfAbsent(m.group(1) + " " + m.group(2), k -> new ArrayList<>()).add(cls);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pins;
  }

  /** The {@code ##} section of the page that holds line {@code line} (1-based), as text. */
  private static String sectionAt(String page, int line) {
    String[] lines = page.split("\n", -1);
    int start = line - 1;
    while (start > 0 && !lines[start].startsWith("## ")) {
      start--;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = start; i < lines.length && (i == start || !lines[i].startsWith("## ")); i++) {
      sb.append(lines[i]).append('\n');
    }
    return sb.toString();
  }

  @Test
  void everyBlockIsPinnedByOneTestThatItsSectionNames() {
    String page = Manifest.read(PAGE);
    Map<String, List<String>> pins = pins();
    Map<String, Runbook.Block> blocks = Runbook.blocks();
    assertThat(blocks).as("marked blocks in " + PAGE).isNotEmpty();
    for (Runbook.Block b : blocks.values()) {
      assertThat(pins.get(b.key()))
          .as("tests that hand real output to block ```%s (line %d)", b.key(), b.line())
          .hasSize(1);
      assertThat(sectionAt(page, b.line()))
          .as("the section of block ```%s names the test that pins it", b.key())
          .contains("`" + pins.get(b.key()).get(0) + "`");
      assertThat(b.lines()).as("lines of block ```%s", b.key()).isNotEmpty();
    }
  }

  @Test
  void everyTestCallNamesABlockThatExists() {
    assertThat(pins().keySet()).isSubsetOf(Runbook.blocks().keySet());
  }

  @Test
  void everySituationQuotesPinnedOutputOrSaysItsExampleIsNotPinned() {
    String page = Manifest.read(PAGE);
    List<String> sections = List.of(page.split("\n(?=## )"));
    List<String> situations =
        sections.stream().filter(s -> s.startsWith("## ") && s.contains("\nWhat you see")).toList();
    assertThat(situations).as("situations in " + PAGE).hasSizeGreaterThanOrEqualTo(10);
    for (String s : situations) {
      boolean quotes = Runbook.blocks(s).size() > 0;
      assertThat(quotes || s.contains("example not yet pinned"))
          .as("%s quotes pinned output or says 'example not yet pinned'", s.lines().findFirst())
          .isTrue();
    }
  }

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "uuid <uuid>|uuid 0eb3bacf-13ce-452a-8eb7-f74357da77ef|true",
        "uuid <uuid>|uuid 0eb3bacf|false",
        "uuid <uuid>|uuid ?|false",
        "at <ip>:53|at 10.77.0.2:53|true",
        "at <ip>:53|at dns:53|false",
        "<n> of <n> members|2 of 3 members|true",
        "<n> of <n> members|two of 3 members|false",
        "asked <time>|asked 2026-12-02T21:59:08.275980536Z|true",
        "asked <time>|asked yesterday|false",
        "within <duration>|within 3000 ms|true",
        "within <duration>|within 3m|true",
        "within <duration>|within soon|false",
        "a ... c|a b b c|true",
        "a ... c|a b b d|false",
        "a  b|a        b|true",
        "a b|ab|false",
        "(x) [y]|(x) [y]|true",
        "(x) [y]|x y|false",
      })
  void thePatternLanguageMeansWhatThePageSays(String runbookLine, String printed, boolean match) {
    assertThat(Runbook.pattern(runbookLine).matcher(printed.strip()).matches()).isEqualTo(match);
  }

  @Test
  void linesMustAppearInOrder() {
    String out = "self: a\nplan:\n  (no action)\nfindings:\n  WARN x\n";
    assertThat(Runbook.firstUnmatched(List.of("plan:", "findings:", "WARN x"), out)).isEmpty();
    assertThat(Runbook.firstUnmatched(List.of("findings:", "plan:"), out)).contains("plan:");
    assertThat(Runbook.firstUnmatched(List.of("ERROR y"), out)).contains("ERROR y");
  }
}
