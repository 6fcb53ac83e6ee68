package io.glusterctl.probe.plan;

import static io.glusterctl.probe.model.ReasonCode.POOL_UNKNOWN;
import static io.glusterctl.probe.model.ReasonCode.SURPLUS_BY_REPLICAS;
import static io.glusterctl.probe.plan.Pools.api;
import static io.glusterctl.probe.plan.Pools.fqdn;
import static io.glusterctl.probe.plan.Pools.healthy;
import static io.glusterctl.probe.plan.Pools.uuid;
import static io.glusterctl.probe.plan.Pools.view;
import static io.glusterctl.probe.plan.Pools.world;
import static io.glusterctl.probe.plan.Scenario.detach;
import static io.glusterctl.probe.plan.Scenario.given;
import static io.glusterctl.probe.plan.Scenario.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A peer list that contradicts itself is not an observation: one UUID listed for two peers, one
 * name listed for two peers, or one peer known by the names of two pods. Detaching by such a list
 * can hit a desired member (glusterd finds the peer to detach by name), so it is Unknown: nothing
 * is done, and the finding says which peers disagree.
 */
class InconsistentPoolTest {
  private static Peer named(String uuid, int ordinal, String... otherNames) {
    List<String> names = Stream.concat(Stream.of(fqdn(ordinal)), Stream.of(otherNames)).toList();
    return new Peer(uuid, fqdn(ordinal), names, PeerState.PEER_IN_CLUSTER, true);
  }

  static Stream<Scenario> inconsistent() {
    // spec.replicas 3: pod 3 is surplus, and pod-0 would detach it
    return Stream.of(
        given(
                "a surplus peer carries a desired member's UUID",
                world(0, view(0, healthy(1), healthy(2), named(uuid(1), 3)), api(3)))
            .findings(pool(POOL_UNKNOWN)),
        given(
                "a surplus peer's other names include a desired member's name",
                world(0, view(0, healthy(1), healthy(2), named(uuid(3), 3, fqdn(2))), api(3)))
            .findings(pool(POOL_UNKNOWN)),
        given(
                "a surplus peer's other names include the name of a desired member not listed",
                world(0, view(0, healthy(1), named(uuid(3), 3, "glusterfs-2")), api(3)))
            .findings(pool(POOL_UNKNOWN)),
        given(
                "two peers share a name that is no pod's",
                world(
                    0,
                    view(
                        0,
                        healthy(1),
                        named(uuid(2), 2, "10.0.0.9"),
                        named(uuid(3), 3, "10.0.0.9")),
                    api(3)))
            .findings(pool(POOL_UNKNOWN)),
        given(
                "the same name in other case counts as the same name",
                world(
                    0,
                    view(0, healthy(1), healthy(2), named(uuid(3), 3, fqdn(1).toUpperCase())),
                    api(3)))
            .findings(pool(POOL_UNKNOWN)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inconsistent")
  void anInconsistentListIsUnknownAndNothingIsDetached(Scenario s) {
    var plan = s.check();
    assertThat(plan.findings().get(0).reason().detail()).startsWith("inconsistent peer list: ");
    assertThat(new Planner(Pools.SETTINGS).needs(s.world())).isEqualTo(Needs.NOTHING);
  }

  static Stream<Scenario> consistent() {
    return Stream.of(
        given(
                "a surplus peer with other names of its own is detached",
                world(
                    0,
                    view(0, healthy(1), healthy(2), named(uuid(3), 3, "glusterfs-3", "10.0.0.3")),
                    api(3)))
            .actions(detach(3, SURPLUS_BY_REPLICAS)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistent")
  void aConsistentListIsPlannedAsBefore(Scenario s) {
    s.check();
  }
}
