package io.glusterctl.probe.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ManualTime;
import io.glusterctl.probe.gluster.FakeGlusterClient;
import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.RepairKind;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.observe.Observation;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What one pass asks glusterd for: each other member's read-only view at most once. */
class ReconcilerObservationTest {
  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  static String fqdn(int o) {
    return "glusterfs-" + o + ".glusterfs.default.svc.cluster.local";
  }

  static String uuid(int o) {
    return String.format("00000000-0000-4000-8000-%012d", o);
  }

  /** A view of the pool 0..2 in which pod 1 is rejected, as pod {@code me} sees it. */
  static PoolView rejectingView(int me) {
    int other = me == 0 ? 2 : 0;
    return PoolView.of(
            List.of(
                Peer.of(uuid(1), fqdn(1), PeerState.PEER_REJECTED, true),
                Peer.of(uuid(other), fqdn(other), PeerState.PEER_IN_CLUSTER, true)))
        .withSelfUuid(uuid(me));
  }

  @Test
  void aPodThatIsAloneAsksEachMemberOnceForBothTheTargetCheckAndTheRejectionCheck() {
    FakeGlusterClient gluster =
        FakeGlusterClient.alone()
            .remote(fqdn(0), rejectingView(0))
            .remote(fqdn(2), rejectingView(2))
            .bricks(VolumeBricks.NONE);
    DesiredMembers desired =
        new DesiredMembers(
            DesiredMembers.Source.API,
            OptionalInt.of(3),
            IntStream.range(0, 3).mapToObj(o -> new Member(o, fqdn(o))).toList());
    Reconciler r =
        new Reconciler(
            new Reconciler.Ports(
                gluster, deadline -> Observation.known(desired, List.of()), host -> true),
            new Planner(PlannerSettings.DEFAULTS),
            Deadline.in(Duration.ofSeconds(20), new ManualTime(NOW)),
            Duration.ofSeconds(1));
    Self self = new Self("glusterfs-1", "default", "glusterfs", "cluster.local");
    Observed<PoolView> alone = Observed.known(PoolView.of(List.of()).withSelfUuid(uuid(1)));

    Reconciler.Pass pass = r.observeAndPlan(self, alone, Memory.EMPTY);

    assertThat(gluster.remoteViewsAsked())
        .as("remote views asked")
        .containsExactlyInAnyOrder(fqdn(0), fqdn(2));
    assertThat(pass.plan().actions())
        .singleElement()
        .isInstanceOfSatisfying(
            Action.Repair.class, a -> assertThat(a.kind()).isEqualTo(RepairKind.AMNESIA));
  }
}
