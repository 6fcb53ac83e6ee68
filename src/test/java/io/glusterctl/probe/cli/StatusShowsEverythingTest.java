package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} is for people: it reads the bricks of every member, their processes and the
 * pending heals even when the planner needs none of it, and a part it could not read says "unknown:
 * why", never a blank or a "-" that reads as "none". The gluster CLI is a script that answers with
 * captured outputs; the desired members come from DNS at 127.0.0.1:1 (nobody there).
 */
class StatusShowsEverythingTest {
  private static final String F = ".glusterfs.default.svc.cluster.local";

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  private Path stateDir;
  private Path glusterdDir;

  @BeforeEach
  void dirs() throws IOException {
    stateDir = tmp.resolve("state");
    glusterdDir = Files.createDirectory(tmp.resolve("glusterd"));
  }

  private Cli.Run status(FakeGluster g) {
    List<String> a = new ArrayList<>();
    a.addAll(
        List.of(
            "status",
            "--gluster",
            g.script.toString(),
            "--state-dir",
            stateDir.toString(),
            "--glusterd-dir",
            glusterdDir.toString(),
            "--members-from",
            "dns",
            "--dns-server",
            "127.0.0.1:1",
            "--resolv-conf",
            tmp.resolve("no-resolv.conf").toString(),
            "--token-file",
            tmp.resolve("no-token").toString(),
            "--pod-name",
            "glusterfs-0",
            "--namespace",
            "default",
            "--cluster-domain",
            "cluster.local"));
    return Cli.run(a);
  }

  /** A gluster CLI that answers each command with a fixture, or fails it with exit 1. */
  private FakeGluster gluster(String volumeInfo, String volumeStatus, String heal)
      throws IOException {
    return FakeGluster.write(
        tmp,
        "case \"$*\" in\n"
            + "  *'peer status'*) "
            + FakeGluster.cat("peer-status-2-peers.xml")
            + " ;;\n"
            + "  *'volume info'*) "
            + answer(volumeInfo)
            + " ;;\n"
            + "  *'volume status all'*) "
            + answer(volumeStatus)
            + " ;;\n"
            + "  *'volume heal v1 info summary'*) "
            + answer(heal)
            + " ;;\n"
            + "  *) exit 9 ;;\n"
            + "esac");
  }

  private static String answer(String fixture) {
    return fixture == null
        ? "echo 'Connection failed. Please check if gluster daemon is operational.'; exit 1"
        : FakeGluster.cat(fixture);
  }

  /** The row of the member named {@code pod}, split on runs of two or more spaces. */
  private static List<String> row(Cli.Run r, String pod) {
    return r.outLines().stream()
        .filter(l -> l.strip().startsWith(pod + F))
        .map(l -> List.of(l.strip().split(" {2,}")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + pod + " in\n" + r.out()));
  }

  @Test
  void bricksOfEveryMemberTheirProcessesAndPendingHeals() throws Exception {
    FakeGluster g =
        gluster(
            "volume-info-replica3.xml",
            "volume-status-all-brick-down.xml",
            "heal-info-summary-brick-down.xml");
    Cli.Run r = status(g);

    assertThat(r.out()).contains("HOSTNAME", "BRICKS", "ONLINE");
    // HOSTNAME, UUID, STATE, BRICKS, ONLINE, DESIRED
    assertThat(row(r, "glusterfs-0")).containsSubsequence("(this pod)", "v1:/srv/b", "1/1");
    assertThat(row(r, "glusterfs-1")).containsSubsequence("v1:/srv/b", "1/1");
    assertThat(row(r, "glusterfs-2")).containsSubsequence("v1:/srv/b", "0/1");
    assertThat(r.out())
        .contains(
            "volumes:\n  v1: 3 bricks, 2 online; heal pending: 12 on the bricks that answered;")
        .contains(
            "unknown: brick glusterfs-2" + F + ":/srv/b: Failed to process entries completely.")
        .contains("repair:   none recorded")
        .contains("desired:  UNKNOWN: ");
    assertThat(g.calls())
        .as("status asks for what the planner did not need; it changes nothing")
        .contains(
            "--mode=script --timeout=8 --xml volume info",
            "--mode=script --timeout=8 --xml volume status all",
            "--mode=script --timeout=8 --xml volume heal v1 info summary")
        .noneMatch(c -> c.contains("probe") || c.contains("detach"));
  }

  @Test
  void aReplicaThreeVolumeShowsItsBricksNotADash() throws Exception {
    Cli.Run r =
        status(
            gluster(
                "volume-info-replica3.xml",
                "volume-status-replica3.xml",
                "heal-info-summary-healthy.xml"));
    for (String pod : List.of("glusterfs-0", "glusterfs-1", "glusterfs-2")) {
      assertThat(row(r, pod)).as(pod).contains("v1:/srv/b", "1/1").doesNotContain("-");
    }
    assertThat(r.out()).contains("  v1: 3 bricks, 3 online; heal pending: 0\n");
  }

  @Test
  void whatCouldNotBeReadSaysUnknownAndWhy() throws Exception {
    String failed = ": exit 1: Connection failed. Please check if gluster daemon is operational.";
    Cli.Run r = status(gluster("volume-info-replica3.xml", null, null));
    // HOSTNAME, UUID, STATE, BRICKS, ONLINE, DESIRED
    assertThat(row(r, "glusterfs-1").subList(3, 5))
        .containsExactly("v1:/srv/b", "unknown: volume status" + failed);
    assertThat(r.out())
        .contains("  v1: 3 bricks, processes unknown: volume status" + failed)
        .contains(
            "heal pending: unknown: volume heal v1 info summary: glusterd is not running: Connection"
                + " failed. Please check if gluster daemon is operational.");

    Cli.Run noInfo = status(gluster(null, null, null));
    assertThat(row(noInfo, "glusterfs-2").subList(3, 5))
        .containsExactly("unknown: volume info" + failed, "unknown: volume info" + failed);
    assertThat(noInfo.out()).contains("volumes:  unknown: volume info" + failed);
  }

  @Test
  void aPoolWithoutVolumesSaysSo() throws Exception {
    FakeGluster g = gluster("volume-info-no-volumes.xml", null, null);
    Cli.Run r = status(g);
    assertThat(row(r, "glusterfs-1")).containsSubsequence("none", "no bricks");
    assertThat(r.out()).contains("volumes:  none\n");
    assertThat(g.calls()).noneMatch(c -> c.contains("volume status") || c.contains("heal"));
  }
}
