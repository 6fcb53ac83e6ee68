package io.glusterctl.probe.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** test-fixtures/README.md says how every fixture was produced, and lists no file that is gone. */
class FixtureIndexTest {
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

  @Test
  void everyFixtureHasARowSayingHowItWasProducedAndEveryRowHasItsFile() {
    String readme = Fixtures.read("README.md");
    Set<String> rows = new TreeSet<>();
    Matcher m = ROW.matcher(readme);
    while (m.find()) {
      rows.add(m.group(1));
    }

    assertThat(rows).containsExactlyInAnyOrderElementsOf(Fixtures.all());
    for (String row : rows) {
      assertThat(Files.exists(Fixtures.DIR.resolve(row))).as(row).isTrue();
    }
  }
}
