package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.verdict.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory holds the lock, the repair record (which can make prestart clear the glusterd
 * directory) and the backups. It is made 0700 when it is missing; an existing one is used only when
 * it is a real directory of this process's user that no one else may write to, and its mode is
 * never changed. Before, a link was followed and its target forced to 0700, and a 1777 directory
 * was made 0700.
 */
class StateDirectoryTest {
  @TempDir(factory = GctTempDir.class)
  Path tmp;

  private FakeGluster gluster;

  @BeforeEach
  void aHealthyPod() throws IOException {
    gluster = FakeGluster.write(tmp, FakeGluster.cat("peer-status-2-peers.xml"));
  }

  private List<String> args(String command, Path stateDir) {
    List<String> a = new ArrayList<>();
    a.add(command);
    a.addAll(
        List.of(
            "--gluster", gluster.script.toString(),
            "--state-dir", stateDir.toString(),
            "--glusterd-dir", tmp.resolve("glusterd").toString(),
            "--members-from", "dns",
            "--dns-server", "127.0.0.1:1",
            "--resolv-conf", tmp.resolve("no-resolv.conf").toString(),
            "--pod-name", "glusterfs-0",
            "--namespace", "default",
            "--cluster-domain", "cluster.local",
            "--deadline", "10s"));
    return a;
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static List<String> names(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Liveness skips its reconcile (exit 0); reconcile says why and exits 3; nothing is made. */
  private void assertRefused(Path stateDir, Path looked, String why) throws IOException {
    List<String> before = names(looked);
    String modeBefore = mode(looked);

    Cli.Run l = Cli.run(args("liveness", stateDir));
    assertThat(l.exitCode()).as(l.toString()).isEqualTo(ExitCodes.OK);
    assertThat(l.outLines().get(0))
        .as(l.toString())
        .startsWith("OK glusterd answers; reconcile skipped: refusing the state directory")
        .contains(why);
    Cli.Run r = Cli.run(args("reconcile", stateDir));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CANNOT_SEE);
    assertThat(r.outLines().get(0))
        .as(r.toString())
        .startsWith("ERROR refusing the state directory");
    Cli.Run p = Cli.run(args("prestart", stateDir));
    assertThat(p.out() + p.err()).as(p.toString()).contains("refusing the state directory");

    assertThat(mode(looked)).as("mode of %s", looked).isEqualTo(modeBefore);
    assertThat(names(looked)).as("what is in %s", looked).isEqualTo(before);
  }

  @Test
  void aLinkIsRefusedAndItsTargetIsLeftAlone() throws IOException {
    Path target = Files.createDirectory(tmp.resolve("elsewhere"));
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path link = Files.createSymbolicLink(tmp.resolve("state"), target);

    assertRefused(link, target, "a symbolic link");
  }

  @Test
  void aDirectoryOthersMayWriteToIsRefusedAndKeepsItsMode() throws IOException {
    Path shared = Files.createDirectory(tmp.resolve("state"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertRefused(shared, shared, "others may write to it");
  }

  @Test
  void aDirectoryOfAnotherUserIsRefused() throws IOException {
    Assumptions.assumeTrue(
        ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
        "skipped: giving a directory to another user needs root");
    Path theirs = Files.createDirectory(tmp.resolve("state"));
    Files.setAttribute(theirs, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);

    assertRefused(theirs, theirs, "belongs to uid 65534");
  }

  @Test
  void aMissingDirectoryIsMade0700WithItsParents() throws IOException {
    Path missing = tmp.resolve("a/b/state");

    Cli.Run l = Cli.run(args("liveness", missing));

    assertThat(l.exitCode()).as(l.toString()).isEqualTo(ExitCodes.OK);
    assertThat(l.outLines().get(0)).as(l.toString()).startsWith("OK glusterd answers; 2/2 peers");
    assertThat(mode(missing)).isEqualTo("rwx------");
    assertThat(names(missing)).contains("lock", "state.json");
  }

  @Test
  void anExistingDirectoryOfOursIsUsedAndItsModeIsNeverChanged() throws IOException {
    Path ours = Files.createDirectory(tmp.resolve("state"));
    Files.setPosixFilePermissions(ours, PosixFilePermissions.fromString("rwxr-x---"));

    Cli.Run l = Cli.run(args("liveness", ours));

    assertThat(l.outLines().get(0)).as(l.toString()).startsWith("OK glusterd answers; 2/2 peers");
    assertThat(mode(ours)).isEqualTo("rwxr-x---");
  }
}
