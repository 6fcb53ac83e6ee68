package io.glusterctl.probe.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md and docs/*.md hold what they promise to: every relative link reaches a file and a
 * heading that exist, every test they name exists (with the methods and table rows they quote), and
 * the README's two commands are the ones CI and the demo run.
 */
class DocsTest {
  private static final Path TESTS = Path.of("src/test/java");
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern TEST_NAME =
      Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|Benchmark))`");
  private static final Pattern TEST_DETAILS =
      Pattern.compile("`([A-Z][A-Za-z0-9]*Test)`(?: \\(([^)]*)\\)|: ([^)]*))");
  private static final Pattern METHOD = Pattern.compile("`([a-z][A-Za-z0-9]*)`");
  private static final Pattern QUOTED_ROW = Pattern.compile("\"([^\"]+)\"");

  /** README.md and every page under docs/, each with its text outside comments and code blocks. */
  private static Map<Path, String> pages() {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<Path, String> pages = new LinkedHashMap<>();
    for (Path f : files) {
      pages.put(f, prose(Manifest.read(f)));
    }
    return pages;
  }

  /** The text a reader sees as prose: without HTML comments and fenced code blocks. */
  static String prose(String markdown) {
    String text = markdown.replaceAll("(?s)<!--.*?-->", "");
    StringBuilder out = new StringBuilder();
    boolean code = false;
    for (String line : text.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        code = !code;
        continue;
      }
      if (!code) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** GitHub's anchors for the headings of a page ("## A repair given up" -> a-repair-given-up). */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new TreeSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : prose(markdown).split("\n")) {
      Matcher m = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
      if (!m.matches()) {
        continue;
      }
      String slug =
          m.group(1)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return anchors;
  }

  @Test
  void anchorsAreTheOnesGitHubMakes() {
    assertThat(
            anchors("# Title\n## A repair given up\n## Liveness, readiness, preStop, prestart\n"))
        .containsExactlyInAnyOrder(
            "title", "a-repair-given-up", "liveness-readiness-prestop-prestart");
    assertThat(anchors("## `status` (offline)\n## Start-up\n## Start-up\n```\n## not one\n```\n"))
        .containsExactlyInAnyOrder("status-offline", "start-up", "start-up-1");
  }

  @Test
  void everyRelativeLinkReachesAFileAndAHeadingThatExist() {
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Map.Entry<Path, String> page : pages().entrySet()) {
      Matcher m = LINK.matcher(page.getValue());
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // http(s), mailto: not checked here
        }
        links++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved =
            file.isEmpty() ? page.getKey() : page.getKey().resolveSibling(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(page.getKey() + ": " + target + " (no file " + resolved + ")");
          continue;
        }
        if (hash >= 0) {
          String anchor = target.substring(hash + 1);
          if (!anchors(Manifest.read(resolved)).contains(anchor)) {
            broken.add(page.getKey() + ": " + target + " (no heading #" + anchor + ")");
          }
        }
      }
    }
    assertThat(links).as("links checked").isGreaterThan(20);
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void everyTestTheDocsNameExistsWithTheMethodsAndRowsTheyQuote() {
    Map<String, Path> sources = testSources();
    List<String> missing = new ArrayList<>();
    int named = 0;
    for (Map.Entry<Path, String> page : pages().entrySet()) {
      Matcher m = TEST_NAME.matcher(page.getValue());
      while (m.find()) {
        named++;
        if (!sources.containsKey(m.group(1))) {
          missing.add(page.getKey() + ": no test class " + m.group(1));
        }
      }
      Matcher d = TEST_DETAILS.matcher(page.getValue());
      while (d.find()) {
        Path source = sources.get(d.group(1));
        if (source == null) {
          continue; // reported above
        }
        String code = Manifest.read(source);
        String details = d.group(2) != null ? d.group(2) : d.group(3);
        Matcher method = METHOD.matcher(details);
        while (method.find()) {
          if (!Pattern.compile("\\bvoid " + method.group(1) + "\\(").matcher(code).find()) {
            missing.add(page.getKey() + ": no method " + d.group(1) + "." + method.group(1));
          }
        }
        Matcher row = QUOTED_ROW.matcher(details);
        while (row.find()) {
          String quoted = row.group(1).replaceAll("\\s+", " ");
          if (!code.contains(quoted)) {
            missing.add(page.getKey() + ": no row \"" + quoted + "\" in " + d.group(1));
          }
        }
      }
    }
    assertThat(named).as("tests named in the docs").isGreaterThan(50);
    assertThat(missing).isEmpty();
  }

  @Test
  void theReadmesTwoCommandsAreTheOnesCiAndTheDemoRun() {
    String readme = Manifest.read(Path.of("README.md"));
    assertThat(readme)
        .contains("\nsudo ./demo.sh --install ")
        .contains("\nsudo ./mvnw -B -ntp verify ");
    assertThat(Manifest.read(Path.of(".ci/run")).lines().map(String::strip))
        .as(".ci/run runs the README's test command")
        .contains("./mvnw -B -ntp verify");
    assertThat(Manifest.read(Path.of("demo.sh"))).contains("\"${1:-}\" = \"--install\"");
  }

  private static Map<String, Path> testSources() {
    Map<String, Path> sources = new HashMap<>();
    try (Stream<Path> files = Files.walk(TESTS)) {
      files
          .filter(p -> p.toString().endsWith(".java"))
          .forEach(p -> sources.put(p.getFileName().toString().replace(".java", ""), p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sources;
  }
}
