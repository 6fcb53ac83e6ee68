package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.verdict.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readiness gate on healing, end to end through the command: a healthy member whose glusterd
 * store (laid out from capture-heal.sh's files) has a started volume with a brick on this pod, and
 * a gluster CLI that answers the heal query with a captured summary, or not at all.
 */
class ReadinessHealTest {
  static final String ME = "04ddef14-8fcf-49f9-8fb9-e0ed80af2af8";
  static final String PEER_STATUS = "peer-status-2-peers.xml";
  static final String PEERS = "--mode=script --timeout=8 --xml peer status";
  static final String HEAL = "--mode=script --timeout=8 --xml volume heal v1 info summary";

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  private Path stateDir;
  private Path glusterdDir;

  @BeforeEach
  void dirs() throws IOException {
    stateDir = tmp.resolve("state");
    glusterdDir = Files.createDirectory(tmp.resolve("glusterd"));
    Files.writeString(
        glusterdDir.resolve("glusterd.info"),
        "UUID=" + ME + "\noperating-version=100000\n",
        StandardCharsets.UTF_8);
  }

  /** Volume v1 in this pod's store, with {@code info} from {@code infoFixture}, a brick here. */
  private void storeVolume(String infoFixture, String brickFixture) throws IOException {
    Path v = Files.createDirectories(glusterdDir.resolve("vols/v1"));
    Files.createDirectories(v.resolve("bricks"));
    Files.copy(Cli.fixture(infoFixture), v.resolve("info"));
    Files.copy(Cli.fixture(brickFixture), v.resolve("bricks/glusterfs-0:-srv-v1"));
  }

  /**
   * A gluster CLI that answers peer status with a healthy pool and the heal query with {@code
   * heal}.
   */
  private FakeGluster gluster(String heal) throws IOException {
    return FakeGluster.write(
        tmp,
        "case \"$*\" in\n"
            + "  *'peer status'*) "
            + FakeGluster.cat(PEER_STATUS)
            + " ;;\n"
            + "  *'volume heal v1 info summary'*) "
            + heal
            + " ;;\n"
            + "  *) echo unexpected >&2; exit 1 ;;\n"
            + "esac");
  }

  private Cli.Run readiness(FakeGluster g, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "readiness",
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
                "default"));
    a.addAll(List.of(more));
    return Cli.run(a);
  }

  @Test
  void aBrickHostWithNothingToHealIsReadyAfterOneHealQuery() throws Exception {
    storeVolume("store-vol-info-started.txt", "store-brick-node0.txt");
    FakeGluster g = gluster(FakeGluster.cat("heal-summary-healthy.xml"));

    Cli.Run r = readiness(g);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.outLines())
        .containsExactly("READY member of a pool of 3, 2 peers healthy; nothing to heal on v1");
    assertThat(g.calls()).containsExactly(PEERS, HEAL);
  }

  @Test
  void pendingHealsHoldThePodAndTheLineNamesTheVolumeAndTheCount() throws Exception {
    storeVolume("store-vol-info-started.txt", "store-brick-node0.txt");
    FakeGluster g = gluster(FakeGluster.cat("heal-summary-pending.xml"));

    Cli.Run r = readiness(g);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(r.outLines())
        .containsExactly(
            "NOT READY volume v1: 44 entries pending heal (counted over 3 of 3 bricks)");
  }

  @Test
  void aBrickDownHoldsThePod() throws Exception {
    storeVolume("store-vol-info-started.txt", "store-brick-node0.txt");
    FakeGluster g = gluster(FakeGluster.cat("heal-summary-brick-down.xml"));

    Cli.Run r = readiness(g);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(r.outLines())
        .containsExactly(
            "NOT READY volume v1: 44 entries pending heal (counted over 2 of 3 bricks)",
            "NOT READY volume v1: brick glusterfs-1.glusterfs.default.svc.cluster.local:/srv/v1 not"
                + " reached (Failed to process entries completely. (Transport endpoint is not"
                + " connected)totalNumberOfEntries0); its entries cannot be counted");
  }

  @Test
  void aBrickOfThisPodWithoutItsDirectoryIsReportedWithTheCommandThatRebuildsIt() throws Exception {
    // this pod is glusterfs-1, whose brick /srv/v1 the capture's summary did not reach
    Assumptions.assumeTrue(Files.notExists(Path.of("/srv/v1")), "/srv/v1 exists on this machine");
    Files.writeString(
        glusterdDir.resolve("glusterd.info"),
        "UUID=8090a16d-b477-4ee2-8bd4-2e08635ff951\noperating-version=100000\n",
        StandardCharsets.UTF_8);
    storeVolume("store-vol-info-started.txt", "store-brick-node1.txt");
    FakeGluster g = gluster(FakeGluster.cat("heal-summary-brick-down.xml"));

    Cli.Run r = readiness(g);

    String brick = "glusterfs-1.glusterfs.default.svc.cluster.local:/srv/v1";
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(r.outLines())
        .containsExactly(
            "NOT READY volume v1: brick "
                + brick
                + " has no directory on this pod (its data is gone: a lost or new volume), so"
                + " glusterd cannot start it; to rebuild it from the other replicas run in this"
                + " pod: mkdir /srv/v1 /srv/v1/.glusterfs && gluster volume start v1 force && gluster volume heal v1"
                + " full (glusterctl-probe does not run it)",
            "NOT READY volume v1: 44 entries pending heal (counted over 2 of 3 bricks)");
    assertThat(g.calls()).containsExactly(PEERS, HEAL);
  }

  @Test
  void anUnansweredHealQueryHoldsThePodForTheGraceThenLetsItBeReadyWithAWarning() throws Exception {
    storeVolume("store-vol-info-started.txt", "store-brick-node0.txt");
    FakeGluster g = gluster("echo 'Error : Request timed out'; exit 1");

    Cli.Run first = readiness(g);

    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(first.outLines())
        .singleElement()
        .asString()
        .startsWith("NOT READY volume v1: heal state unknown for 0s (")
        .endsWith("); not ready for at most 300s");
    String state = Files.readString(stateDir.resolve("state.json"));
    assertThat(state).contains("heal.unansweredSince.v1");

    Cli.Run later = readiness(g, "--heal-unknown-grace", "0s");

    assertThat(later.exitCode()).as(later.toString()).isEqualTo(ExitCodes.OK);
    assertThat(later.outLines().get(0)).isEqualTo("READY member of a pool of 3, 2 peers healthy");
    assertThat(later.outLines().get(1))
        .startsWith("WARN volume v1: heal state unknown for ")
        .endsWith("; ready without it after 0s");

    FakeGluster answers = gluster(FakeGluster.cat("heal-summary-healthy.xml"));
    Cli.Run healed = readiness(answers);
    assertThat(healed.exitCode()).as(healed.toString()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(stateDir.resolve("state.json")))
        .doesNotContain("heal.unansweredSince");
  }

  @Test
  void aVolumeThatIsNotStartedOrHasNoBrickHereCostsNoCall() throws Exception {
    storeVolume("store-vol-info-created.txt", "store-brick-node0.txt");
    FakeGluster g = gluster("echo unexpected; exit 1");

    Cli.Run created = readiness(g);

    assertThat(created.exitCode()).as(created.toString()).isEqualTo(ExitCodes.OK);
    assertThat(g.calls()).containsExactly(PEERS);

    Files.delete(glusterdDir.resolve("vols/v1/info"));
    Files.copy(Cli.fixture("store-vol-info-started.txt"), glusterdDir.resolve("vols/v1/info"));
    Files.delete(glusterdDir.resolve("vols/v1/bricks/glusterfs-0:-srv-v1"));
    Files.copy(
        Cli.fixture("store-brick-node1.txt"),
        glusterdDir.resolve("vols/v1/bricks/glusterfs-1:-srv-v1"));

    Cli.Run elsewhere = readiness(g);

    assertThat(elsewhere.exitCode()).as(elsewhere.toString()).isEqualTo(ExitCodes.OK);
    assertThat(elsewhere.outLines())
        .containsExactly("READY member of a pool of 3, 2 peers healthy");
    assertThat(g.calls()).containsExactly(PEERS, PEERS);
  }
}
