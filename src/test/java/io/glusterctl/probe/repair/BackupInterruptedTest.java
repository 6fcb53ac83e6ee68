package io.glusterctl.probe.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup that does not finish: the state disk is full, or the run is killed while it copies. A
 * directory under a backup's name must always be a complete copy (a person restores from it, and
 * pruning counts it as one of the backups kept); a copy that stopped half way is not one.
 */
class BackupInterruptedTest {
  static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

  @TempDir Path tmp;
  Path dir;
  Path backups;
  GlusterdStateDir state;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createDirectory(tmp.resolve("glusterd"));
    GlusterdStateDirTest.populate(dir);
    backups = tmp.resolve("state").resolve("backups");
    state = new GlusterdStateDir(dir, backups);
  }

  /**
   * The copy fails half way. The failure here is a path too long for the backup location (PATH_MAX
   * is 4096 bytes: the deepest file fits under the glusterd directory, not under the longer backup
   * path); on a cluster it is a full disk, which the sandbox test of a full state disk shows.
   */
  @Test
  void aBackupThatFailsHalfWayLeavesNothingUnderABackupsName() throws IOException {
    Path longBackups = Files.createDirectories(tmp.resolve("b".repeat(250)).resolve("backups"));
    GlusterdStateDir s = new GlusterdStateDir(dir, longBackups);
    Path deep = dir.resolve("deep");
    int room = 4000 - deep.toAbsolutePath().toString().length();
    for (int i = 0; room > 252; i++) {
      deep = deep.resolve(Character.toString('a' + i).repeat(250));
      room -= 251;
    }
    Files.createDirectories(deep);
    Files.writeString(deep.resolve("last"), "x");
    String deepest = dir.relativize(deep.resolve("last")).toString();
    assertThat(deep.resolve("last").toAbsolutePath().toString().length()).isLessThan(4096);
    assertThat(
            longBackups
                .resolve("glusterd-20250102T030405Z-drift.partial")
                .resolve(deepest)
                .toAbsolutePath()
                .toString()
                .length())
        .isGreaterThan(4096);

    assertThatThrownBy(() -> s.backup(T0, "drift")).isInstanceOf(IOException.class);

    assertThat(names(longBackups)).as("what a failed backup left").isEmpty();
  }

  @Test
  void aCopyLeftByAKilledRunIsNotABackupAndIsRemovedByTheNextOne() throws IOException {
    Path complete = state.backup(T0, "drift");
    // what a run killed while copying leaves behind
    Path leftover =
        Files.createDirectories(backups.resolve("glusterd-20250102T030500Z-drift.partial/vols"));
    Files.writeString(leftover.resolve("half"), "x");

    Path next = state.backup(T0.plusSeconds(120), "drift");
    List<Path> pruned = state.pruneBackups(1, next);

    assertThat(pruned).contains(complete);
    assertThat(names(backups)).containsExactly(next.getFileName().toString());
  }

  @Test
  void aCompleteBackupIsUnderItsFinalName() throws IOException {
    Path b = state.backup(T0, "drift");

    assertThat(b.getFileName().toString()).isEqualTo("glusterd-20250102T030405Z-drift");
    assertThat(names(backups)).containsExactly("glusterd-20250102T030405Z-drift");
    assertThat(Files.readString(b.resolve("glusterd.info"))).isEqualTo(GlusterdStateDirTest.INFO);
  }

  private static List<String> names(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
