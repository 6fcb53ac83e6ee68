package io.glusterctl.probe.repair;

import static io.glusterctl.probe.repair.GlusterdStateDirTest.U1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ManualTime;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.model.RepairKind;
import io.glusterctl.probe.verdict.ExitCodes;
import io.glusterctl.probe.verdict.RepairVerdict;
import io.glusterctl.probe.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prestart}'s backup and clear under the run's deadline: they look at it between two files.
 * A backup that runs out of time is left as {@code .partial} and nothing is cleared; a clear begins
 * only with more than the safety margin left, and once begun stops at the deadline itself. The
 * clocks are driven by hand: each fsync of the backup takes 300 ms, or each look at the clock 100
 * ms.
 */
class RepairOutOfTimeTest {
  static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");
  static final String F1 = "glusterfs-1.glusterfs.default.svc.cluster.local";

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  Path dir;
  Path backups;

  @BeforeEach
  void aGlusterdDirectoryWithManyFiles() throws IOException {
    dir = Files.createDirectory(tmp.resolve("glusterd"));
    GlusterdStateDirTest.populate(dir);
    for (int i = 0; i < 50; i++) {
      Tree.write(dir.resolve("vols/gv" + i + "/info"), "type=2\ncount=3\n");
    }
    backups = tmp.resolve("state").resolve("backups");
  }

  private static RepairPlan drift() {
    return new RepairPlan.Steps(
        RepairKind.DRIFT,
        List.of(),
        List.of(
            new RepairStep.Backup("drift"),
            new RepairStep.Clear(),
            new RepairStep.WritePeer(new PoolMember(U1, F1))),
        Optional.empty());
  }

  @Test
  void aBackupThatRunsOutOfTimeIsLeftPartialAndNothingIsCleared() throws IOException {
    ManualTime time = new ManualTime(T0);
    Deadline deadline = Deadline.in(Deadline.SAFETY_MARGIN.plusSeconds(3), time);
    FileSync slowDisk = p -> time.advance(Duration.ofMillis(300));
    Map<String, String> before = Tree.snapshot(dir);

    RepairExecutor.Result r =
        new RepairExecutor(new GlusterdStateDir(dir, backups, deadline, slowDisk), 5)
            .carryOut(drift(), T0, Optional.empty());

    assertThat(r.status()).isEqualTo(RepairExecutor.Status.FAILED);
    assertThat(r.backup()).isEmpty();
    String partial = backups.resolve("glusterd-20250102T030405Z-drift.partial").toString();
    assertThat(r.steps())
        .last()
        .asString()
        // the slow disk is met when the copied files are forced, after the copy
        .startsWith(
            "FAILED: run deadline reached while making the backup of " + dir + " durable after ")
        .endsWith(": the copy is left as " + partial + "; nothing cleared");
    assertThat(Tree.snapshot(dir)).as("the glusterd directory, untouched").isEqualTo(before);
    assertThat(names(backups)).containsExactly("glusterd-20250102T030405Z-drift.partial");

    RepairLedger.Pending p = new RepairLedger.Pending(RepairKind.DRIFT, F1, "drift", T0);
    Verdict v = RepairVerdict.carriedOut(p, List.of(), r, r.summary(RepairKind.DRIFT, T0, 1));
    assertThat(v.exitCode()).isEqualTo(ExitCodes.REPAIR_FAILED);
  }

  @Test
  void aClearIsNotBegunWithNoMoreThanTheMarginLeft() throws IOException {
    ManualTime time = new ManualTime(T0);
    GlusterdStateDir state =
        new GlusterdStateDir(
            dir, backups, Deadline.in(Deadline.SAFETY_MARGIN, time), FileSync.SYSTEM);
    Map<String, String> before = Tree.snapshot(dir);

    assertThatThrownBy(state::clearAllButInfo)
        .isInstanceOf(GlusterdStateDir.OutOfTime.class)
        .hasMessage("run deadline reached before clearing " + dir + ": nothing cleared");
    assertThat(Tree.snapshot(dir)).isEqualTo(before);
  }

  @Test
  void aClearThatIsBegunStopsAtTheDeadlineAndSaysHowFarItGot() throws IOException {
    // every look at the clock takes 100 ms: the first (more than the margin left) lets the clear
    // begin, and about 20 looks later the deadline itself has passed, with 100 files still there
    Time stepping = new SteppingTime(Duration.ofMillis(100));
    GlusterdStateDir state =
        new GlusterdStateDir(
            dir,
            backups,
            Deadline.in(Deadline.SAFETY_MARGIN.plusMillis(150), stepping),
            FileSync.SYSTEM);

    assertThatThrownBy(state::clearAllButInfo)
        .isInstanceOf(GlusterdStateDir.OutOfTime.class)
        .hasMessageStartingWith("run deadline reached while clearing " + dir + " after deleting ")
        .hasMessageEndingWith(
            " files and directories: the rest is left; the next attempt clears it");
    assertThat(dir.resolve("glusterd.info")).exists();
    assertThat(Tree.snapshot(dir).keySet())
        .as("more left than the directory and glusterd.info: the clear stopped half way")
        .hasSizeGreaterThan(2);
  }

  /** A clock that moves on by {@code step} each time it is looked at. */
  private static final class SteppingTime implements Time {
    private final Duration step;
    private long nanos;

    SteppingTime(Duration step) {
      this.step = step;
    }

    @Override
    public synchronized long nanoTime() {
      nanos += step.toNanos();
      return nanos;
    }

    @Override
    public Instant now() {
      return T0;
    }

    @Override
    public void sleep(Duration d) {
      nanos += d.toNanos();
    }
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
