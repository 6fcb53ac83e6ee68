package io.glusterctl.probe.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glusterctl.probe.GctTempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repair's file operations, on real directories in a temp dir. */
class GlusterdStateDirTest {
  static final String ME = "0eb3bacf-13ce-452a-8eb7-f74357da77ef";
  static final String U1 = "ebb353ee-8f0a-481a-b685-00761eac2483";
  static final String U2 = "59678370-3ef4-4338-a0b4-e60a08cdaa7c";
  static final String INFO = "UUID=" + ME + "\noperating-version=100000\n";
  static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  Path dir;
  Path backups;
  Path outside;
  Path canary;
  GlusterdStateDir state;

  /** A glusterd directory as glusterd 10.3 leaves it, with one volume. */
  static void populate(Path dir) throws IOException {
    Tree.write(dir.resolve("glusterd.info"), INFO);
    Tree.write(dir.resolve("options"), "global-option-version=1\n");
    Tree.write(
        dir.resolve("peers").resolve(U1),
        "uuid=" + U1 + "\nstate=3\nhostname1=glusterfs-1.glusterfs.default.svc.cluster.local\n");
    Tree.write(
        dir.resolve("peers").resolve(U2),
        "uuid="
            + U2
            + "\nstate=5\nhostname1=glusterfs-2.glusterfs.default.svc.cluster.local\nhostname2=glusterfs-2\n");
    Tree.write(dir.resolve("vols/gv0/info"), "type=2\ncount=3\nstatus=1\n");
    Tree.write(
        dir.resolve("vols/gv0/bricks/glusterfs-0.glusterfs.default.svc.cluster.local:-bricks-gv0"),
        "hostname=glusterfs-0\npath=/bricks/gv0\n");
    Tree.write(dir.resolve("vols/gv0/gv0.tcp-fuse.vol"), "volume gv0-client-0\nend-volume\n");
    Files.createDirectories(dir.resolve("glustershd"));
    Files.createDirectories(dir.resolve("nfs/run"));
  }

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createDirectory(tmp.resolve("glusterd"));
    backups = tmp.resolve("state").resolve("backups");
    outside = Files.createDirectory(tmp.resolve("outside"));
    canary = outside.resolve("canary.txt");
    Tree.write(canary, "the canary must survive\n");
    populate(dir);
    state = new GlusterdStateDir(dir, backups);
  }

  /** Files and links only (directory modes differ in a backup by design). */
  static Map<String, String> content(Path root) {
    Map<String, String> m = new TreeMap<>();
    Tree.snapshot(root)
        .forEach(
            (k, v) -> {
              if (!v.startsWith("dir ")) {
                m.put(k, v);
              } else {
                m.put(k, "dir");
              }
            });
    return m;
  }

  // ---- backup

  @Test
  void backupCopiesEverythingIncludingNestedAndEmptyDirectories() throws IOException {
    Map<String, String> before = Tree.snapshot(dir);

    Path b = state.backup(T0, "drift");

    assertThat(b).isEqualTo(backups.resolve("glusterd-20250102T030405Z-drift"));
    assertThat(content(b)).isEqualTo(content(dir));
    assertThat(content(b)).containsKeys("vols/gv0/bricks", "nfs/run", "glustershd", "peers/" + U2);
    assertThat(Tree.snapshot(dir)).as("the original is untouched").isEqualTo(before);
  }

  @Test
  void backupsAreReadableByRootOnly() throws IOException {
    Path b = state.backup(T0, "drift");

    assertThat(Tree.mode(backups)).isEqualTo("rwx------");
    assertThat(Tree.mode(b)).isEqualTo("rwx------");
  }

  @Test
  void aSecondBackupInTheSameSecondGetsItsOwnDirectory() throws IOException {
    Path first = state.backup(T0, "drift");
    Path second = state.backup(T0, "drift");

    assertThat(second).isNotEqualTo(first).hasFileName(first.getFileName() + "-1");
    assertThat(content(second)).isEqualTo(content(first));
  }

  // ---- links are never followed

  @Test
  void aLinkToOutsideIsBackedUpAsALinkAndItsTargetNeverCopied() throws IOException {
    Files.createSymbolicLink(dir.resolve("escape"), outside);
    Files.createSymbolicLink(dir.resolve("vols/gv0/escape-file"), canary);

    Path b = state.backup(T0, "drift");

    assertThat(Files.isSymbolicLink(b.resolve("escape"))).isTrue();
    assertThat(Files.readSymbolicLink(b.resolve("escape"))).isEqualTo(outside);
    assertThat(Files.isSymbolicLink(b.resolve("vols/gv0/escape-file"))).isTrue();
    assertThat(Files.readSymbolicLink(b.resolve("vols/gv0/escape-file"))).isEqualTo(canary);
    try (Stream<Path> all = Files.walk(b)) {
      assertThat(all.map(p -> p.getFileName().toString())).doesNotContain("canary.txt");
    }
    assertThat(Tree.read(canary)).isEqualTo("the canary must survive\n");
  }

  @Test
  void clearingRemovesLinksAndNeverWhatTheyPointTo() throws IOException {
    Files.createSymbolicLink(dir.resolve("escape"), outside);
    Files.createSymbolicLink(dir.resolve("vols/gv0/escape-file"), canary);
    Files.createSymbolicLink(dir.resolve("relative-escape"), Path.of("..", "outside"));
    Map<String, String> outsideBefore = Tree.snapshot(outside);

    state.clearAllButInfo();

    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("glusterd.info");
    }
    assertThat(Tree.read(dir.resolve("glusterd.info"))).isEqualTo(INFO);
    assertThat(Tree.snapshot(outside)).isEqualTo(outsideBefore);
    assertThat(Tree.read(canary)).isEqualTo("the canary must survive\n");
  }

  @Test
  void aGlusterdDirectoryThatIsALinkIsRefused() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("glusterd-link"), dir);
    GlusterdStateDir viaLink = new GlusterdStateDir(link, backups);

    assertThatThrownBy(viaLink::checkSafe)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("symbolic link");
    assertThat(Files.exists(backups)).isFalse();
  }

  @Test
  void everyChangeThroughALinkedGlusterdDirectoryIsRefused() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("glusterd-link"), dir);
    GlusterdStateDir viaLink = new GlusterdStateDir(link, backups);
    Map<String, String> before = Tree.snapshot(dir);

    assertThatThrownBy(viaLink::clearAllButInfo).hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> viaLink.backup(T0, "drift")).hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> viaLink.writePeers(List.of(new PoolMember(U1, "x"))))
        .hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> viaLink.writeUuid(U1)).hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> viaLink.setPeerInCluster(U2)).hasMessageContaining("symbolic link");
    assertThat(Tree.snapshot(dir)).isEqualTo(before);
  }

  @Test
  void aMissingGlusterdDirectoryIsRefused() {
    GlusterdStateDir missing = new GlusterdStateDir(tmp.resolve("nope"), backups);
    assertThatThrownBy(missing::checkSafe).hasMessageContaining("not a directory");
  }

  @Test
  void backupsInsideTheGlusterdDirectoryAreRefused() throws IOException {
    // --state-dir /var/lib/glusterd/probe: the backup would copy itself, and clearing would delete
    // it
    GlusterdStateDir nested = new GlusterdStateDir(dir, dir.resolve("probe/backups"));
    Map<String, String> before = Tree.snapshot(dir);

    assertThatThrownBy(nested::checkSafe).hasMessageContaining("inside");
    assertThat(Tree.snapshot(dir)).isEqualTo(before);
  }

  // ---- writing peer files

  @Test
  void peerFilesAreWrittenExactlyAsGlusterdWritesThem() throws IOException {
    state.clearAllButInfo();

    state.writePeers(
        List.of(
            new PoolMember(U1, "glusterfs-1.glusterfs.default.svc.cluster.local"),
            new PoolMember(U2, "glusterfs-2.glusterfs.default.svc.cluster.local")));

    try (Stream<Path> files = Files.list(dir.resolve("peers"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(U1, U2);
    }
    assertThat(Tree.read(dir.resolve("peers").resolve(U1)))
        .isEqualTo(
            "uuid="
                + U1
                + "\nstate=3\nhostname1=glusterfs-1.glusterfs.default.svc.cluster.local\n");
    assertThat(Tree.read(dir.resolve("peers").resolve(U2)))
        .isEqualTo(
            "uuid="
                + U2
                + "\nstate=3\nhostname1=glusterfs-2.glusterfs.default.svc.cluster.local\n");
  }

  @Test
  void writingPeersReplacesAnExistingFile() throws IOException {
    state.writePeers(
        List.of(new PoolMember(U2, "glusterfs-2.glusterfs.default.svc.cluster.local")));

    assertThat(Tree.read(dir.resolve("peers").resolve(U2)))
        .isEqualTo(
            "uuid="
                + U2
                + "\nstate=3\nhostname1=glusterfs-2.glusterfs.default.svc.cluster.local\n");
    assertThat(Tree.read(dir.resolve("peers").resolve(U1))).contains("state=3");
  }

  @Test
  void setPeerInClusterChangesOnlyTheStateLine() throws IOException {
    Map<String, String> before = Tree.snapshot(dir);

    assertThat(state.setPeerInCluster(U2)).isTrue();

    assertThat(Tree.read(dir.resolve("peers").resolve(U2)))
        .isEqualTo(
            "uuid="
                + U2
                + "\nstate=3\nhostname1=glusterfs-2.glusterfs.default.svc.cluster.local\nhostname2=glusterfs-2\n");
    Map<String, String> after = Tree.snapshot(dir);
    after.remove("peers/" + U2);
    before.remove("peers/" + U2);
    assertThat(after).as("nothing else changed, no temp file left").isEqualTo(before);
  }

  @Test
  void setPeerInClusterOfAPeerWithoutAFileChangesNothing() throws IOException {
    Map<String, String> before = Tree.snapshot(dir);

    assertThat(state.setPeerInCluster("11111111-2222-3333-4444-555555555555")).isFalse();
    assertThat(Tree.snapshot(dir)).isEqualTo(before);
  }

  @Test
  void writeUuidKeepsTheOtherLines() throws IOException {
    state.writeUuid(U1);

    assertThat(Tree.read(dir.resolve("glusterd.info")))
        .isEqualTo("UUID=" + U1 + "\noperating-version=100000\n");
  }

  // ---- pruning

  @Test
  void pruningKeepsTheNewestBackups() throws IOException {
    List<Path> made =
        List.of(
            state.backup(Instant.parse("2025-01-01T00:00:00Z"), "drift"),
            state.backup(Instant.parse("2025-01-03T00:00:00Z"), "amnesia"),
            state.backup(Instant.parse("2025-01-02T00:00:00Z"), "stuck-handshake"),
            state.backup(Instant.parse("2025-01-04T00:00:00Z"), "lost-identity"),
            state.backup(Instant.parse("2025-01-04T00:00:00Z"), "lost-identity"));
    Tree.write(backups.resolve("notes.txt"), "not a backup\n");
    Path linked =
        Files.createSymbolicLink(backups.resolve("glusterd-00000000T000000Z-link"), outside);

    List<Path> deleted = state.pruneBackups(3);

    assertThat(deleted).containsExactly(made.get(0), made.get(2));
    try (Stream<Path> left = Files.list(backups)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "glusterd-20250103T000000Z-amnesia",
              "glusterd-20250104T000000Z-lost-identity",
              "glusterd-20250104T000000Z-lost-identity-1",
              "notes.txt",
              linked.getFileName().toString());
    }
    assertThat(Files.isSymbolicLink(linked)).isTrue();
    assertThat(Tree.read(canary)).isEqualTo("the canary must survive\n");
  }

  @Test
  void pruningNeverDeletesTheBackupJustMade() throws IOException {
    Path later = state.backup(Instant.parse("2030-01-01T00:00:00Z"), "drift");
    Path justMade = state.backup(T0, "drift");

    assertThat(state.pruneBackups(1, justMade)).containsExactly(later);
    assertThat(justMade).isDirectory();
    assertThat(state.pruneBackups(0, justMade)).isEmpty();
    assertThat(justMade).isDirectory();
  }

  @Test
  void pruningWithFewerBackupsThanKeptDeletesNothing() throws IOException {
    state.backup(T0, "drift");
    assertThat(state.pruneBackups(5)).isEmpty();
    assertThat(new GlusterdStateDir(dir, tmp.resolve("none")).pruneBackups(5)).isEmpty();
  }

  @Test
  void aBackupDirectoryHoldsTheWholeTreeEvenWithALinkInside() throws IOException {
    Files.createSymbolicLink(dir.resolve("vols/gv0/escape"), outside);

    Path b = state.backup(T0, "drift");

    assertThat(Files.isDirectory(b.resolve("vols/gv0/escape"), LinkOption.NOFOLLOW_LINKS))
        .isFalse();
    assertThat(content(b)).isEqualTo(content(dir));
  }

  /** Every file a repair writes goes through a temporary file made new, never through a link. */
  @Test
  void linksPlantedAtTheTemporaryNamesAreNeverWrittenThrough() throws IOException {
    Path peers = dir.resolve("peers");
    Files.createSymbolicLink(peers.resolve("." + U1 + ".tmp"), canary);
    Files.createSymbolicLink(peers.resolve("." + U2 + ".tmp"), canary);
    Files.createSymbolicLink(dir.resolve(".glusterd.info.tmp"), canary);

    state.writePeers(
        List.of(new PoolMember(U1, "glusterfs-1.glusterfs.default.svc.cluster.local")));
    state.setPeerInCluster(U2);
    state.writeUuid(U1);

    assertThat(Files.readString(canary)).isEqualTo("the canary must survive\n");
    for (Path f : List.of(peers.resolve(U1), peers.resolve(U2), dir.resolve("glusterd.info"))) {
      assertThat(Files.isSymbolicLink(f)).as("%s", f).isFalse();
      assertThat(Files.isRegularFile(f)).as("%s", f).isTrue();
    }
    assertThat(Files.readString(peers.resolve(U2))).contains("state=3\n");
    assertThat(Files.readString(dir.resolve("glusterd.info"))).startsWith("UUID=" + U1 + "\n");
    try (var left = Files.list(peers)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }
}
