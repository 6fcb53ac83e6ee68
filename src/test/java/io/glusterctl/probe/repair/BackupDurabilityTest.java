package io.glusterctl.probe.repair;

import static io.glusterctl.probe.repair.GlusterdStateDirTest.ME;
import static io.glusterctl.probe.repair.GlusterdStateDirTest.U1;
import static io.glusterctl.probe.repair.GlusterdStateDirTest.U2;
import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.RepairKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A repair never deletes what it could not back up" across a power cut: every copied file, every
 * directory of the copy, the backup under its final name and the directory that holds it are
 * fsynced before the first original is deleted, and each peer file's directory after its rename.
 * Seen through the {@link FileSync} port, whose fake records each force with what the glusterd
 * directory held at that moment. The proof that this survives a real power cut would be a test on a
 * VM or {@code dm-flakey}, which this machine cannot run.
 */
class BackupDurabilityTest {
  static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");
  static final String F1 = "glusterfs-1.glusterfs.default.svc.cluster.local";
  static final String F2 = "glusterfs-2.glusterfs.default.svc.cluster.local";

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  Path dir;
  Path backups;
  final List<Force> forces = new ArrayList<>();

  /**
   * One fsync, and what was there when it was made.
   *
   * @param path what was forced
   * @param originalsIntact whether every file of the glusterd directory before the repair was still
   *     there (no delete had happened yet)
   * @param peerFiles the files in {@code peers/} at that moment
   */
  record Force(Path path, boolean originalsIntact, List<String> peerFiles) {}

  List<Path> originals;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createDirectory(tmp.resolve("glusterd"));
    GlusterdStateDirTest.populate(dir);
    backups = tmp.resolve("state").resolve("backups");
    try (Stream<Path> s = Files.walk(dir)) {
      originals = s.toList();
    }
  }

  private final FileSync recording =
      p -> {
        boolean intact =
            originals.stream().allMatch(o -> Files.exists(o, LinkOption.NOFOLLOW_LINKS));
        forces.add(new Force(p, intact, peerFiles()));
      };

  private List<String> peerFiles() {
    Path peers = dir.resolve("peers");
    if (!Files.isDirectory(peers)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(peers)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private RepairExecutor.Result repair() {
    GlusterdStateDir state =
        new GlusterdStateDir(dir, backups, Deadline.in(Duration.ofMinutes(5)), recording);
    RepairPlan plan =
        new RepairPlan.Steps(
            RepairKind.DRIFT,
            List.of(),
            List.of(
                new RepairStep.Backup("drift"),
                new RepairStep.Clear(),
                new RepairStep.WriteUuid(ME),
                new RepairStep.WritePeer(new PoolMember(U1, F1)),
                new RepairStep.WritePeer(new PoolMember(U2, F2))),
            Optional.empty());
    RepairExecutor.Result r = new RepairExecutor(state, 5).carryOut(plan, T0, Optional.empty());
    assertThat(r.status()).as("%s", r.steps()).isEqualTo(RepairExecutor.Status.DONE);
    return r;
  }

  @Test
  void everyFileAndDirectoryOfTheBackupIsForcedBeforeTheFirstDelete() throws IOException {
    Path backup = repair().backup().orElseThrow();
    Path partial = backup.resolveSibling(backup.getFileName() + ".partial");

    List<Path> copied;
    try (Stream<Path> s = Files.walk(backup)) {
      copied =
          s.filter(p -> !Files.isSymbolicLink(p))
              .map(p -> partial.resolve(backup.relativize(p).toString()))
              .toList();
    }
    List<Path> forcedBeforeTheRename =
        forces.stream()
            .map(Force::path)
            .filter(p -> p.startsWith(partial))
            .map(p -> p.normalize())
            .toList();
    assertThat(forcedBeforeTheRename)
        .as("every file and directory of the copy, before the rename")
        .containsAll(copied.stream().map(Path::normalize).toList());

    int renamed = indexOf(backup);
    int parent = indexOf(backups);
    int lastCopied = lastIndexWhere(p -> p.startsWith(partial));
    assertThat(renamed).as("the backup under its final name").isGreaterThan(lastCopied);
    assertThat(parent).as("the backups directory, after the rename").isGreaterThan(lastCopied);

    List<Force> beforeClear = forces.subList(0, Math.max(renamed, parent) + 1);
    assertThat(beforeClear)
        .as("every force of the backup made while no original was deleted")
        .allMatch(Force::originalsIntact);
  }

  @Test
  void eachPeerFileIsFollowedByAForceOfItsDirectory() {
    repair();
    Path peers = dir.resolve("peers");

    assertThat(forces)
        .as("peers/ forced once it held the first new peer file, and again with the second")
        .anyMatch(f -> f.path().equals(peers) && f.peerFiles().equals(List.of(U1)))
        .anyMatch(
            f ->
                f.path().equals(peers)
                    && f.peerFiles().equals(List.of(U1, U2).stream().sorted().toList()));
    assertThat(forces)
        .as("the glusterd directory forced after glusterd.info was written back")
        .anyMatch(f -> f.path().equals(dir) && !f.originalsIntact());
  }

  private int indexOf(Path p) {
    for (int i = 0; i < forces.size(); i++) {
      if (forces.get(i).path().equals(p)) {
        return i;
      }
    }
    return -1;
  }

  private int lastIndexWhere(java.util.function.Predicate<Path> test) {
    int last = -1;
    for (int i = 0; i < forces.size(); i++) {
      if (test.test(forces.get(i).path())) {
        last = i;
      }
    }
    return last;
  }
}
