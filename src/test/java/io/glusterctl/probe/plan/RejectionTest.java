package io.glusterctl.probe.plan;

import static io.glusterctl.probe.model.ReasonCode.ALONE_NOT_FIRST;
import static io.glusterctl.probe.model.ReasonCode.DISCONNECTED_MEMBER;
import static io.glusterctl.probe.model.ReasonCode.HANDSHAKE_IN_PROGRESS;
import static io.glusterctl.probe.model.ReasonCode.HEALTHY;
import static io.glusterctl.probe.model.ReasonCode.POOL_EXISTS;
import static io.glusterctl.probe.model.ReasonCode.POOL_UNSEEN;
import static io.glusterctl.probe.model.ReasonCode.REJECTED_PEER;
import static io.glusterctl.probe.model.ReasonCode.SELF_LOST_IDENTITY;
import static io.glusterctl.probe.model.ReasonCode.SELF_REJECTED;
import static io.glusterctl.probe.model.ReasonCode.SELF_REJECTED_UNCONFIRMED;
import static io.glusterctl.probe.model.ReasonCode.SELF_STUCK_HANDSHAKE;
import static io.glusterctl.probe.model.RepairKind.AMNESIA;
import static io.glusterctl.probe.model.RepairKind.DRIFT;
import static io.glusterctl.probe.model.RepairKind.LOST_IDENTITY;
import static io.glusterctl.probe.model.RepairKind.STUCK_HANDSHAKE;
import static io.glusterctl.probe.plan.Pools.T0;
import static io.glusterctl.probe.plan.Pools.alone;
import static io.glusterctl.probe.plan.Pools.api;
import static io.glusterctl.probe.plan.Pools.at;
import static io.glusterctl.probe.plan.Pools.disconnected;
import static io.glusterctl.probe.plan.Pools.fqdn;
import static io.glusterctl.probe.plan.Pools.healthy;
import static io.glusterctl.probe.plan.Pools.minutes;
import static io.glusterctl.probe.plan.Pools.newUuid;
import static io.glusterctl.probe.plan.Pools.peer;
import static io.glusterctl.probe.plan.Pools.rejected;
import static io.glusterctl.probe.plan.Pools.targets;
import static io.glusterctl.probe.plan.Pools.unreachable;
import static io.glusterctl.probe.plan.Pools.uuid;
import static io.glusterctl.probe.plan.Pools.view;
import static io.glusterctl.probe.plan.Pools.views;
import static io.glusterctl.probe.plan.Pools.world;
import static io.glusterctl.probe.plan.Scenario.about;
import static io.glusterctl.probe.plan.Scenario.given;
import static io.glusterctl.probe.plan.Scenario.pool;
import static io.glusterctl.probe.plan.Scenario.repair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.RepairKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * This pod's own repair: drift, amnesia, stuck handshake, lost identity, decided from its view and
 * the other members' read-only views. A row with a repair expects it to be the only action.
 */
class RejectionTest {

  /** A repair row: the scenario and the repair's kind and reference ordinal. */
  record Row(Scenario scenario, RepairKind kind, int reference) {
    @Override
    public String toString() {
      return scenario.name();
    }
  }

  static Row repairs(Scenario s, RepairKind kind, int reference, Tuple action) {
    return new Row(s.actions(action), kind, reference);
  }

  static Row none(Scenario s) {
    return new Row(s, null, -1);
  }

  private static PoolView lostIdentity(int self) {
    return PoolView.of(List.of()).withSelfUuid(newUuid(self));
  }

  private static Memory stuckSince(int ordinal, Instant since) {
    return new Memory(Map.of(), Map.of(), Map.of(uuid(ordinal), since));
  }

  static Stream<Row> rows() {
    return Stream.of(
        // ---- drift (R1): pod-1's volume configuration drifted
        repairs(
            given(
                "drift: pod-1, both others list it Peer Rejected",
                world(1, view(1, rejected(0), rejected(2)), api(3))
                    .withRemoteViews(
                        views(
                            0, view(0, rejected(1), healthy(2)),
                            2, view(2, healthy(0), rejected(1))))),
            DRIFT,
            0,
            repair(1, SELF_REJECTED)),
        repairs(
            given(
                "drift: pod-1, pod-2 unreachable, pod-0 (healthy) rejects it",
                world(1, view(1, rejected(0), rejected(2)), api(3))
                    .withRemoteViews(views(0, view(0, rejected(1), healthy(2)), 2, unreachable()))),
            DRIFT,
            0,
            repair(1, SELF_REJECTED)),
        repairs(
            given(
                "drift: pod-0 itself drifted, 1 and 2 reject it and are healthy",
                world(0, view(0, rejected(1), rejected(2)), api(3))
                    .withRemoteViews(
                        views(
                            1, view(1, rejected(0), healthy(2)),
                            2, view(2, rejected(0), healthy(1))))),
            DRIFT,
            1,
            repair(0, SELF_REJECTED)),
        repairs(
            given(
                "drift: a repair is the only action, even for the coordinator",
                world(0, view(0, rejected(1), rejected(2)), api(4))
                    .withTargets(targets(3, TargetCheck.answering()))
                    .withRemoteViews(
                        views(
                            1, view(1, rejected(0), healthy(2)),
                            2, view(2, rejected(0), healthy(1))))),
            DRIFT,
            1,
            repair(0, SELF_REJECTED)),
        none(
            given(
                    "drift seen from pod-0: pod-1 rejects it, pod-2 says it is in the cluster",
                    world(0, view(0, rejected(1), healthy(2)), api(3))
                        .withRemoteViews(
                            views(
                                1, view(1, rejected(0), rejected(2)),
                                2, view(2, healthy(0), rejected(1)))))
                .findings(about(0, SELF_REJECTED_UNCONFIRMED), about(1, REJECTED_PEER))),
        none(
            given(
                    "drift seen from pod-2: pod-1 rejects it, pod-0 says it is in the cluster",
                    world(2, view(2, healthy(0), rejected(1)), api(3))
                        .withRemoteViews(
                            views(
                                0, view(0, rejected(1), healthy(2)),
                                1, view(1, rejected(0), rejected(2)))))
                .findings(about(2, SELF_REJECTED_UNCONFIRMED), about(1, REJECTED_PEER))),
        none(
            given(
                    "drift seen from pod-0, pod-2 unreachable: pod-0 is the lowest, the reference",
                    world(0, view(0, rejected(1), healthy(2)), api(3))
                        .withRemoteViews(
                            views(1, view(1, rejected(0), rejected(2)), 2, unreachable())))
                .findings(about(0, SELF_REJECTED_UNCONFIRMED), about(1, REJECTED_PEER))),
        none(
            given(
                    "pod-2 has a healthy peer; pod-0 unreachable, only drifted pod-1 rejects it",
                    world(2, view(2, healthy(0), rejected(1)), api(3))
                        .withRemoteViews(
                            views(0, unreachable(), 1, view(1, rejected(0), rejected(2)))))
                .findings(about(2, SELF_REJECTED_UNCONFIRMED), about(1, REJECTED_PEER))),
        none(
            given(
                    "pod-3 has healthy peers; only drifted pod-1 answers and rejects it",
                    world(3, view(3, healthy(0), rejected(1), healthy(2)), api(4))
                        .withRemoteViews(
                            views(
                                0, unreachable(),
                                1, view(1, rejected(0), rejected(2), rejected(3)),
                                2, unreachable())))
                .findings(about(3, SELF_REJECTED_UNCONFIRMED), about(1, REJECTED_PEER))),
        none(
            given(
                    "one drifted pod of five rejects pod-1: a minority",
                    world(1, view(1, healthy(0), healthy(2), healthy(3), rejected(4)), api(5))
                        .withRemoteViews(
                            views(
                                0, view(0, healthy(1), healthy(2), healthy(3), rejected(4)),
                                2, view(2, healthy(0), healthy(1), healthy(3), rejected(4)),
                                3, view(3, healthy(0), healthy(1), healthy(2), rejected(4)),
                                4, view(4, rejected(0), rejected(1), rejected(2), rejected(3)))))
                .findings(about(1, SELF_REJECTED_UNCONFIRMED), about(4, REJECTED_PEER))),
        // ---- forgotten: pod-3 was detached while away; its old PV came back with the old peers
        repairs(
            given(
                "forgotten: pod-3 lists 0,1,2, all disconnected; the healthy pool lists no pod-3",
                world(3, view(3, disconnected(0), disconnected(1), disconnected(2)), api(4))
                    .withRemoteViews(
                        views(
                            0, view(0, healthy(1), healthy(2)),
                            1, view(1, healthy(0), healthy(2)),
                            2, view(2, healthy(0), healthy(1))))),
            RepairKind.FORGOTTEN,
            0,
            repair(3, ReasonCode.SELF_FORGOTTEN)),
        none(
            given(
                    "cut off, not forgotten: pod-3 sees all disconnected and reaches nobody",
                    world(3, view(3, disconnected(0), disconnected(1), disconnected(2)), api(4))
                        .withRemoteViews(
                            views(0, unreachable(), 1, unreachable(), 2, unreachable())))
                .findings(
                    about(0, ReasonCode.DISCONNECTED_MEMBER),
                    about(1, ReasonCode.DISCONNECTED_MEMBER),
                    about(2, ReasonCode.DISCONNECTED_MEMBER))),
        none(
            given(
                    "a full restart: pod-3's peers not connected yet, the pool still lists pod-3",
                    world(3, view(3, disconnected(0), disconnected(1), disconnected(2)), api(4))
                        .withRemoteViews(
                            views(
                                0, view(0, healthy(1), healthy(2), disconnected(3)),
                                1, view(1, healthy(0), healthy(2), disconnected(3)),
                                2, view(2, healthy(0), healthy(1), disconnected(3)))))
                .findings(
                    about(0, ReasonCode.DISCONNECTED_MEMBER),
                    about(1, ReasonCode.DISCONNECTED_MEMBER),
                    about(2, ReasonCode.DISCONNECTED_MEMBER))),
        // ---- amnesia (R2): pod-1 lost its state but kept glusterd.info
        repairs(
            given(
                "amnesia: pod-1 alone, both others list its UUID as rejected",
                world(1, alone(1), api(3))
                    .withRemoteViews(
                        views(
                            0, view(0, rejected(1), healthy(2)),
                            2, view(2, healthy(0), rejected(1))))),
            AMNESIA,
            0,
            repair(1, SELF_REJECTED)),
        repairs(
            given(
                "amnesia: the pool knows pod-1 only by an address, matched by UUID",
                world(1, alone(1), api(3))
                    .withRemoteViews(
                        views(
                            0,
                            view(
                                0,
                                Peer.of(uuid(1), "10.0.0.1", PeerState.PEER_REJECTED, true),
                                healthy(2)),
                            2,
                            view(
                                2,
                                healthy(0),
                                Peer.of(uuid(1), "10.0.0.1", PeerState.PEER_REJECTED, true))))),
            AMNESIA,
            0,
            repair(1, SELF_REJECTED)),
        repairs(
            given(
                "amnesia: pod-0 unreachable, pod-2 rejects pod-1 and has a healthy peer",
                world(1, alone(1), api(3))
                    .withRemoteViews(views(0, unreachable(), 2, view(2, healthy(0), rejected(1))))),
            AMNESIA,
            2,
            repair(1, SELF_REJECTED)),
        none(
            given(
                    "a new pod that is alone and that nobody lists yet",
                    world(2, alone(2), api(3))
                        .withRemoteViews(views(0, view(0, healthy(1)), 1, view(1, healthy(0)))))
                .findings(
                    about(0, POOL_EXISTS), about(0, ALONE_NOT_FIRST), about(1, ALONE_NOT_FIRST))),
        // ---- two members that reject each other
        repairs(
            given(
                "two-member pool, both sides rejected: the higher ordinal repairs",
                world(1, view(1, rejected(0)), api(2))
                    .withRemoteViews(views(0, view(0, rejected(1))))),
            DRIFT,
            0,
            repair(1, SELF_REJECTED)),
        none(
            given(
                    "two-member pool, both sides rejected: the lower ordinal is the reference",
                    world(0, view(0, rejected(1)), api(2))
                        .withRemoteViews(views(1, view(1, rejected(0)))))
                .findings(about(0, SELF_REJECTED_UNCONFIRMED), about(1, REJECTED_PEER))),
        // ---- a partitioned pod reaches no one
        none(
            given(
                    "partitioned: every peer disconnected, no view answers",
                    world(1, view(1, disconnected(0), disconnected(2)), api(3))
                        .withRemoteViews(views(0, unreachable(), 2, unreachable())))
                .findings(about(0, DISCONNECTED_MEMBER), about(2, DISCONNECTED_MEMBER))),
        none(
            given(
                    "partitioned: peers rejected and disconnected, no view answers",
                    world(
                            1,
                            view(
                                1,
                                peer(0, PeerState.PEER_REJECTED, false),
                                peer(2, PeerState.PEER_REJECTED, false)),
                            api(3))
                        .withRemoteViews(views(0, unreachable(), 2, unreachable())))
                .findings(
                    about(0, REJECTED_PEER),
                    about(0, DISCONNECTED_MEMBER),
                    about(2, REJECTED_PEER),
                    about(2, DISCONNECTED_MEMBER))),
        none(
            given(
                    "rejected by everyone, but no view answers",
                    world(1, view(1, rejected(0), rejected(2)), api(3))
                        .withRemoteViews(views(0, unreachable(), 2, unreachable())))
                .findings(about(0, REJECTED_PEER), about(2, REJECTED_PEER))),
        none(
            given(
                    "pod-1 alone (amnesia), no view answers",
                    world(1, alone(1), api(3))
                        .withRemoteViews(views(0, unreachable(), 2, unreachable())))
                .findings(pool(POOL_UNSEEN), about(0, ALONE_NOT_FIRST), about(2, ALONE_NOT_FIRST))),
        // ---- stuck handshake
        repairs(
            given(
                "stuck in 'Sent and Received peer request' past the grace period",
                at(
                        world(
                            1,
                            view(
                                1,
                                healthy(0),
                                peer(2, PeerState.SENT_AND_RECEIVED_PEER_REQUEST, true)),
                            api(3)),
                        minutes(4))
                    .withMemory(stuckSince(2, T0))
                    .withRemoteViews(views(2, view(2, healthy(0), healthy(1))))),
            STUCK_HANDSHAKE,
            2,
            repair(1, SELF_STUCK_HANDSHAKE)),
        repairs(
            given(
                "stuck in 'Accepted peer request' exactly the grace period",
                at(
                        world(
                            1,
                            view(1, healthy(0), peer(2, PeerState.ACCEPTED_PEER_REQUEST, true)),
                            api(3)),
                        minutes(3))
                    .withMemory(stuckSince(2, T0))
                    .withRemoteViews(views(2, view(2, healthy(0), healthy(1))))),
            STUCK_HANDSHAKE,
            2,
            repair(1, SELF_STUCK_HANDSHAKE)),
        none(
            given(
                    "stuck handshake within the grace period",
                    at(
                            world(
                                1,
                                view(
                                    1,
                                    healthy(0),
                                    peer(2, PeerState.SENT_AND_RECEIVED_PEER_REQUEST, true)),
                                api(3)),
                            minutes(2))
                        .withMemory(stuckSince(2, T0))
                        .withRemoteViews(views(2, view(2, healthy(0), healthy(1)))))
                .findings(about(2, HANDSHAKE_IN_PROGRESS))),
        none(
            given(
                    "stuck handshake seen for the first time: the timer starts now",
                    at(
                            world(
                                1,
                                view(
                                    1,
                                    healthy(0),
                                    peer(2, PeerState.SENT_AND_RECEIVED_PEER_REQUEST, true)),
                                api(3)),
                            minutes(60))
                        .withRemoteViews(views(2, view(2, healthy(0), healthy(1)))))
                .findings(about(2, HANDSHAKE_IN_PROGRESS))),
        none(
            given(
                    "stuck on both sides: the peer does not list this pod in the cluster",
                    at(
                            world(
                                1,
                                view(
                                    1,
                                    healthy(0),
                                    peer(2, PeerState.SENT_AND_RECEIVED_PEER_REQUEST, true)),
                                api(3)),
                            minutes(30))
                        .withMemory(stuckSince(2, T0))
                        .withRemoteViews(
                            views(
                                2,
                                view(
                                    2,
                                    healthy(0),
                                    peer(1, PeerState.SENT_AND_RECEIVED_PEER_REQUEST, true)))))
                .findings(about(2, HANDSHAKE_IN_PROGRESS))),
        none(
            given(
                    "stuck handshake, the peer's view unreachable",
                    at(
                            world(
                                1,
                                view(
                                    1,
                                    healthy(0),
                                    peer(2, PeerState.SENT_AND_RECEIVED_PEER_REQUEST, true)),
                                api(3)),
                            minutes(30))
                        .withMemory(stuckSince(2, T0))
                        .withRemoteViews(views(2, unreachable())))
                .findings(about(2, HANDSHAKE_IN_PROGRESS))),
        // ---- lost identity: pod-1 lost its PV and came back with a new UUID
        repairs(
            given(
                "lost identity: the pool lists pod-1's name under its old UUID",
                world(1, lostIdentity(1), api(3))
                    .withRemoteViews(
                        views(
                            0, view(0, disconnected(1), healthy(2)),
                            2, view(2, healthy(0), disconnected(1))))),
            LOST_IDENTITY,
            0,
            repair(1, SELF_LOST_IDENTITY)),
        repairs(
            given(
                "lost identity: the old UUID is listed as rejected",
                world(1, lostIdentity(1), api(3))
                    .withRemoteViews(
                        views(
                            0, view(0, rejected(1), healthy(2)),
                            2, view(2, healthy(0), rejected(1))))),
            LOST_IDENTITY,
            0,
            repair(1, SELF_LOST_IDENTITY)),
        repairs(
            given(
                "lost identity: pod-0 unreachable, pod-2 witnesses",
                world(1, lostIdentity(1), api(3))
                    .withRemoteViews(
                        views(0, unreachable(), 2, view(2, healthy(0), disconnected(1))))),
            LOST_IDENTITY,
            2,
            repair(1, SELF_LOST_IDENTITY)),
        repairs(
            given(
                "lost identity: the pool probed pod-1 by a short name",
                world(1, lostIdentity(1), api(3))
                    .withRemoteViews(
                        views(
                            0,
                            view(
                                0,
                                Peer.of(
                                    uuid(1),
                                    "glusterfs-1.glusterfs",
                                    PeerState.PEER_IN_CLUSTER,
                                    false),
                                healthy(2)),
                            2,
                            view(
                                2,
                                healthy(0),
                                Peer.of(
                                    uuid(1), "GLUSTERFS-1", PeerState.PEER_IN_CLUSTER, false))))),
            LOST_IDENTITY,
            0,
            repair(1, SELF_LOST_IDENTITY)),
        none(
            given(
                    "lost identity, no view answers",
                    world(1, lostIdentity(1), api(3))
                        .withRemoteViews(views(0, unreachable(), 2, unreachable())))
                .findings(pool(POOL_UNSEEN), about(0, ALONE_NOT_FIRST), about(2, ALONE_NOT_FIRST))),
        // ---- a healthy pool never repairs anyone
        none(
            given(
                    "healthy pool, views asked anyway",
                    world(1, view(1, healthy(0), healthy(2)), api(3))
                        .withRemoteViews(
                            views(
                                0, view(0, healthy(1), healthy(2)),
                                2, view(2, healthy(0), healthy(1)))))
                .findings(pool(HEALTHY))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void repairOrNot(Row row) {
    Plan p = row.scenario().check();
    if (row.kind() == null) {
      assertThat(p.actions()).noneMatch(a -> a instanceof Action.Repair);
      return;
    }
    assertThat(p.actions())
        .singleElement()
        .isInstanceOfSatisfying(
            Action.Repair.class,
            r ->
                assertThat(tuple(r.host(), r.kind(), r.reference()))
                    .isEqualTo(
                        tuple(
                            row.scenario().world().self().fqdn(),
                            row.kind(),
                            fqdn(row.reference()))));
  }

  @Test
  void aHealthyPoolOfFivePlansNothingFromAnyPod() {
    for (int self = 0; self < 5; self++) {
      int me = self;
      Peer[] others =
          java.util.stream.IntStream.range(0, 5)
              .filter(o -> o != me)
              .mapToObj(Pools::healthy)
              .toArray(Peer[]::new);
      Plan p = new Planner(Pools.SETTINGS).plan(world(self, view(self, others), api(5)));
      assertThat(p.actions()).as("pod-%d", self).isEmpty();
    }
  }

  @Test
  void offlineAnalysisNeverRepairs() {
    World drifted =
        world(1, view(1, rejected(0), rejected(2)), api(3))
            .withRemoteViews(
                views(0, view(0, rejected(1), healthy(2)), 2, view(2, healthy(0), rejected(1))));
    assertThat(new Planner(Pools.SETTINGS).plan(drifted).actions())
        .singleElement()
        .isInstanceOf(Action.Repair.class);
    assertThat(new Planner(Pools.SETTINGS.asOffline()).plan(drifted).actions())
        .noneMatch(a -> a instanceof Action.Repair);
  }
}
