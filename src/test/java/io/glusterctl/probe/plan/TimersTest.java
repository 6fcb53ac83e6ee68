package io.glusterctl.probe.plan;

import static io.glusterctl.probe.plan.Pools.T0;
import static io.glusterctl.probe.plan.Pools.api;
import static io.glusterctl.probe.plan.Pools.disconnected;
import static io.glusterctl.probe.plan.Pools.dns;
import static io.glusterctl.probe.plan.Pools.healthy;
import static io.glusterctl.probe.plan.Pools.minutes;
import static io.glusterctl.probe.plan.Pools.peer;
import static io.glusterctl.probe.plan.Pools.pod;
import static io.glusterctl.probe.plan.Pools.uuid;
import static io.glusterctl.probe.plan.Pools.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A timer starts when its condition is first seen and is dropped as soon as it is not. */
class TimersTest {
  private static final Memory OLD =
      new Memory(
          Map.of(uuid(2), T0, uuid(3), T0), Map.of(uuid(3), T0, uuid(4), T0), Map.of(uuid(1), T0));

  private static Memory update(PoolView pool, Observed<DesiredMembers> desired) {
    return Timers.update(OLD, pool, desired, new PoolMap(pod(0), pool), minutes(5));
  }

  @Test
  void conditionsStillSeenKeepTheirStartNewOnesStartNowOthersAreDropped() {
    PoolView pool =
        view(
            0,
            peer(1, PeerState.ACCEPTED_PEER_REQUEST, true),
            disconnected(2),
            disconnected(3),
            peer(5, PeerState.SENT_AND_RECEIVED_PEER_REQUEST, false));
    Memory m = update(pool, Observed.known(dns(0, 1, 2)));
    assertThat(m.disconnectedSince())
        .containsExactlyInAnyOrderEntriesOf(Map.of(uuid(2), T0, uuid(3), T0, uuid(5), minutes(5)));
    assertThat(m.surplusSince())
        .as("pod-4 left the pool: its timer is dropped")
        .containsExactlyInAnyOrderEntriesOf(Map.of(uuid(3), T0, uuid(5), minutes(5)));
    assertThat(m.stuckSince())
        .containsExactlyInAnyOrderEntriesOf(Map.of(uuid(1), T0, uuid(5), minutes(5)));
  }

  @Test
  void aReconnectedPeerAndAFinishedHandshakeDropTheirTimers() {
    Memory m = update(view(0, healthy(1), healthy(2), healthy(3)), Observed.known(dns(0, 1, 2)));
    assertThat(m.disconnectedSince()).isEmpty();
    assertThat(m.stuckSince()).isEmpty();
    assertThat(m.surplusSince()).containsExactly(Map.entry(uuid(3), T0));
  }

  @Test
  void desiredUnknownStartsTheSurplusTimersOver() {
    Memory m = update(view(0, healthy(1), disconnected(3)), Observed.unknown("SERVFAIL"));
    assertThat(m.surplusSince()).isEmpty();
    assertThat(m.disconnectedSince()).containsExactly(Map.entry(uuid(3), T0));
  }

  @Test
  void theApiNeedsNoSurplusTimers() {
    Memory m = update(view(0, healthy(1), disconnected(3)), Observed.known(api(3)));
    assertThat(m.surplusSince()).isEmpty();
  }

  @Test
  void aPeerWithoutAnOrdinalIsNeverSurplusByDns() {
    PoolView pool =
        PoolView.of(
            java.util.List.of(
                io.glusterctl.probe.model.Peer.of(
                    uuid(9), "10.0.0.9", PeerState.PEER_IN_CLUSTER, false)));
    Memory m = update(pool, Observed.known(dns(0, 1, 2)));
    assertThat(m.surplusSince()).isEmpty();
    assertThat(m.disconnectedSince()).containsOnlyKeys(uuid(9));
  }
}
