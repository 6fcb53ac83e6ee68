package io.glusterctl.probe.plan;

import static io.glusterctl.probe.plan.Pools.T0;
import static io.glusterctl.probe.plan.Pools.alone;
import static io.glusterctl.probe.plan.Pools.api;
import static io.glusterctl.probe.plan.Pools.disconnected;
import static io.glusterctl.probe.plan.Pools.dns;
import static io.glusterctl.probe.plan.Pools.fqdn;
import static io.glusterctl.probe.plan.Pools.healthy;
import static io.glusterctl.probe.plan.Pools.minutes;
import static io.glusterctl.probe.plan.Pools.peer;
import static io.glusterctl.probe.plan.Pools.pod;
import static io.glusterctl.probe.plan.Pools.rejected;
import static io.glusterctl.probe.plan.Pools.uuid;
import static io.glusterctl.probe.plan.Pools.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.VolumeBricks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When the desired members (an HTTPS request to the API, or DNS lookups) are read: only where they
 * can change what the run does. A plain member of a healthy pool skips them; the coordinator, a pod
 * that is alone and any pool with a peer that is not healthy read them. The premise is checked too:
 * for a plain member of a healthy pool no desired members, whatever they are, give an action or ask
 * for another observation.
 */
class DesiredReadsTest {
  private static final Planner PLANNER = new Planner(Pools.SETTINGS);

  private static Observed<PoolView> known(PoolView v) {
    return Observed.known(v);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        arguments(
            "plain member pod-1 of a healthy 3-pod pool",
            1,
            view(1, healthy(0), healthy(2)),
            false),
        arguments(
            "plain member pod-2, peers in another order",
            2,
            view(2, healthy(1), healthy(0)),
            false),
        arguments(
            "plain member pod-5 of a healthy 8-pod pool",
            5,
            view(
                5,
                IntStream.range(0, 8)
                    .filter(o -> o != 5)
                    .mapToObj(Pools::healthy)
                    .toArray(Peer[]::new)),
            false),
        arguments("the coordinator pod-0", 0, view(0, healthy(1), healthy(2)), true),
        arguments("pod-1 coordinates: pod-0 is not in its pool", 1, view(1, healthy(2)), true),
        arguments("alone", 1, alone(1), true),
        arguments(
            "a peer disconnected (it may be the coordinator)",
            2,
            view(2, disconnected(0), healthy(1)),
            true),
        arguments(
            "a peer disconnected that is not the coordinator",
            1,
            view(1, healthy(0), disconnected(2)),
            true),
        arguments("a peer rejected", 2, view(2, healthy(0), rejected(1)), true),
        arguments(
            "a handshake under way",
            2,
            view(2, healthy(0), peer(1, PeerState.ACCEPTED_PEER_REQUEST, true)),
            true),
        arguments(
            "a peer that is not a pod of the StatefulSet",
            2,
            view(
                2,
                healthy(0),
                healthy(1),
                Peer.of(uuid(9), "10.0.0.9", PeerState.PEER_IN_CLUSTER, true)),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theDesiredMembersAreReadOnlyWhereTheyCanChangeThePlan(
      String name, int self, PoolView pool, boolean read) {
    assertThat(PLANNER.needsDesired(pod(self), known(pool))).as(name).isEqualTo(read);
  }

  @Test
  void anUnknownPoolAPodWithoutOrdinalAndOfflineAnalysisReadThem() {
    assertThat(PLANNER.needsDesired(pod(1), Observed.unknown("peer status: timed out"))).isTrue();
    assertThat(
            PLANNER.needsDesired(
                new io.glusterctl.probe.model.Self(
                    "gluster", "default", "glusterfs", "cluster.local"),
                known(view(1, healthy(0), healthy(2)))))
        .isTrue();
    assertThat(
            new Planner(Pools.SETTINGS.asOffline())
                .needsDesired(pod(1), known(view(1, healthy(0), healthy(2)))))
        .isTrue();
  }

  /** Desired members of every kind a plain member could be shown. */
  static List<Observed<DesiredMembers>> everyDesired() {
    List<Observed<DesiredMembers>> all = new ArrayList<>();
    for (int r = 1; r <= 10; r++) {
      all.add(Observed.known(api(r)));
    }
    all.add(Observed.known(dns(0, 1)));
    all.add(Observed.known(dns(1)));
    all.add(Observed.known(dns(0, 1, 2, 3, 4)));
    all.add(Observed.known(dns(2, 5, 7)));
    all.add(Observed.unknown("API: 503"));
    return all;
  }

  /** Memories a plain member could carry: none, DNS surplus timers long past their grace. */
  static List<Memory> everyMemory() {
    Map<String, java.time.Instant> old = Map.of(uuid(0), T0, uuid(2), T0, uuid(3), T0);
    return List.of(Memory.EMPTY, new Memory(old, old, old));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void forAPlainMemberOfAHealthyPoolNoDesiredMembersGiveAnActionOrAskForMore(
      String name, int self, PoolView pool, boolean read) {
    if (read) {
      return; // the premise is about the pools whose desired members are skipped
    }
    for (Observed<DesiredMembers> desired : everyDesired()) {
      for (Memory memory : everyMemory()) {
        World w =
            World.of(pod(self), known(pool), desired, minutes(600))
                .withBricks(Observed.known(VolumeBricks.NONE))
                .withMemory(memory);
        assertThat(PLANNER.needs(w)).as("%s, %s", name, desired).isEqualTo(Needs.NOTHING);
        assertThat(PLANNER.plan(w).actions()).as("%s, %s", name, desired).isEmpty();
      }
    }
  }

  /** Pod {@code self}'s world with this pool and the desired members left unread on purpose. */
  private static World notRead(int self, PoolView pool) {
    return World.of(pod(self), known(pool), Observed.unknown(World.DESIRED_NOT_READ), T0);
  }

  @Test
  void aPlainMemberThatDidNotReadThemSaysSoAndNamesTheCoordinator() {
    World w = notRead(2, view(2, healthy(0), healthy(1)));

    Plan p = PLANNER.plan(w);

    assertThat(p.actions()).isEmpty();
    assertThat(p.findings())
        .extracting(Finding::severity, f -> f.reason().code(), f -> f.reason().detail())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Finding.Severity.INFO, ReasonCode.MEMBER_HEALTHY, "coordinator is " + fqdn(0)));
  }

  @Test
  void desiredMembersLeftUnreadForAPoolThatIsNotHealthyAreAnErrorNotAPass() {
    // a caller that skipped them where they matter: the planner says it cannot see, and acts not
    World w = notRead(0, view(0, healthy(1), disconnected(2)));

    Plan p = PLANNER.plan(w);

    assertThat(p.actions()).isEmpty();
    assertThat(p.findings())
        .extracting(f -> f.reason().code())
        .contains(ReasonCode.DESIRED_UNKNOWN)
        .doesNotContain(ReasonCode.MEMBER_HEALTHY, ReasonCode.HEALTHY);
  }

  @Test
  void desiredMembersThatCouldNotBeReadAreStillAnErrorForAPlainMember() {
    World w =
        World.of(pod(2), known(view(2, healthy(0), healthy(1))), Observed.unknown("API: 503"), T0);

    assertThat(PLANNER.plan(w).findings())
        .extracting(f -> f.reason().code())
        .contains(ReasonCode.DESIRED_UNKNOWN)
        .doesNotContain(ReasonCode.MEMBER_HEALTHY);
  }
}
