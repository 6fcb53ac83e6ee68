package io.glusterctl.probe.repair;

import static io.glusterctl.probe.repair.GlusterdStateDirTest.ME;
import static io.glusterctl.probe.repair.GlusterdStateDirTest.U1;
import static io.glusterctl.probe.repair.GlusterdStateDirTest.U2;
import static io.glusterctl.probe.repair.RejectedPeerRepairTest.F0;
import static io.glusterctl.probe.repair.RejectedPeerRepairTest.F1;
import static io.glusterctl.probe.repair.RejectedPeerRepairTest.F2;
import static io.glusterctl.probe.repair.RejectedPeerRepairTest.OLD;
import static io.glusterctl.probe.repair.RejectedPeerRepairTest.peer;
import static io.glusterctl.probe.repair.RejectedPeerRepairTest.poolList;
import static io.glusterctl.probe.repair.RejectedPeerRepairTest.refView;
import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.RepairKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The repair's plan, a pure table: for each kind, confirmed by glusterfs-1 (the reference, {@code
 * U1}), the steps in order and what comes after them. Nothing is touched to plan.
 */
class RepairPlanTest {
  static final RepairStep.WritePeer PEER1 = new RepairStep.WritePeer(new PoolMember(U1, F1));
  static final RepairStep.WritePeer PEER2 = new RepairStep.WritePeer(new PoolMember(U2, F2));
  static final String STARTS = "6 glusterd starts next";
  static final Path DIR = Path.of("/var/lib/glusterd");

  static Stream<Arguments> plans() {
    return Stream.of(
        Arguments.of(
            RepairKind.DRIFT,
            refView(peer(ME, F0, PeerState.PEER_REJECTED)),
            List.of(new RepairStep.Backup("drift"), new RepairStep.Clear(), PEER1, PEER2),
            STARTS),
        Arguments.of(
            RepairKind.AMNESIA,
            refView(peer(ME, F0, PeerState.PEER_REJECTED)),
            List.of(new RepairStep.Backup("amnesia"), new RepairStep.Clear(), PEER1, PEER2),
            STARTS),
        Arguments.of(
            RepairKind.LOST_IDENTITY,
            refView(peer(OLD, F0, PeerState.PEER_IN_CLUSTER)),
            List.of(
                new RepairStep.Backup("lost-identity"),
                new RepairStep.Clear(),
                new RepairStep.WriteUuid(OLD),
                PEER1,
                PEER2),
            STARTS),
        Arguments.of(
            RepairKind.FORGOTTEN,
            PoolView.of(List.of(peer(U2, F2, PeerState.PEER_IN_CLUSTER))),
            List.of(new RepairStep.Backup("forgotten"), new RepairStep.Clear()),
            "5 no peers written"),
        Arguments.of(
            RepairKind.STUCK_HANDSHAKE,
            refView(peer(ME, F0, PeerState.PEER_IN_CLUSTER)),
            List.of(new RepairStep.Backup("stuck-handshake"), new RepairStep.SetInCluster(U1)),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void eachKindHasItsSteps(
      RepairKind kind, PoolView reference, List<RepairStep> steps, String next) {
    String myUuidThere = kind == RepairKind.LOST_IDENTITY ? OLD : ME;
    RepairPlan plan =
        RejectedPeerRepair.plan(
            new RepairCase(
                kind,
                F0,
                Optional.of(ME),
                DIR,
                new RepairCase.Reference(
                    Observed.known(reference),
                    Observed.known(poolList(myUuidThere)),
                    Optional.of(U1))));

    assertThat(plan)
        .isInstanceOfSatisfying(
            RepairPlan.Steps.class,
            s -> {
              assertThat(s.steps()).containsExactlyElementsOf(steps);
              if (next == null) {
                assertThat(s.next()).isEmpty();
              } else {
                assertThat(s.next()).hasValueSatisfying(n -> assertThat(n).startsWith(next));
              }
            });
  }
}
