package io.glusterctl.probe.plan;

import static io.glusterctl.probe.plan.Pools.api;
import static io.glusterctl.probe.plan.Pools.bricksOn;
import static io.glusterctl.probe.plan.Pools.disconnected;
import static io.glusterctl.probe.plan.Pools.dns;
import static io.glusterctl.probe.plan.Pools.fqdn;
import static io.glusterctl.probe.plan.Pools.healthy;
import static io.glusterctl.probe.plan.Pools.pod;
import static io.glusterctl.probe.plan.Pools.rejected;
import static io.glusterctl.probe.plan.Pools.uuid;
import static io.glusterctl.probe.plan.Pools.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Reason;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.VolumeBricks;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The guards every detach must pass, tested directly: one table per guard. */
class DetachGuardTest {

  static Stream<Arguments> quorum() {
    // self ordinal, self's view, desired, ordinal of the target, quorum holds without it?
    return Stream.of(
        arguments(
            "5 -> 3, all connected",
            0,
            view(0, healthy(1), healthy(2), healthy(3), healthy(4)),
            api(3),
            4,
            true),
        arguments(
            "5 -> 3, pod-2 disconnected: 2 of 3 desired healthy",
            0,
            view(0, healthy(1), disconnected(2), healthy(3), healthy(4)),
            api(3),
            4,
            true),
        arguments(
            "5 -> 3, pods 1 and 2 disconnected: 1 of 3",
            0,
            view(0, disconnected(1), disconnected(2), healthy(3), healthy(4)),
            api(3),
            4,
            false),
        arguments(
            "5 -> 3, pod-1 rejected and pod-2 disconnected: 1 of 3",
            0,
            view(0, rejected(1), disconnected(2), healthy(3), healthy(4)),
            api(3),
            3,
            false),
        arguments(
            "5 -> 1 with the surplus pods gone: 1 of 1",
            0,
            view(0, disconnected(1), disconnected(2), disconnected(3), disconnected(4)),
            api(1),
            4,
            true),
        arguments(
            "3 -> 2, pod-1 healthy: 2 of 2", 0, view(0, healthy(1), healthy(2)), api(2), 2, true),
        arguments(
            "3 -> 2, pod-1 disconnected: 1 of 2 is no majority",
            0,
            view(0, disconnected(1), healthy(2)),
            api(2),
            2,
            false),
        arguments(
            "surplus members do not count either way",
            0,
            view(0, healthy(1), disconnected(2), disconnected(5), disconnected(6), healthy(7)),
            api(3),
            7,
            true),
        arguments(
            "desired members not yet in the pool count as staying, not healthy",
            0,
            view(0, healthy(1), healthy(2), healthy(7)),
            api(5),
            7,
            true),
        arguments(
            "desired 5, only 0 and 1 in the pool: 2 of 5",
            0,
            view(0, healthy(1), healthy(7)),
            api(5),
            7,
            false),
        arguments(
            "pod-2 sees most of the desired pool disconnected: it may be the one cut off",
            2,
            view(2, disconnected(0), disconnected(1), disconnected(3), healthy(4), healthy(5)),
            api(5),
            5,
            false),
        arguments(
            "DNS mode, 3 desired, pod-4 absent: 3 of 3",
            1,
            view(1, healthy(0), healthy(2), disconnected(4)),
            dns(0, 1, 2),
            4,
            true),
        arguments(
            "DNS mode, pod-1 sees 0 and 2 disconnected",
            1,
            view(1, disconnected(0), disconnected(2), disconnected(4)),
            dns(0, 1, 2),
            4,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quorum")
  void quorumHoldsWithout(
      String name, int self, PoolView pool, DesiredMembers desired, int target, boolean holds) {
    PoolMap map = new PoolMap(pod(self), pool);
    Peer t = map.peerWithOrdinal(target).orElseThrow();
    Optional<Reason> refusal = DetachGuard.quorumHoldsWithout(pool, t, desired, map, self);
    assertThat(refusal.isEmpty()).isEqualTo(holds);
    refusal.ifPresent(r -> assertThat(r.code()).isEqualTo(ReasonCode.DETACH_BLOCKED_QUORUM));
  }

  static Stream<Arguments> self() {
    // pod, its view, ordinal of the target, refused?
    return Stream.of(
        arguments("another pod", 0, view(0, healthy(1), healthy(3)), 3, false),
        arguments(
            "this pod, listed by its name (it never should be)",
            3,
            view(3, healthy(0), healthy(3)),
            3,
            true),
        arguments(
            "this pod's UUID under another name",
            3,
            PoolView.of(
                    List.of(
                        healthy(0), Peer.of(uuid(3), "10.0.0.3", PeerState.PEER_IN_CLUSTER, true)))
                .withSelfUuid(uuid(3)),
            -1,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("self")
  void notSelf(String name, int self, PoolView pool, int target, boolean refused) {
    Peer t =
        target >= 0
            ? new PoolMap(pod(self), pool).peerWithOrdinal(target).orElseThrow()
            : pool.peers().get(pool.peers().size() - 1);
    assertThat(DetachGuard.notSelf(pod(self), pool, t))
        .map(Reason::code)
        .isEqualTo(refused ? Optional.of(ReasonCode.DETACH_BLOCKED_SELF) : Optional.empty());
  }

  @ParameterizedTest(name = "coordinating: {0}")
  @ValueSource(booleans = {true, false})
  void byTheCoordinator(boolean coordinating) {
    assertThat(DetachGuard.byTheCoordinator(coordinating))
        .map(Reason::code)
        .isEqualTo(
            coordinating
                ? Optional.empty()
                : Optional.of(ReasonCode.DETACH_BLOCKED_NOT_COORDINATOR));
  }

  static Stream<Arguments> bricks() {
    // bricks as read, refusal for pod-3 (null: none)
    return Stream.of(
        arguments("no volumes", Observed.known(VolumeBricks.NONE), null),
        arguments("bricks on the others", Observed.known(bricksOn(0, 1, 2)), null),
        arguments(
            "a brick on the target",
            Observed.known(bricksOn(0, 1, 3)),
            ReasonCode.DETACH_BLOCKED_BRICKS),
        arguments(
            "a brick named by the target's host only",
            Observed.known(
                new VolumeBricks(List.of(new VolumeBricks.Brick("v1", fqdn(3), "/b", null)))),
            ReasonCode.DETACH_BLOCKED_BRICKS),
        arguments(
            "bricks Unknown",
            Observed.<VolumeBricks>unknown("volume info: Request timed out"),
            ReasonCode.BRICKS_UNKNOWN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bricks")
  void hostsNoBricks(String name, Observed<VolumeBricks> bricks, ReasonCode refusal) {
    assertThat(DetachGuard.hostsNoBricks(pod(0), bricks, disconnected(3)))
        .map(Reason::code)
        .isEqualTo(Optional.ofNullable(refusal));
  }

  static Stream<Arguments> peersDown() {
    // self's view, ordinal of the target, ordinals detached earlier in the run, ordinals in the way
    return Stream.of(
        arguments(
            "all others healthy",
            view(0, healthy(1), healthy(2), healthy(3)),
            3,
            new int[0],
            new int[0]),
        arguments(
            "the target itself may be down",
            view(0, healthy(1), disconnected(3)),
            3,
            new int[0],
            new int[0]),
        arguments(
            "another peer disconnected",
            view(0, disconnected(1), healthy(3)),
            3,
            new int[0],
            new int[] {1}),
        arguments(
            "another peer rejected",
            view(0, rejected(1), healthy(3)),
            3,
            new int[0],
            new int[] {1}),
        arguments(
            "another peer mid-handshake",
            view(0, Pools.peer(1, PeerState.SENT_AND_RECEIVED_PEER_REQUEST, true), healthy(3)),
            3,
            new int[0],
            new int[] {1}),
        arguments(
            "two surplus peers gone block each other",
            view(0, healthy(1), disconnected(3), disconnected(4)),
            4,
            new int[0],
            new int[] {3}),
        arguments(
            "a peer detached earlier in the run is out of the way",
            view(0, healthy(1), disconnected(3), disconnected(4)),
            3,
            new int[] {4},
            new int[0]),
        arguments(
            "a detach earlier in the run does not clear the others",
            view(0, disconnected(1), disconnected(3), disconnected(4)),
            3,
            new int[] {4},
            new int[] {1}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("peersDown")
  void inTheWay(String name, PoolView pool, int target, int[] detachedThisRun, int[] inTheWay) {
    PoolMap map = new PoolMap(pod(0), pool);
    Peer t = map.peerWithOrdinal(target).orElseThrow();
    List<Peer> detached =
        Arrays.stream(detachedThisRun).mapToObj(o -> map.peerWithOrdinal(o).orElseThrow()).toList();
    assertThat(DetachGuard.inTheWay(pool, t, detached))
        .extracting(p -> map.ordinalOf(p).getAsInt())
        .containsExactly(Arrays.stream(inTheWay).boxed().toArray(Integer[]::new));
  }

  static Stream<Arguments> force() {
    // self's view, spec.replicas, ordinal of the target, ordinals hosting bricks, ordinal forced
    // earlier in the run (-1: none), refusal (null: force allowed)
    return Stream.of(
        arguments(
            "two surplus gone",
            view(0, healthy(1), disconnected(3), disconnected(4)),
            2,
            4,
            new int[0],
            -1,
            null),
        arguments(
            "three surplus gone",
            view(0, disconnected(2), disconnected(3), disconnected(4)),
            1,
            4,
            new int[0],
            -1,
            null),
        arguments(
            "three surplus gone, one forced already: the next run forces the next",
            view(0, disconnected(2), disconnected(3), disconnected(4)),
            1,
            3,
            new int[0],
            4,
            ReasonCode.DETACH_FORCE_NEXT_RUN),
        arguments(
            "a desired member down",
            view(0, disconnected(1), disconnected(3), disconnected(4)),
            2,
            4,
            new int[0],
            -1,
            ReasonCode.DETACH_BLOCKED_PEER_DOWN),
        arguments(
            "a desired member down, one forced already: the member is the reason",
            view(0, disconnected(1), disconnected(2), disconnected(3), disconnected(4)),
            2,
            3,
            new int[0],
            4,
            ReasonCode.DETACH_BLOCKED_PEER_DOWN),
        arguments(
            "the surplus peer in the way hosts bricks",
            view(0, healthy(1), disconnected(3), disconnected(4)),
            2,
            4,
            new int[] {3},
            -1,
            ReasonCode.DETACH_BLOCKED_PEER_DOWN),
        arguments(
            "a surplus peer in the way is rejected, not down: surplus all the same",
            view(0, healthy(1), rejected(3), disconnected(4)),
            2,
            4,
            new int[0],
            -1,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("force")
  void forceAllowed(
      String name,
      PoolView pool,
      int replicas,
      int target,
      int[] brickHosts,
      int forcedEarlier,
      ReasonCode refusal) {
    PoolMap map = new PoolMap(pod(0), pool);
    Peer t = map.peerWithOrdinal(target).orElseThrow();
    Optional<Peer> forced =
        Optional.of(forcedEarlier).filter(o -> o >= 0).flatMap(map::peerWithOrdinal);
    List<Peer> detached = forced.stream().toList();
    assertThat(
            DetachGuard.forceAllowed(
                DetachGuard.inTheWay(pool, t, detached),
                p -> map.ordinalOf(p).orElse(0) >= replicas,
                pod(0),
                Pools.bricksOn(brickHosts),
                forced))
        .map(Reason::code)
        .isEqualTo(Optional.ofNullable(refusal));
  }

  @Test
  void aRefusedForceNamesThePeersThatWouldComeBackAndWhy() {
    PoolView pool = view(0, disconnected(1), disconnected(3), disconnected(4));
    PoolMap map = new PoolMap(pod(0), pool);
    Peer four = map.peerWithOrdinal(4).orElseThrow();
    Reason r =
        DetachGuard.forceAllowed(
                DetachGuard.inTheWay(pool, four, List.of()),
                p -> map.ordinalOf(p).orElse(0) >= 2,
                pod(0),
                Pools.bricksOn(3),
                Optional.empty())
            .orElseThrow();
    assertThat(r.detail())
        .isEqualTo(
            fqdn(1)
                + " Peer in Cluster (Disconnected), not known surplus; "
                + fqdn(3)
                + " Peer in Cluster (Disconnected), hosts bricks");
  }

  @Test
  void forceWithNobodyInTheWayIsAMistake() {
    assertThatThrownBy(
            () ->
                DetachGuard.forceAllowed(
                    List.of(), p -> true, pod(0), VolumeBricks.NONE, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
