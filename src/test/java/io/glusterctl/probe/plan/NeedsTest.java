package io.glusterctl.probe.plan;

import static io.glusterctl.probe.plan.Pools.T0;
import static io.glusterctl.probe.plan.Pools.alone;
import static io.glusterctl.probe.plan.Pools.api;
import static io.glusterctl.probe.plan.Pools.at;
import static io.glusterctl.probe.plan.Pools.disconnected;
import static io.glusterctl.probe.plan.Pools.dns;
import static io.glusterctl.probe.plan.Pools.fqdn;
import static io.glusterctl.probe.plan.Pools.healthy;
import static io.glusterctl.probe.plan.Pools.minutes;
import static io.glusterctl.probe.plan.Pools.peer;
import static io.glusterctl.probe.plan.Pools.rejected;
import static io.glusterctl.probe.plan.Pools.uuid;
import static io.glusterctl.probe.plan.Pools.view;
import static io.glusterctl.probe.plan.Pools.world;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PeerState;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a run must look at beyond {@code peer status} and the desired members: nothing in steady
 * state (one gluster call), bricks only when a detach is contemplated, target checks only for
 * missing members when coordinating, remote views only when something looks wrong or when alone.
 */
class NeedsTest {

  private static Set<String> fqdns(int... ordinals) {
    return Arrays.stream(ordinals).mapToObj(Pools::fqdn).collect(Collectors.toSet());
  }

  private static Needs needs(boolean bricks, int[] targets, int[] views) {
    return new Needs(bricks, fqdns(targets), fqdns(views));
  }

  private static final int[] NONE = {};

  private static int[] of(int... ordinals) {
    return ordinals;
  }

  private static final Memory DNS_SURPLUS_SINCE_T0 =
      new Memory(Map.of(uuid(3), T0), Map.of(uuid(3), T0), Map.of());

  static Stream<Arguments> rows() {
    return Stream.of(
        // steady state: one gluster call
        arguments(
            "steady, pod-0", world(0, view(0, healthy(1), healthy(2)), api(3)), Needs.NOTHING),
        arguments(
            "steady, pod-2", world(2, view(2, healthy(0), healthy(1)), api(3)), Needs.NOTHING),
        arguments(
            "steady, DNS mode",
            world(1, view(1, healthy(0), healthy(2)), dns(0, 1, 2)),
            Needs.NOTHING),
        arguments(
            "a desired member disconnected",
            world(0, view(0, healthy(1), disconnected(2)), api(3)),
            Needs.NOTHING),
        // probes: target checks for the missing members, only when coordinating
        arguments(
            "scale up, coordinator pod-0",
            world(0, view(0, healthy(1), healthy(2)), api(5)),
            needs(false, of(3, 4), NONE)),
        arguments(
            "scale up, pod-2", world(2, view(2, healthy(0), healthy(1)), api(5)), Needs.NOTHING),
        arguments(
            "scale up, pod-1 coordinates while pod-0 is down",
            world(1, view(1, disconnected(0), healthy(2)), api(5)),
            needs(false, of(3, 4), NONE)),
        // every peer disconnected: cut off, or forgotten by the pool; ask the three lowest others
        // (the reconciler connects first, so a cut-off pod learns nothing and does nothing)
        arguments(
            "scale up, pod-2 cut off",
            world(2, view(2, disconnected(0), disconnected(1)), api(5)),
            needs(false, NONE, of(0, 1, 3))),
        // alone: every other member (a connect each), and a few of their views
        arguments("alone, pod-0", world(0, alone(0), api(3)), needs(false, of(1, 2), of(1, 2))),
        arguments("alone, pod-2", world(2, alone(2), api(3)), needs(false, of(0, 1), of(0, 1))),
        arguments(
            "alone, at most five views",
            world(0, alone(0), api(8)),
            needs(false, of(1, 2, 3, 4, 5, 6, 7), of(1, 2, 3, 4, 5))),
        arguments("alone and the only desired member", world(0, alone(0), api(1)), Needs.NOTHING),
        // detaches: bricks only when one is contemplated
        arguments(
            "scale down, coordinator pod-0",
            world(0, view(0, healthy(1), healthy(2), healthy(3), healthy(4)), api(3)),
            needs(true, NONE, NONE)),
        arguments(
            "scale down, pod-2",
            world(2, view(2, healthy(0), healthy(1), healthy(3)), api(3)),
            Needs.NOTHING),
        arguments(
            "scale to one, the last surplus peer gone",
            world(0, view(0, disconnected(4)), api(1)),
            needs(true, NONE, NONE)),
        arguments(
            "DNS surplus, first seen",
            world(0, view(0, healthy(1), healthy(2), disconnected(3)), dns(0, 1, 2)),
            Needs.NOTHING),
        arguments(
            "DNS surplus, within its grace period",
            at(world(0, view(0, healthy(1), healthy(2), disconnected(3)), dns(0, 1, 2)), minutes(9))
                .withMemory(DNS_SURPLUS_SINCE_T0),
            Needs.NOTHING),
        arguments(
            "DNS surplus, past its grace period",
            at(
                    world(0, view(0, healthy(1), healthy(2), disconnected(3)), dns(0, 1, 2)),
                    minutes(10))
                .withMemory(DNS_SURPLUS_SINCE_T0),
            needs(true, NONE, NONE)),
        arguments(
            "DNS surplus, still connected after a day",
            at(world(0, view(0, healthy(1), healthy(2), healthy(3)), dns(0, 1, 2)), minutes(1440))
                .withMemory(new Memory(Map.of(), Map.of(uuid(3), T0), Map.of())),
            Needs.NOTHING),
        // remote views: when something looks wrong
        arguments(
            "a connected peer is rejected: ask the connected members",
            world(0, view(0, rejected(1), healthy(2)), api(3)),
            needs(false, NONE, of(1, 2))),
        arguments(
            "a handshake under way: ask the connected members",
            world(
                1,
                view(1, healthy(0), peer(2, PeerState.SENT_AND_RECEIVED_PEER_REQUEST, true)),
                api(3)),
            needs(false, NONE, of(0, 2))),
        arguments(
            "a rejected peer that is disconnected cannot be asked",
            world(1, view(1, peer(0, PeerState.PEER_REJECTED, false), healthy(2)), api(3)),
            Needs.NOTHING),
        arguments(
            "rejected and disconnected peers: ask only the connected one",
            world(1, view(1, rejected(0), disconnected(2)), api(3)),
            needs(false, NONE, of(0))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void needs(String name, World w, Needs expected) {
    assertThat(new Planner(Pools.SETTINGS).needs(w)).isEqualTo(expected);
  }

  @Test
  void nothingWhenThePoolOrTheDesiredMembersAreUnknown() {
    World w = world(0, view(0, healthy(1), healthy(2), healthy(3)), api(5));
    Planner planner = new Planner(Pools.SETTINGS);
    assertThat(planner.needs(w)).isNotEqualTo(Needs.NOTHING);
    World poolUnknown =
        new World(
            w.self(),
            Observed.unknown("peer status: failed"),
            w.desired(),
            w.bricks(),
            w.targets(),
            w.remoteViews(),
            w.memory(),
            w.now());
    World desiredUnknown =
        new World(
            w.self(),
            w.pool(),
            Observed.unknown("SERVFAIL"),
            w.bricks(),
            w.targets(),
            w.remoteViews(),
            w.memory(),
            w.now());
    assertThat(planner.needs(poolUnknown)).isEqualTo(Needs.NOTHING);
    assertThat(planner.needs(desiredUnknown)).isEqualTo(Needs.NOTHING);
  }

  @Test
  void offlineNeedsNoTargetsAndNoViews() {
    World alone = world(0, alone(0), Pools.fixed(0, 1, 2));
    Needs n = new Planner(Pools.SETTINGS.asOffline()).needs(alone);
    assertThat(n.targets()).isEmpty();
    assertThat(n.remoteViews()).isEmpty();
    assertThat(fqdn(0)).startsWith("glusterfs-0.");
  }
}
