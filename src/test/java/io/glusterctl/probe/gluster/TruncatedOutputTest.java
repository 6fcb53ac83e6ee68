package io.glusterctl.probe.gluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ProcessCommandRunner;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output that the runner cut at its cap is never read as a pool. A text listing cut right after a
 * complete name line parses (glusterd prints no end marker after the last peer's {@code Other
 * names}): it reads as the same peers with fewer names, which is wrong, not Unknown. Here a real
 * script prints {@code test-fixtures/peer-status-other-names-node2.txt} through the real runner
 * with a cap that cuts it there.
 */
class TruncatedOutputTest {
  private static final Path FIXTURE = Path.of("test-fixtures/peer-status-other-names-node2.txt");

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  private Path script;
  private int cut;

  @BeforeEach
  void aCliThatPrintsTheListing() throws IOException {
    String listing = Files.readString(FIXTURE, StandardCharsets.US_ASCII);
    // after the first of the last peer's other names: the rest (its second other name) is cut
    cut = listing.indexOf('\n', listing.lastIndexOf("Other names:\n") + 13) + 1;
    assertThat(cut).isPositive().isLessThan(listing.length());
    script = tmp.resolve("gluster");
    Files.writeString(script, "#!/bin/sh\ncat '" + FIXTURE.toAbsolutePath() + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
  }

  private CliGlusterClient client(int cap) {
    return new CliGlusterClient(
        script.toString(),
        new ProcessCommandRunner(Time.SYSTEM, cap, Map.of()),
        Duration.ofSeconds(8),
        Deadline.in(Duration.ofSeconds(30)),
        tmp.resolve("no-glusterd-dir"));
  }

  @Test
  void theWholeListingIsAPool() {
    Observed<PoolView> whole = client(1 << 20).remotePool("glusterfs-0");

    assertThat(whole.known()).hasValueSatisfying(p -> assertThat(p.peers()).hasSize(2));
    assertThat(whole.known().get().peers().get(1).hostnames()).hasSize(3);
  }

  @Test
  void aListingCutAtTheCapIsUnknownNotFewerNames() {
    CliGlusterClient cutShort = client(cut);

    Observed<PoolView> remote = cutShort.remotePool("glusterfs-0");
    GlusterClient.Liveness local = cutShort.localPool();

    assertThat(remote).isInstanceOf(Observed.Unknown.class);
    assertThat(((Observed.Unknown<PoolView>) remote).why())
        .isEqualTo(
            "glusterfs-0 peer status: gluster's output is incomplete (cut at the size kept,"
                + " or not read to its end): not used");
    assertThat(local.alive()).isTrue();
    assertThat(local.pool()).isInstanceOf(Observed.Unknown.class);
    assertThat(((Observed.Unknown<PoolView>) local.pool()).why()).startsWith("peer status: ");
  }

  @Test
  void aHealSummaryCutAtTheCapIsUnknownAsIncomplete() throws IOException {
    Path fixture = Path.of("test-fixtures/heal-summary-pending.xml");
    Files.writeString(script, "#!/bin/sh\ncat '" + fixture.toAbsolutePath() + "'\n");
    int half = (int) Files.size(fixture) / 2;

    Observed<?> heal = client(half).healSummary("gv0");

    assertThat(heal).isInstanceOf(Observed.Unknown.class);
    assertThat(((Observed.Unknown<?>) heal).why())
        .isEqualTo("volume heal gv0 info summary: " + CliGlusterClient.INCOMPLETE);
  }
}
