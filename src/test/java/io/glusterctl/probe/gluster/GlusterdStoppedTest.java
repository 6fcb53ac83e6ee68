package io.glusterctl.probe.gluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that glusterd is stopped, read from a planted {@code /proc}: a process directory per
 * pid ({@code comm}, {@code cmdline}, {@code root} a link to that process's file system), and the
 * socket tables {@code net/tcp}, {@code net/tcp6}.
 */
class GlusterdStoppedTest {
  private static final String TCP_HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
          + " inode\n";

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  Path proc;
  Path glusterdDir;
  Path otherDir;

  @BeforeEach
  void aHostWithNothingRunning() throws IOException {
    proc = Files.createDirectories(tmp.resolve("proc"));
    Files.createDirectories(proc.resolve("net"));
    Files.writeString(proc.resolve("net/tcp"), TCP_HEADER);
    glusterdDir = Files.createDirectories(tmp.resolve("pv/glusterd"));
    otherDir = Files.createDirectories(tmp.resolve("other-pv/glusterd"));
    process(1, "init", "/sbin/init");
  }

  private GlusterdStopped proof() {
    return new GlusterdStopped(proc, GlusterdStopped.PORT);
  }

  /** A process with this comm and argv, whose root holds {@code files} (path, then target). */
  private Path process(int pid, String comm, String... argv) throws IOException {
    Path p = Files.createDirectories(proc.resolve(Integer.toString(pid)));
    Files.writeString(p.resolve("comm"), comm + "\n");
    Files.writeString(p.resolve("cmdline"), String.join("\0", argv) + "\0");
    Path root = Files.createDirectories(tmp.resolve("roots/" + pid));
    Files.createSymbolicLink(p.resolve("root"), root);
    return root;
  }

  /** In this root, {@code /var/lib/glusterd} (or {@code path}) is {@code dir}. */
  private static void mount(Path root, String path, Path dir) throws IOException {
    Path at = root.resolve(path.substring(1));
    Files.createDirectories(at.getParent());
    Files.createSymbolicLink(at, dir);
  }

  @Test
  void nothingRunningAndNothingListeningIsProof() {
    assertThat(proof().whyNotProven(glusterdDir)).isEmpty();
  }

  @Test
  void aGlusterdWorkingInThisDirectoryByDefault() throws IOException {
    Path root = process(4242, "glusterd", "glusterd", "-N");
    mount(root, "/var/lib/glusterd", glusterdDir);

    assertThat(proof().whyNotProven(glusterdDir))
        .contains("glusterd (pid 4242) runs in " + glusterdDir);
  }

  @Test
  void aGlusterdOfAnotherPodsVolumeIsNotThisOne() throws IOException {
    Path root = process(4242, "glusterd", "glusterd", "-N");
    mount(root, "/var/lib/glusterd", otherDir);

    assertThat(proof().whyNotProven(glusterdDir)).isEmpty();
  }

  @Test
  void aGlusterdWorkingHereByItsCommandLine() throws IOException {
    Path root = process(7, "glusterd", "glusterd", "--xlator-option", "*.working-directory=/pv");
    mount(root, "/pv", glusterdDir);
    mount(root, "/var/lib/glusterd", otherDir);

    assertThat(proof().whyNotProven(glusterdDir))
        .contains("glusterd (pid 7) runs in " + glusterdDir);
  }

  @Test
  void aGlusterdWorkingHereByItsVolumeFile() throws IOException {
    Path root = process(8, "glusterd", "/usr/sbin/glusterd", "-f", "/etc/g.vol", "-N");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(
        root.resolve("etc/g.vol"),
        "volume management\n    type mgmt/glusterd\n    option working-directory /srv/gd\n");
    mount(root, "/srv/gd", glusterdDir);
    mount(root, "/var/lib/glusterd", otherDir);

    assertThat(proof().whyNotProven(glusterdDir))
        .contains("glusterd (pid 8) runs in " + glusterdDir);
  }

  @Test
  void otherProcessesDoNotCount() throws IOException {
    Path root = process(9, "glusterfsd", "glusterfsd", "-s", "localhost");
    mount(root, "/var/lib/glusterd", glusterdDir);
    Path root2 = process(10, "sleep", "glusterd");
    mount(root2, "/var/lib/glusterd", glusterdDir);

    assertThat(proof().whyNotProven(glusterdDir)).isEmpty();
  }

  @Test
  void aProcessGoneWhileLookedAtDoesNotCount() throws IOException {
    Path p = Files.createDirectories(proc.resolve("11"));
    Files.writeString(p.resolve("comm"), "glusterd\n");
    Files.writeString(p.resolve("cmdline"), "glusterd\0");
    // no root: as /proc/<pid>/root of a zombie or a process that just exited

    assertThat(proof().whyNotProven(glusterdDir)).isEmpty();
  }

  @Test
  void aListenerOnTheGlusterdPortIsNoProofEvenWithoutAProcess() throws IOException {
    Files.writeString(
        proc.resolve("net/tcp"),
        TCP_HEADER
            + "   0: 00000000:5DC7 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0"
            + "        0 4711 1 0000000000000000 100 0 0 10 0\n");

    assertThat(proof().whyNotProven(glusterdDir)).contains("something listens on port 24007 (tcp)");
  }

  @Test
  void anIpv6ListenerCountsToo() throws IOException {
    Files.writeString(
        proc.resolve("net/tcp6"),
        TCP_HEADER
            + "   0: 00000000000000000000000000000000:5DC7 00000000000000000000000000000000:0000"
            + " 0A 00000000:00000000 00:00000000 00000000     0        0 4712 1 0 100 0 0 10 0\n");

    assertThat(proof().whyNotProven(glusterdDir))
        .contains("something listens on port 24007 (tcp6)");
  }

  @Test
  void connectionsAndOtherPortsAreNoListener() throws IOException {
    Files.writeString(
        proc.resolve("net/tcp"),
        TCP_HEADER
            // a listener on 24008, a connection from 24007 in TIME_WAIT, one to 24007 established
            + "   0: 00000000:5DC8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0"
            + "        0 1 1 0 100 0 0 10 0\n"
            + "   1: 0100007F:5DC7 0100007F:C350 06 00000000:00000000 00:00000000 00000000     0"
            + "        0 0 1 0 100 0 0 10 0\n"
            + "   2: 0100007F:C350 0100007F:5DC7 01 00000000:00000000 00:00000000 00000000     0"
            + "        0 2 1 0 100 0 0 10 0\n");

    assertThat(proof().whyNotProven(glusterdDir)).isEmpty();
  }

  @Test
  void whatCannotBeReadIsNoProof() throws IOException {
    Files.delete(proc.resolve("net/tcp"));

    assertThat(proof().whyNotProven(glusterdDir)).get().asString().startsWith("cannot read ");
    assertThat(new GlusterdStopped(tmp.resolve("no-proc"), 24007).whyNotProven(glusterdDir))
        .get()
        .asString()
        .startsWith("cannot list the processes");
    assertThat(proof().whyNotProven(tmp.resolve("missing")))
        .get()
        .asString()
        .startsWith("cannot look at ");
  }

  @Test
  void theWorkingDirectoryOfACommandLine() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("r"));
    assertThat(GlusterdStopped.workingDirectory(List.of("glusterd", "-N"), root))
        .contains("/var/lib/glusterd");
    assertThat(
            GlusterdStopped.workingDirectory(
                List.of("glusterd", "--xlator-option", "management.working-directory=/x"), root))
        .contains("/x");
    assertThat(GlusterdStopped.workingDirectory(List.of("glusterd", "--volfile=rel.vol"), root))
        .isEmpty();
  }
}
