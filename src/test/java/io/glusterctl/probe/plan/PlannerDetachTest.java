package io.glusterctl.probe.plan;

import static io.glusterctl.probe.model.ReasonCode.BRICKS_UNKNOWN;
import static io.glusterctl.probe.model.ReasonCode.DESIRED_UNKNOWN;
import static io.glusterctl.probe.model.ReasonCode.DETACH_BLOCKED_BRICKS;
import static io.glusterctl.probe.model.ReasonCode.DETACH_BLOCKED_NOT_COORDINATOR;
import static io.glusterctl.probe.model.ReasonCode.DETACH_BLOCKED_PEER_DOWN;
import static io.glusterctl.probe.model.ReasonCode.DETACH_BLOCKED_QUORUM;
import static io.glusterctl.probe.model.ReasonCode.DETACH_BLOCKED_SELF;
import static io.glusterctl.probe.model.ReasonCode.DETACH_FORCED;
import static io.glusterctl.probe.model.ReasonCode.DETACH_FORCE_NEXT_RUN;
import static io.glusterctl.probe.model.ReasonCode.DISCONNECTED_MEMBER;
import static io.glusterctl.probe.model.ReasonCode.HANDSHAKE_IN_PROGRESS;
import static io.glusterctl.probe.model.ReasonCode.REJECTED_PEER;
import static io.glusterctl.probe.model.ReasonCode.SURPLUS_BY_DNS;
import static io.glusterctl.probe.model.ReasonCode.SURPLUS_BY_REPLICAS;
import static io.glusterctl.probe.model.ReasonCode.SURPLUS_WAITING;
import static io.glusterctl.probe.model.ReasonCode.UNKNOWN_PEER;
import static io.glusterctl.probe.plan.Pools.T0;
import static io.glusterctl.probe.plan.Pools.api;
import static io.glusterctl.probe.plan.Pools.at;
import static io.glusterctl.probe.plan.Pools.bricksOn;
import static io.glusterctl.probe.plan.Pools.disconnected;
import static io.glusterctl.probe.plan.Pools.dns;
import static io.glusterctl.probe.plan.Pools.fqdn;
import static io.glusterctl.probe.plan.Pools.healthy;
import static io.glusterctl.probe.plan.Pools.minutes;
import static io.glusterctl.probe.plan.Pools.rejected;
import static io.glusterctl.probe.plan.Pools.uuid;
import static io.glusterctl.probe.plan.Pools.view;
import static io.glusterctl.probe.plan.Pools.world;
import static io.glusterctl.probe.plan.Scenario.about;
import static io.glusterctl.probe.plan.Scenario.detach;
import static io.glusterctl.probe.plan.Scenario.given;
import static io.glusterctl.probe.plan.Scenario.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.VolumeBricks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Detaches: surplus by spec.replicas (API) or by DNS and time, and every guard on them. */
class PlannerDetachTest {

  static Stream<Scenario> scaleDown() {
    // spec.replicas 5 -> 3: pods 3 and 4 are surplus
    return Stream.of(
        given(
                "pod-0 detaches every surplus member in one run, highest ordinal first",
                world(0, view(0, healthy(4), healthy(3), healthy(2), healthy(1)), api(3)))
            .actions(detach(4, SURPLUS_BY_REPLICAS), detach(3, SURPLUS_BY_REPLICAS)),
        given(
                "glusterd lists the surplus in ascending order: still the highest first",
                world(0, view(0, healthy(1), healthy(2), healthy(3), healthy(4)), api(3)))
            .actions(detach(4, SURPLUS_BY_REPLICAS), detach(3, SURPLUS_BY_REPLICAS)),
        given(
                "glusterd lists the surplus in mixed order: still the highest first",
                world(0, view(0, healthy(3), healthy(1), healthy(4), healthy(2)), api(3)))
            .actions(detach(4, SURPLUS_BY_REPLICAS), detach(3, SURPLUS_BY_REPLICAS)),
        given(
                "a brick host is never detached; the next surplus member is",
                world(0, view(0, healthy(4), healthy(3), healthy(2), healthy(1)), api(3))
                    .withBricks(Observed.known(bricksOn(0, 1, 2, 4))))
            .actions(detach(3, SURPLUS_BY_REPLICAS))
            .findings(about(4, DETACH_BLOCKED_BRICKS)),
        given(
                "both surplus members host bricks: no detach",
                world(0, view(0, healthy(4), healthy(3), healthy(2), healthy(1)), api(3))
                    .withBricks(Observed.known(bricksOn(3, 4))))
            .findings(about(3, DETACH_BLOCKED_BRICKS), about(4, DETACH_BLOCKED_BRICKS)),
        given(
                "bricks Unknown: no detach",
                world(0, view(0, healthy(4), healthy(3), healthy(2), healthy(1)), api(3))
                    .withBricks(Observed.unknown("volume info: Request timed out")))
            .findings(about(3, BRICKS_UNKNOWN), about(4, BRICKS_UNKNOWN)),
        given(
                "non-coordinator pod-2 detaches nobody",
                world(2, view(2, healthy(0), healthy(1), healthy(3), healthy(4)), api(3)))
            .findings(
                about(3, DETACH_BLOCKED_NOT_COORDINATOR), about(4, DETACH_BLOCKED_NOT_COORDINATOR)),
        given(
                "pod-0 sees the other desired members disconnected: quorum blocks the detach",
                world(0, view(0, disconnected(1), disconnected(2), healthy(3), healthy(4)), api(3)))
            .findings(
                about(1, DISCONNECTED_MEMBER),
                about(2, DISCONNECTED_MEMBER),
                about(3, DETACH_BLOCKED_QUORUM),
                about(4, DETACH_BLOCKED_QUORUM)),
        given(
                "scale 5 -> 1: the last surplus peer is gone, pod-0 is the only desired member",
                world(0, view(0, disconnected(4)), api(1)))
            .actions(detach(4, SURPLUS_BY_REPLICAS)),
        given(
                "scale 5 -> 2 with pod-1 down too: pod-0 is cut off from the desired pool",
                world(0, view(0, disconnected(1), disconnected(4)), api(2)))
            .findings(about(1, DISCONNECTED_MEMBER), about(4, DETACH_BLOCKED_NOT_COORDINATOR)),
        given(
                "scale 5 -> 1 with every surplus pod gone: one force per run, the highest",
                world(
                    0,
                    view(0, disconnected(4), disconnected(3), disconnected(2), disconnected(1)),
                    api(1)))
            .actions(detach(4, DETACH_FORCED))
            .findings(
                about(3, DETACH_FORCE_NEXT_RUN),
                about(2, DETACH_FORCE_NEXT_RUN),
                about(1, DETACH_FORCE_NEXT_RUN))
            .noFindings(about(1, DISCONNECTED_MEMBER)),
        given(
                "scale 5 -> 1, pod-4 forced in the run before: pod-3 forced, nothing else yet",
                world(0, view(0, disconnected(3), disconnected(2), disconnected(1)), api(1)))
            .actions(detach(3, DETACH_FORCED))
            .findings(about(2, DETACH_FORCE_NEXT_RUN), about(1, DETACH_FORCE_NEXT_RUN)),
        given(
                "scale 5 -> 1, two forced in the runs before: pod-2 forced, pod-1 plainly behind it",
                world(0, view(0, disconnected(2), disconnected(1)), api(1)))
            .actions(detach(2, DETACH_FORCED), detach(1, SURPLUS_BY_REPLICAS)),
        given(
                "scale 6 -> 2, pods 5 and 4 gone, 3 and 2 still up: plain detaches are not limited",
                world(
                    0,
                    view(0, healthy(1), healthy(2), healthy(3), disconnected(4), disconnected(5)),
                    api(2)))
            .actions(
                detach(5, DETACH_FORCED),
                detach(4, SURPLUS_BY_REPLICAS),
                detach(3, SURPLUS_BY_REPLICAS),
                detach(2, SURPLUS_BY_REPLICAS)),
        given(
                "scale 5 -> 3, pod-4 gone, pod-3 still up: the one down is the target, no force",
                world(0, view(0, healthy(1), healthy(2), healthy(3), disconnected(4)), api(3)))
            .actions(detach(4, SURPLUS_BY_REPLICAS), detach(3, SURPLUS_BY_REPLICAS)),
        given(
                "scale 5 -> 3, pod-3 gone, pod-4 still up: pod-3 first, then pod-4, no force",
                world(0, view(0, healthy(1), healthy(2), disconnected(3), healthy(4)), api(3)))
            .actions(detach(3, SURPLUS_BY_REPLICAS), detach(4, SURPLUS_BY_REPLICAS)),
        given(
                "scale 5 -> 3, pods 3 and 4 both gone: pod-4 with force, then pod-3 plainly",
                world(0, view(0, healthy(1), healthy(2), disconnected(3), disconnected(4)), api(3)))
            .actions(detach(4, DETACH_FORCED), detach(3, SURPLUS_BY_REPLICAS)),
        given(
                "both surplus gone but pod-3 hosts bricks: pod-4 is not forced past it",
                world(0, view(0, healthy(1), healthy(2), disconnected(3), disconnected(4)), api(3))
                    .withBricks(Observed.known(bricksOn(0, 1, 2, 3))))
            .findings(about(3, DETACH_BLOCKED_BRICKS), about(4, DETACH_BLOCKED_PEER_DOWN)),
        given(
                "both surplus gone and desired pod-1 down too: nothing is forced",
                world(
                    0,
                    view(0, disconnected(1), healthy(2), disconnected(3), disconnected(4)),
                    api(3)))
            .findings(
                about(1, DISCONNECTED_MEMBER),
                about(3, DETACH_BLOCKED_PEER_DOWN),
                about(4, DETACH_BLOCKED_PEER_DOWN)),
        given(
                "a surplus member rejected and one gone: the rejected one is surplus, force",
                world(0, view(0, healthy(1), healthy(2), rejected(3), disconnected(4)), api(3)))
            .actions(detach(4, DETACH_FORCED), detach(3, SURPLUS_BY_REPLICAS))
            .findings(about(3, REJECTED_PEER)),
        given(
                "a peer that is not one of the StatefulSet's pods is down: never forced past it",
                world(
                    0,
                    PoolView.of(
                            List.of(
                                healthy(1),
                                healthy(2),
                                disconnected(3),
                                Peer.of(uuid(7), "10.0.0.7", PeerState.PEER_IN_CLUSTER, false)))
                        .withSelfUuid(uuid(0)),
                    api(3)))
            .findings(about(3, DETACH_BLOCKED_PEER_DOWN), about("10.0.0.7", UNKNOWN_PEER)),
        given(
                "scale 4 -> 3 while desired pod-1 is down: glusterd refuses the detach",
                world(0, view(0, disconnected(1), healthy(2), healthy(3)), api(3)))
            .findings(about(1, DISCONNECTED_MEMBER), about(3, DETACH_BLOCKED_PEER_DOWN)),
        given(
                "scale 4 -> 3 while pod-1 is Peer Rejected: glusterd refuses the detach",
                world(0, view(0, rejected(1), healthy(2), healthy(3)), api(3)))
            .findings(about(1, REJECTED_PEER), about(3, DETACH_BLOCKED_PEER_DOWN)),
        given(
                "scale-down pod-3 lists itself (it never should): never detaches itself",
                world(3, view(3, healthy(0), healthy(1), healthy(2), healthy(3)), api(3)))
            .findings(about(3, DETACH_BLOCKED_SELF)),
        given(
                "a peer that is not one of the StatefulSet's pods is never detached",
                world(
                    0,
                    PoolView.of(
                            List.of(
                                healthy(1),
                                healthy(2),
                                Peer.of(uuid(7), "10.0.0.7", PeerState.PEER_IN_CLUSTER, false)))
                        .withSelfUuid(uuid(0)),
                    api(3)))
            .findings(about("10.0.0.7", UNKNOWN_PEER)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scaleDown")
  void scaleDown(Scenario s) {
    s.check();
  }

  @Test
  void aDetachNamesTheUuidAndTheReplicas() {
    Plan p =
        new Planner(Pools.SETTINGS)
            .plan(world(0, view(0, healthy(1), healthy(2), healthy(3)), api(3)));
    assertThat(p.actions())
        .singleElement()
        .isInstanceOfSatisfying(
            Action.Detach.class,
            d -> {
              assertThat(d.host()).isEqualTo(fqdn(3));
              assertThat(d.uuid()).isEqualTo(uuid(3));
              assertThat(d.reason().detail()).isEqualTo("ordinal 3 >= spec.replicas 3");
            });
  }

  @Test
  void aBrickIsMatchedByItsHostNameWhenItsUuidIsMissing() {
    VolumeBricks byName =
        new VolumeBricks(List.of(new VolumeBricks.Brick("v1", fqdn(3), "/bricks/b", null)));
    Plan p =
        new Planner(Pools.SETTINGS)
            .plan(
                world(0, view(0, healthy(1), healthy(2), healthy(3)), api(3))
                    .withBricks(Observed.known(byName)));
    assertThat(p.actions()).isEmpty();
    assertThat(p.findings())
        .extracting(f -> f.host(), f -> f.reason().code())
        .contains(about(3, DETACH_BLOCKED_BRICKS));
  }

  // ---- DNS mode: a surplus member is absent from DNS and disconnected past the grace period

  private static final Planner PLANNER = new Planner(Pools.SETTINGS); // surplus grace 10 minutes

  /** pod-0 with desired 0, 1, 2 in DNS; pod-3 still in the pool. */
  private static World dnsWorld(Peer three, Instant now, Memory memory) {
    return at(world(0, view(0, healthy(1), healthy(2), three), dns(0, 1, 2)), now)
        .withMemory(memory);
  }

  @Test
  void dnsSurplusIsDetachedOnlyAfterTheGracePeriodAcrossRuns() {
    Plan first = PLANNER.plan(dnsWorld(disconnected(3), T0, Memory.EMPTY));
    assertThat(first.actions()).isEmpty();
    assertThat(first.findings())
        .extracting(f -> f.host(), f -> f.reason().code())
        .contains(about(3, SURPLUS_WAITING));
    assertThat(first.memory().surplusSince()).containsExactly(Map.entry(uuid(3), T0));
    assertThat(first.memory().disconnectedSince()).containsExactly(Map.entry(uuid(3), T0));

    Plan second = PLANNER.plan(dnsWorld(disconnected(3), minutes(9), first.memory()));
    assertThat(second.actions()).isEmpty();
    assertThat(second.memory()).isEqualTo(first.memory());

    Plan third = PLANNER.plan(dnsWorld(disconnected(3), minutes(10), second.memory()));
    assertThat(third.actions())
        .extracting(Action::type, Action::host, a -> a.reason().code())
        .containsExactly(detach(3, SURPLUS_BY_DNS));
  }

  @Test
  void withoutMemoryTheGracePeriodStartsNow() {
    // a lost state file only delays a detach
    Plan p = PLANNER.plan(dnsWorld(disconnected(3), minutes(60), Memory.EMPTY));
    assertThat(p.actions()).isEmpty();
    assertThat(p.memory().surplusSince()).containsEntry(uuid(3), minutes(60));
  }

  @Test
  void aRunWhereDnsIsUnknownResetsTheSurplusTimers() {
    Plan first = PLANNER.plan(dnsWorld(disconnected(3), T0, Memory.EMPTY));
    World dnsDown =
        new World(
            Pools.pod(0),
            Observed.known(view(0, healthy(1), healthy(2), disconnected(3))),
            Observed.unknown("SERVFAIL for _glusterd._tcp.glusterfs.default.svc.cluster.local"),
            Observed.known(VolumeBricks.NONE),
            Map.of(),
            Map.of(),
            first.memory(),
            minutes(5));
    Plan outage = PLANNER.plan(dnsDown);
    assertThat(outage.actions()).isEmpty();
    assertThat(outage.findings())
        .extracting(f -> f.host(), f -> f.reason().code())
        .contains(pool(DESIRED_UNKNOWN));
    assertThat(outage.memory().surplusSince()).isEmpty();
    assertThat(outage.memory().disconnectedSince()).containsEntry(uuid(3), T0);

    Plan after = PLANNER.plan(dnsWorld(disconnected(3), minutes(11), outage.memory()));
    assertThat(after.actions()).as("the grace period starts again at 11 minutes").isEmpty();
    assertThat(after.memory().surplusSince()).containsEntry(uuid(3), minutes(11));

    Plan later = PLANNER.plan(dnsWorld(disconnected(3), minutes(21), after.memory()));
    assertThat(later.actions())
        .extracting(Action::type, Action::host, a -> a.reason().code())
        .containsExactly(detach(3, SURPLUS_BY_DNS));
  }

  @Test
  void aConnectedAbsentPeerIsNeverDetachedAndItsGraceStartsWhenItDisconnects() {
    Memory m = Memory.EMPTY;
    for (long minute : new long[] {0, 30, 600, 60 * 24 * 30}) {
      Plan p = PLANNER.plan(dnsWorld(healthy(3), minutes(minute), m));
      assertThat(p.actions()).as("connected, minute %d", minute).isEmpty();
      assertThat(p.findings())
          .extracting(f -> f.host(), f -> f.reason().code())
          .contains(about(3, SURPLUS_WAITING));
      m = p.memory();
    }
    assertThat(m.surplusSince()).containsEntry(uuid(3), T0);
    long gone = 60 * 24 * 30 + 1;
    Plan justGone = PLANNER.plan(dnsWorld(disconnected(3), minutes(gone), m));
    assertThat(justGone.actions()).as("absent for 30 days but disconnected only now").isEmpty();
    Plan past = PLANNER.plan(dnsWorld(disconnected(3), minutes(gone + 10), justGone.memory()));
    assertThat(past.actions())
        .extracting(Action::type, Action::host, a -> a.reason().code())
        .containsExactly(detach(3, SURPLUS_BY_DNS));
  }

  @Test
  void aPeerThatReconnectsStartsItsGracePeriodOver() {
    Plan gone = PLANNER.plan(dnsWorld(disconnected(3), T0, Memory.EMPTY));
    Plan back = PLANNER.plan(dnsWorld(healthy(3), minutes(8), gone.memory()));
    assertThat(back.memory().disconnectedSince()).doesNotContainKey(uuid(3));
    Plan goneAgain = PLANNER.plan(dnsWorld(disconnected(3), minutes(12), back.memory()));
    assertThat(goneAgain.actions()).isEmpty();
  }

  /**
   * pod-0 with desired 0, 1, 2 in DNS; pods 3 and 4 absent and disconnected since {@code since}.
   */
  private static World dnsTwoGone(Instant now, Instant since3, Instant since4) {
    Memory m =
        new Memory(
            Map.of(uuid(3), since3, uuid(4), since4),
            Map.of(uuid(3), since3, uuid(4), since4),
            Map.of());
    return at(
            world(
                0, view(0, healthy(1), healthy(2), disconnected(3), disconnected(4)), dns(0, 1, 2)),
            now)
        .withMemory(m);
  }

  @Test
  void dnsScaleDownByTwoAfterTheGraceForcesOneAndDetachesTheOtherPlainly() {
    Plan p = PLANNER.plan(dnsTwoGone(minutes(11), T0, T0));
    assertThat(p.actions())
        .extracting(Action::type, Action::host, a -> a.reason().code())
        .containsExactly(detach(4, DETACH_FORCED), detach(3, SURPLUS_BY_DNS));
    assertThat(p.actions().get(0))
        .isInstanceOfSatisfying(
            Action.Detach.class,
            d -> {
              assertThat(d.force()).isTrue();
              assertThat(d.reason().detail()).contains("down: " + fqdn(3));
            });
    assertThat(((Action.Detach) p.actions().get(1)).force()).isFalse();
  }

  @Test
  void dnsNothingIsForcedPastAPeerThatIsNotKnownSurplusYet() {
    // pod-4 past its grace, pod-3 absent only for 5 minutes: pod-3 might still be a restart
    Plan p = PLANNER.plan(dnsTwoGone(minutes(11), minutes(6), T0));
    assertThat(p.actions()).isEmpty();
    assertThat(p.findings())
        .extracting(f -> f.host(), f -> f.reason().code())
        .contains(about(4, DETACH_BLOCKED_PEER_DOWN), about(3, SURPLUS_WAITING));
  }

  @Test
  void dnsSurplusPastGraceStillNeedsTheBricks() {
    Memory old = new Memory(Map.of(uuid(3), T0), Map.of(uuid(3), T0), Map.of());
    World w =
        dnsWorld(disconnected(3), minutes(30), old).withBricks(Observed.unknown("not looked at"));
    Plan p = PLANNER.plan(w);
    assertThat(p.actions()).isEmpty();
    assertThat(p.findings())
        .extracting(f -> f.host(), f -> f.reason().code())
        .contains(about(3, BRICKS_UNKNOWN));
    Plan withBricks = PLANNER.plan(w.withBricks(Observed.known(bricksOn(0, 1, 2, 3))));
    assertThat(withBricks.actions()).isEmpty();
    assertThat(withBricks.findings())
        .extracting(f -> f.host(), f -> f.reason().code())
        .contains(about(3, DETACH_BLOCKED_BRICKS));
  }

  // ---- force skips glusterd's own peer-down check, so the planner's view is the only one: every
  // case in which a forced detach could cost a peer that must stay, or bring one back, is a row

  /** pod-0, spec.replicas 3: pods 3 and 4 are surplus and gone, unless a row says otherwise. */
  private static PoolView twoGoneAnd(Peer one, Peer two) {
    return view(0, one, two, disconnected(3), disconnected(4));
  }

  static Stream<Scenario> neverForced() {
    World dnsUnknown =
        new World(
            Pools.pod(0),
            Observed.known(twoGoneAnd(healthy(1), healthy(2))),
            Observed.unknown("SERVFAIL for _glusterd._tcp.glusterfs.default.svc.cluster.local"),
            Observed.known(VolumeBricks.NONE),
            Map.of(),
            Map.of(),
            dnsTwoGone(minutes(30), T0, T0).memory(),
            minutes(30));
    World apiUnknown =
        World.of(
                Pools.pod(0),
                Observed.known(twoGoneAnd(healthy(1), healthy(2))),
                Observed.unknown("GET statefulsets/glusterfs: connect timed out"),
                T0)
            .withBricks(Observed.known(VolumeBricks.NONE));
    return Stream.of(
        given(
                "desired pod-1 disconnected (API)",
                world(0, twoGoneAnd(disconnected(1), healthy(2)), api(3)))
            .findings(
                about(1, DISCONNECTED_MEMBER),
                about(3, DETACH_BLOCKED_PEER_DOWN),
                about(4, DETACH_BLOCKED_PEER_DOWN)),
        given("desired pod-1 Peer Rejected", world(0, twoGoneAnd(rejected(1), healthy(2)), api(3)))
            .findings(
                about(1, REJECTED_PEER),
                about(3, DETACH_BLOCKED_PEER_DOWN),
                about(4, DETACH_BLOCKED_PEER_DOWN)),
        given(
                "desired pod-1 mid-handshake",
                world(
                    0,
                    twoGoneAnd(
                        Pools.peer(1, PeerState.SENT_AND_RECEIVED_PEER_REQUEST, true), healthy(2)),
                    api(3)))
            .findings(
                // one emitter: the Planner (RejectionCheck's testimonies do not repeat it)
                about(1, HANDSHAKE_IN_PROGRESS),
                about(3, DETACH_BLOCKED_PEER_DOWN),
                about(4, DETACH_BLOCKED_PEER_DOWN)),
        given(
                "desired pod-1 disconnected (DNS, in DNS, surplus past the grace)",
                at(world(0, twoGoneAnd(disconnected(1), healthy(2)), dns(0, 1, 2)), minutes(30))
                    .withMemory(dnsTwoGone(minutes(30), T0, T0).memory()))
            .findings(
                about(1, DISCONNECTED_MEMBER),
                about(3, DETACH_BLOCKED_PEER_DOWN),
                about(4, DETACH_BLOCKED_PEER_DOWN)),
        given(
                "a peer that is not one of the StatefulSet's pods down, one surplus gone",
                world(
                    0,
                    PoolView.of(
                            List.of(
                                healthy(1),
                                healthy(2),
                                disconnected(4),
                                Peer.of(
                                    uuid(9),
                                    "other-0.elsewhere.svc.cluster.local",
                                    PeerState.PEER_IN_CLUSTER,
                                    false)))
                        .withSelfUuid(uuid(0)),
                    api(3)))
            .findings(
                about(4, DETACH_BLOCKED_PEER_DOWN),
                about("other-0.elsewhere.svc.cluster.local", UNKNOWN_PEER)),
        given(
                "the surplus peer in the way hosts a brick",
                world(0, twoGoneAnd(healthy(1), healthy(2)), api(3))
                    .withBricks(Observed.known(bricksOn(0, 1, 2, 3))))
            .findings(about(3, DETACH_BLOCKED_BRICKS), about(4, DETACH_BLOCKED_PEER_DOWN)),
        given(
                "the highest surplus peer hosts a brick: it is not forced, nor forced past",
                world(0, twoGoneAnd(healthy(1), healthy(2)), api(3))
                    .withBricks(Observed.known(bricksOn(0, 1, 2, 4))))
            .findings(about(4, DETACH_BLOCKED_BRICKS), about(3, DETACH_BLOCKED_PEER_DOWN)),
        given(
                "bricks Unknown",
                world(0, twoGoneAnd(healthy(1), healthy(2)), api(3))
                    .withBricks(Observed.unknown("volume info: Request timed out")))
            .findings(about(3, BRICKS_UNKNOWN), about(4, BRICKS_UNKNOWN)),
        given("DNS not answering, both past the grace the run before", dnsUnknown)
            .findings(
                pool(DESIRED_UNKNOWN),
                about(3, DISCONNECTED_MEMBER),
                about(4, DISCONNECTED_MEMBER)),
        given("DNS: both gone, neither past the grace", dnsTwoGone(minutes(5), T0, T0))
            .findings(about(3, SURPLUS_WAITING), about(4, SURPLUS_WAITING)),
        given(
                "DNS: pod-4 past the grace, pod-3 gone only 5 minutes",
                dnsTwoGone(minutes(11), minutes(6), T0))
            .findings(about(4, DETACH_BLOCKED_PEER_DOWN), about(3, SURPLUS_WAITING)),
        given(
                "DNS: state file lost, both absent: the grace starts now",
                at(world(0, twoGoneAnd(healthy(1), healthy(2)), dns(0, 1, 2)), minutes(60)))
            .findings(about(3, SURPLUS_WAITING), about(4, SURPLUS_WAITING)),
        given("the API not answering: spec.replicas unknown", apiUnknown)
            .findings(
                pool(DESIRED_UNKNOWN),
                about(3, DISCONNECTED_MEMBER),
                about(4, DISCONNECTED_MEMBER)),
        given(
                "pod-1 is not the coordinator",
                world(1, view(1, healthy(0), healthy(2), disconnected(3), disconnected(4)), api(3)))
            .findings(
                about(3, DETACH_BLOCKED_NOT_COORDINATOR), about(4, DETACH_BLOCKED_NOT_COORDINATOR)),
        given("offline analysis never forces", world(0, twoGoneAnd(healthy(1), healthy(2)), api(3)))
            .settings(Pools.SETTINGS.asOffline())
            .findings(about(4, DETACH_BLOCKED_PEER_DOWN), about(3, DETACH_BLOCKED_PEER_DOWN)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("neverForced")
  void neverForced(Scenario s) {
    Plan p = s.check();
    assertThat(p.actions()).as("no detach at all in '%s'", s.name()).isEmpty();
  }

  // ---- a desired member that is disconnected is reported, never detached

  static Stream<Arguments> disconnectedMember() {
    Duration[] ages = {Duration.ZERO, Duration.ofMinutes(11), Duration.ofDays(365)};
    DesiredMembers[] sources = {api(3), dns(0, 1, 2)};
    Stream.Builder<Arguments> rows = Stream.builder();
    for (DesiredMembers d : sources) {
      for (Duration age : ages) {
        for (int self : new int[] {0, 1}) {
          rows.add(Arguments.of(d.source().label(), age, self, d));
        }
      }
    }
    return rows.build();
  }

  @ParameterizedTest(name = "{0}: pod-2 disconnected for {1}, seen from pod-{2}")
  @MethodSource("disconnectedMember")
  void aDisconnectedDesiredMemberIsReportedNeverDetached(
      String source, Duration age, int self, DesiredMembers desired) {
    Memory m = new Memory(Map.of(uuid(2), T0.minus(age)), Map.of(uuid(2), T0.minus(age)), Map.of());
    World w = world(self, view(self, healthy(1 - self), disconnected(2)), desired).withMemory(m);
    Plan p = PLANNER.plan(w);
    assertThat(p.actions()).isEmpty();
    assertThat(p.findings())
        .extracting(f -> f.host(), f -> f.reason().code())
        .contains(about(2, DISCONNECTED_MEMBER));
    assertThat(p.memory().disconnectedSince()).containsEntry(uuid(2), T0.minus(age));
    assertThat(p.memory().surplusSince()).as("a desired member is not surplus").isEmpty();
  }
}
