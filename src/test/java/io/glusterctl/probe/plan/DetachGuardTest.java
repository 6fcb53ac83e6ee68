package io.glusterctl.probe.plan;

import static io.glusterctl.probe.plan.Pools.api;
import static io.glusterctl.probe.plan.Pools.disconnected;
import static io.glusterctl.probe.plan.Pools.dns;
import static io.glusterctl.probe.plan.Pools.healthy;
import static io.glusterctl.probe.plan.Pools.pod;
import static io.glusterctl.probe.plan.Pools.rejected;
import static io.glusterctl.probe.plan.Pools.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure predicates every detach must pass, tested directly. */
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
    assertThat(DetachGuard.quorumHoldsWithout(pool, t, desired, map, self)).isEqualTo(holds);
  }

  static Stream<Arguments> peersDown() {
    // self's view, ordinal of the target, ordinals of the peers in the way
    return Stream.of(
        arguments("all others healthy", view(0, healthy(1), healthy(2), healthy(3)), 3, new int[0]),
        arguments(
            "the target itself may be down", view(0, healthy(1), disconnected(3)), 3, new int[0]),
        arguments(
            "another peer disconnected", view(0, disconnected(1), healthy(3)), 3, new int[] {1}),
        arguments("another peer rejected", view(0, rejected(1), healthy(3)), 3, new int[] {1}),
        arguments(
            "another peer mid-handshake",
            view(0, Pools.peer(1, PeerState.SENT_AND_RECEIVED_PEER_REQUEST, true), healthy(3)),
            3,
            new int[] {1}),
        arguments(
            "two surplus peers gone block each other",
            view(0, healthy(1), disconnected(3), disconnected(4)),
            4,
            new int[] {3}));
  }

  static Stream<Arguments> force() {
    // self's view, spec.replicas, ordinal of the target, ordinals hosting bricks, force allowed?
    return Stream.of(
        arguments(
            "two surplus gone",
            view(0, healthy(1), disconnected(3), disconnected(4)),
            2,
            4,
            new int[0],
            true),
        arguments(
            "three surplus gone",
            view(0, disconnected(2), disconnected(3), disconnected(4)),
            1,
            4,
            new int[0],
            true),
        arguments(
            "nobody else down: a plain detach, not force",
            view(0, healthy(1), healthy(3), disconnected(4)),
            2,
            4,
            new int[0],
            false),
        arguments(
            "a desired member down",
            view(0, disconnected(1), disconnected(3), disconnected(4)),
            2,
            4,
            new int[0],
            false),
        arguments(
            "the surplus peer in the way hosts bricks",
            view(0, healthy(1), disconnected(3), disconnected(4)),
            2,
            4,
            new int[] {3},
            false),
        arguments(
            "a surplus peer in the way is rejected, not down: surplus all the same",
            view(0, healthy(1), rejected(3), disconnected(4)),
            2,
            4,
            new int[0],
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("force")
  void forceAllowed(
      String name, PoolView pool, int replicas, int target, int[] brickHosts, boolean allowed) {
    PoolMap map = new PoolMap(pod(0), pool);
    Peer t = map.peerWithOrdinal(target).orElseThrow();
    assertThat(
            DetachGuard.forceAllowed(
                DetachGuard.peersDownBesides(pool, t),
                p -> map.ordinalOf(p).orElse(0) >= replicas,
                Pools.bricksOn(brickHosts)))
        .isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("peersDown")
  void peersDownBesides(String name, PoolView pool, int target, int[] inTheWay) {
    PoolMap map = new PoolMap(pod(0), pool);
    Peer t = map.peerWithOrdinal(target).orElseThrow();
    assertThat(DetachGuard.peersDownBesides(pool, t))
        .extracting(p -> map.ordinalOf(p).getAsInt())
        .containsExactly(java.util.Arrays.stream(inTheWay).boxed().toArray(Integer[]::new));
  }
}
