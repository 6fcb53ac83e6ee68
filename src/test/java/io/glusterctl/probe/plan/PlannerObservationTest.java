package io.glusterctl.probe.plan;

import static io.glusterctl.probe.model.ReasonCode.ALONE_NOT_FIRST;
import static io.glusterctl.probe.model.ReasonCode.BRICKS_UNKNOWN;
import static io.glusterctl.probe.model.ReasonCode.DESIRED_UNKNOWN;
import static io.glusterctl.probe.model.ReasonCode.DISCONNECTED_MEMBER;
import static io.glusterctl.probe.model.ReasonCode.HEALTHY;
import static io.glusterctl.probe.model.ReasonCode.MISSING_MEMBER;
import static io.glusterctl.probe.model.ReasonCode.NOT_COORDINATOR;
import static io.glusterctl.probe.model.ReasonCode.POOL_EXISTS;
import static io.glusterctl.probe.model.ReasonCode.POOL_UNKNOWN;
import static io.glusterctl.probe.model.ReasonCode.REJECTED_PEER;
import static io.glusterctl.probe.model.ReasonCode.SELF_UNKNOWN;
import static io.glusterctl.probe.model.ReasonCode.SURPLUS_BY_REPLICAS;
import static io.glusterctl.probe.model.ReasonCode.SURPLUS_WAITING;
import static io.glusterctl.probe.model.ReasonCode.TARGET_NOT_ANSWERING;
import static io.glusterctl.probe.plan.Pools.T0;
import static io.glusterctl.probe.plan.Pools.alone;
import static io.glusterctl.probe.plan.Pools.api;
import static io.glusterctl.probe.plan.Pools.disconnected;
import static io.glusterctl.probe.plan.Pools.dns;
import static io.glusterctl.probe.plan.Pools.fixed;
import static io.glusterctl.probe.plan.Pools.healthy;
import static io.glusterctl.probe.plan.Pools.pod;
import static io.glusterctl.probe.plan.Pools.rejected;
import static io.glusterctl.probe.plan.Pools.targets;
import static io.glusterctl.probe.plan.Pools.uuid;
import static io.glusterctl.probe.plan.Pools.view;
import static io.glusterctl.probe.plan.Pools.views;
import static io.glusterctl.probe.plan.Pools.world;
import static io.glusterctl.probe.plan.Scenario.about;
import static io.glusterctl.probe.plan.Scenario.detach;
import static io.glusterctl.probe.plan.Scenario.given;
import static io.glusterctl.probe.plan.Scenario.pool;
import static io.glusterctl.probe.plan.Scenario.probe;
import static io.glusterctl.probe.plan.TargetCheck.answering;
import static io.glusterctl.probe.plan.TargetCheck.silent;
import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Unknown observations, determinism, the HEALTHY verdict and offline analysis. */
class PlannerObservationTest {
  private static final Planner PLANNER = new Planner(Pools.SETTINGS);

  // ---- cannot see, does not act

  private static World withPool(World w, Observed<PoolView> pool) {
    return new World(
        w.self(), pool, w.desired(), w.bricks(), w.targets(), w.remoteViews(), w.memory(), w.now());
  }

  private static World withDesired(World w, Observed<DesiredMembers> desired) {
    return new World(
        w.self(), w.pool(), desired, w.bricks(), w.targets(), w.remoteViews(), w.memory(), w.now());
  }

  /** Worlds in which something would be done if every observation were Known. */
  static Stream<World> busyWorlds() {
    return Stream.of(
        world(0, view(0, healthy(1), healthy(2)), api(5))
            .withTargets(targets(3, answering(), 4, answering())),
        world(0, view(0, healthy(1), healthy(2), healthy(3), healthy(4)), api(3)),
        world(0, alone(0), api(3))
            .withTargets(targets(1, answering(), 2, answering()))
            .withRemoteViews(views(1, alone(1), 2, alone(2))),
        world(1, view(1, rejected(0), rejected(2)), api(3))
            .withRemoteViews(
                views(0, view(0, rejected(1), healthy(2)), 2, view(2, healthy(0), rejected(1)))));
  }

  @ParameterizedTest
  @MethodSource("busyWorlds")
  void poolUnknownGivesNoActionAndKeepsTheMemory(World w) {
    assertThat(PLANNER.plan(w).actions()).isNotEmpty();
    Memory m = new Memory(Map.of(uuid(3), T0), Map.of(), Map.of());
    Plan p = PLANNER.plan(withPool(w, Observed.unknown("peer status: failed")).withMemory(m));
    assertThat(p.actions()).isEmpty();
    assertThat(p.findings())
        .extracting(
            Finding::severity, Finding::host, f -> f.reason().code(), f -> f.reason().detail())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Finding.Severity.ERROR, "", POOL_UNKNOWN, "peer status: failed"));
    assertThat(p.memory()).isEqualTo(m);
  }

  @ParameterizedTest
  @MethodSource("busyWorlds")
  void desiredUnknownGivesNoAction(World w) {
    Plan p = PLANNER.plan(withDesired(w, Observed.unknown("API: 503")));
    assertThat(p.actions()).isEmpty();
    assertThat(p.findings())
        .extracting(Finding::host, f -> f.reason().code())
        .contains(pool(DESIRED_UNKNOWN))
        .doesNotContain(pool(HEALTHY));
  }

  @Test
  void desiredUnknownStillReportsDisconnectedPeers() {
    World w =
        withDesired(
            world(0, view(0, healthy(1), disconnected(2)), api(3)), Observed.unknown("NXDOMAIN"));
    assertThat(PLANNER.plan(w).findings())
        .extracting(Finding::host, f -> f.reason().code())
        .contains(pool(DESIRED_UNKNOWN), about(2, DISCONNECTED_MEMBER));
  }

  @Test
  void aPodNameWithoutAnOrdinalGivesNoAction() {
    Self odd = new Self("glusterfs", "default", "glusterfs", "cluster.local");
    World w =
        World.of(
                odd,
                Observed.known(PoolView.of(List.of(healthy(1), healthy(2), healthy(3)))),
                Observed.known(api(2)),
                T0)
            .withBricks(Observed.known(VolumeBricks.NONE));
    Plan p = PLANNER.plan(w);
    assertThat(p.actions()).isEmpty();
    assertThat(p.findings())
        .extracting(Finding::host, f -> f.reason().code())
        .containsExactly(about("glusterfs", SELF_UNKNOWN));
    assertThat(PLANNER.needs(w)).isEqualTo(Needs.NOTHING);
  }

  // ---- the same world, the same plan

  static Stream<World> worlds() {
    return Stream.concat(
        busyWorlds(),
        Stream.of(
            world(0, view(0, healthy(1), healthy(2)), api(3)),
            world(0, view(0, healthy(1), disconnected(2), disconnected(3)), dns(0, 1, 2)),
            world(2, view(2, healthy(0), healthy(1), healthy(3), healthy(4)), api(3))));
  }

  @ParameterizedTest
  @MethodSource("worlds")
  void theSameWorldTwiceGivesTheSamePlan(World w) {
    Plan first = new Planner(Pools.SETTINGS).plan(w);
    Plan second = new Planner(Pools.SETTINGS).plan(w);
    assertThat(second).isEqualTo(first);
    assertThat(PLANNER.needs(w)).isEqualTo(PLANNER.needs(w));
  }

  @ParameterizedTest
  @MethodSource("worlds")
  void glusterdsPeerOrderDoesNotChangeTheActions(World w) {
    List<Action> expected = PLANNER.plan(w).actions();
    Needs needs = PLANNER.needs(w);
    PoolView pool = w.pool().known().orElseThrow();
    Random random = new Random(42);
    for (int i = 0; i < 10; i++) {
      List<Peer> shuffled = new ArrayList<>(pool.peers());
      Collections.shuffle(shuffled, random);
      World again = withPool(w, Observed.known(new PoolView(pool.selfUuid(), shuffled)));
      assertThat(PLANNER.plan(again).actions()).as("order %s", shuffled).isEqualTo(expected);
      assertThat(PLANNER.needs(again)).isEqualTo(needs);
    }
  }

  // ---- HEALTHY means the pool matches the desired members

  @Test
  void aSteadyPoolIsHealthyAndNothingElse() {
    for (int self = 0; self < 3; self++) {
      int me = self;
      Peer[] others =
          java.util.stream.IntStream.range(0, 3)
              .filter(o -> o != me)
              .mapToObj(Pools::healthy)
              .toArray(Peer[]::new);
      Plan p = PLANNER.plan(world(self, view(self, others), api(3)));
      assertThat(p.actions()).isEmpty();
      assertThat(p.findings())
          .extracting(Finding::host, f -> f.reason().code())
          .containsExactly(pool(HEALTHY));
    }
  }

  static Stream<Scenario> notHealthy() {
    return Stream.of(
        given(
                "a non-coordinator during scale-up",
                world(2, view(2, healthy(0), healthy(1)), api(4))
                    .withTargets(targets(3, answering())))
            .findings(about(3, NOT_COORDINATOR)),
        given(
                "a missing member that does not answer",
                world(0, view(0, healthy(1), healthy(2)), api(4)).withTargets(targets(3, silent())))
            .findings(about(3, TARGET_NOT_ANSWERING)),
        given(
                "a pod that is alone and waits to be probed",
                world(2, alone(2), api(3))
                    .withTargets(targets(0, answering(), 1, answering()))
                    .withRemoteViews(views(0, view(0, healthy(1)), 1, view(1, healthy(0)))))
            .findings(about(0, POOL_EXISTS), about(0, ALONE_NOT_FIRST), about(1, ALONE_NOT_FIRST)),
        given(
                "a DNS surplus member within its grace period",
                world(0, view(0, healthy(1), healthy(2), disconnected(3)), dns(0, 1, 2)))
            .findings(about(3, SURPLUS_WAITING)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notHealthy")
  void aPoolThatDoesNotMatchIsNotCalledHealthy(Scenario s) {
    s.noFindings(pool(HEALTHY)).check();
  }

  // ---- offline analysis of a pasted peer status: plan as the coordinator would

  static Stream<Scenario> offline() {
    return Stream.of(
        given(
                "pasted from pod-0, desired 0..3: probe the missing member, no target check",
                world(0, view(0, healthy(1), healthy(2)), fixed(0, 1, 2, 3)))
            .settings(Pools.SETTINGS.asOffline())
            .actions(probe(3, MISSING_MEMBER)),
        given(
                "pasted from pod-2, which is not the coordinator: plans as the coordinator would",
                world(2, view(2, healthy(0), healthy(1)), fixed(0, 1, 2, 3, 4)))
            .settings(Pools.SETTINGS.asOffline())
            .actions(probe(3, MISSING_MEMBER), probe(4, MISSING_MEMBER)),
        given(
                "a rejected peer is reported, never repaired offline",
                world(1, view(1, rejected(0), rejected(2)), fixed(0, 1, 2))
                    .withRemoteViews(
                        views(
                            0, view(0, rejected(1), healthy(2)),
                            2, view(2, healthy(0), rejected(1)))))
            .settings(Pools.SETTINGS.asOffline())
            .findings(about(0, REJECTED_PEER), about(2, REJECTED_PEER)),
        given(
                "a member not in the desired list is surplus: detached when bricks are known",
                world(0, view(0, healthy(1), healthy(2)), fixed(0, 1)))
            .settings(Pools.SETTINGS.asOffline())
            .actions(detach(2, SURPLUS_BY_REPLICAS)),
        given(
                "surplus offline, bricks not looked at",
                world(0, view(0, healthy(1), healthy(2)), fixed(0, 1))
                    .withBricks(Observed.unknown("offline")))
            .settings(Pools.SETTINGS.asOffline())
            .findings(about(2, BRICKS_UNKNOWN)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("offline")
  void offline(Scenario s) {
    Plan p = s.check();
    assertThat(p.actions()).noneMatch(a -> a instanceof Action.Repair);
    assertThat(new Planner(s.settings()).needs(s.world()).targets()).isEmpty();
    assertThat(new Planner(s.settings()).needs(s.world()).remoteViews()).isEmpty();
  }

  @Test
  void offlineWithoutAnOrdinalListsEveryDesiredMemberMissingFromThePaste() {
    // a pasted peer status never lists the node it came from; with a Self without an ordinal
    // (podName = the StatefulSet's name) that node counts as missing too
    Self offline = new Self("glusterfs", "default", "glusterfs", "cluster.local");
    World w =
        World.of(
            offline,
            Observed.known(PoolView.of(List.of(healthy(1), healthy(2)))),
            Observed.known(fixed(0, 1, 2)),
            T0);
    Plan p = new Planner(Pools.SETTINGS.asOffline()).plan(w);
    assertThat(p.actions())
        .extracting(Action::type, Action::host, a -> a.reason().code())
        .containsExactly(probe(0, MISSING_MEMBER));
    assertThat(pod(0).statefulSet()).isEqualTo(offline.statefulSet());
  }
}
