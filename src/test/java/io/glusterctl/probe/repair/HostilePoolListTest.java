package io.glusterctl.probe.repair;

import static io.glusterctl.probe.repair.GlusterdStateDirTest.ME;
import static io.glusterctl.probe.repair.GlusterdStateDirTest.U1;
import static io.glusterctl.probe.repair.GlusterdStateDirTest.U2;
import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.RepairKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The repair writes {@code peers/<uuid>} files with {@code hostname1=<name>} from the reference's
 * {@code pool list}: values that came over the network from another glusterd. A UUID that is not
 * one (a path: {@code ../../x}) or a name that is not a host name ({@code a;b}, {@code -rf}, a
 * newline that would add a line to the peer file) must stop the repair before anything is backed
 * up, cleared or written: the glusterd directory and everything outside it stay as they were. (The
 * CLI's parsers already refuse such a pool list; this is the repair's own guard.)
 */
class HostilePoolListTest {
  static final String D = ".glusterfs.default.svc.cluster.local";
  static final String F0 = "glusterfs-0" + D;
  static final String F1 = "glusterfs-1" + D;
  static final String F2 = "glusterfs-2" + D;
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @TempDir Path tmp;
  Path dir;
  Path outside;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createDirectories(tmp.resolve("pv/glusterd"));
    outside = Files.createDirectories(tmp.resolve("pv/outside"));
    Files.writeString(outside.resolve("canary"), "untouched\n");
    GlusterdStateDirTest.populate(dir);
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("a UUID that is a path", new PoolMember("../../outside/x", F2)),
        Arguments.of(
            "a UUID that is a path to the canary", new PoolMember("../../outside/canary", F2)),
        Arguments.of("a name with a semicolon", new PoolMember(U2, "a;b" + D)),
        Arguments.of("a name like an option", new PoolMember(U2, "-rf")),
        Arguments.of("a name with a newline", new PoolMember(U2, F2 + "\nstate=6")),
        Arguments.of("a name with a slash", new PoolMember(U2, "../" + F2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void aHostilePoolListEntryStopsTheRepairBeforeAnythingIsTouched(String what, PoolMember bad)
      throws IOException {
    Map<String, String> dirBefore = Tree.snapshot(dir);
    Map<String, String> outsideBefore = Tree.snapshot(outside);
    Path backups = tmp.resolve("state/backups");
    RepairExecutor repair = new RepairExecutor(new GlusterdStateDir(dir, backups), 5);
    PoolView ref =
        PoolView.of(
            List.of(
                Peer.of(ME, F0, PeerState.PEER_REJECTED, true),
                Peer.of(U2, F2, PeerState.PEER_IN_CLUSTER, true)));
    List<PoolMember> members = List.of(new PoolMember(U1, F1), new PoolMember(ME, F0), bad);

    RepairExecutor.Result r =
        repair.carryOut(
            RejectedPeerRepair.plan(
                new RepairCase(
                    RepairKind.DRIFT,
                    F0,
                    Optional.of(ME),
                    dir,
                    new RepairCase.Reference(
                        Observed.known(ref), Observed.known(members), Optional.empty()))),
            NOW,
            Optional.empty());

    assertThat(r.status())
        .as(String.join("\n", r.steps()))
        .isNotEqualTo(RepairExecutor.Status.DONE);
    assertThat(r.steps()).anySatisfy(s -> assertThat(s).contains("nothing touched"));
    assertThat(Tree.snapshot(dir)).isEqualTo(dirBefore);
    assertThat(Tree.snapshot(outside)).isEqualTo(outsideBefore);
    assertThat(backups).doesNotExist();
  }
}
