package io.glusterctl.probe.plan;

import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Test vocabulary for the planner: pods of the StatefulSet {@code glusterfs} behind the headless
 * Service {@code glusterfs} in namespace {@code default}, named by ordinal.
 */
final class Pools {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  static final PlannerSettings SETTINGS = PlannerSettings.DEFAULTS; // surplus 10m, stuck 3m

  private Pools() {}

  static Self pod(int ordinal) {
    return new Self("glusterfs-" + ordinal, "default", "glusterfs", "cluster.local");
  }

  static String fqdn(int ordinal) {
    return "glusterfs-" + ordinal + ".glusterfs.default.svc.cluster.local";
  }

  /** The UUID glusterd gave pod {@code ordinal}. */
  static String uuid(int ordinal) {
    return String.format("00000000-0000-4000-8000-%012d", ordinal);
  }

  /** A second UUID for pod {@code ordinal}: the one it got after losing its PV. */
  static String newUuid(int ordinal) {
    return String.format("99999999-0000-4000-8000-%012d", ordinal);
  }

  static Peer peer(int ordinal, PeerState state, boolean connected) {
    return Peer.of(uuid(ordinal), fqdn(ordinal), state, connected);
  }

  static Peer healthy(int ordinal) {
    return peer(ordinal, PeerState.PEER_IN_CLUSTER, true);
  }

  static Peer disconnected(int ordinal) {
    return peer(ordinal, PeerState.PEER_IN_CLUSTER, false);
  }

  static Peer rejected(int ordinal) {
    return peer(ordinal, PeerState.PEER_REJECTED, true);
  }

  /** Pod {@code self}'s own view: its UUID and these peers, in glusterd's order. */
  static PoolView view(int self, Peer... peers) {
    return PoolView.of(List.of(peers)).withSelfUuid(uuid(self));
  }

  static PoolView alone(int self) {
    return view(self);
  }

  static List<Member> members(int... ordinals) {
    return Arrays.stream(ordinals).mapToObj(o -> new Member(o, fqdn(o))).toList();
  }

  /** The API says {@code spec.replicas}: the desired members are ordinals 0 .. replicas-1. */
  static DesiredMembers api(int replicas) {
    return new DesiredMembers(
        DesiredMembers.Source.API,
        OptionalInt.of(replicas),
        members(IntStream.range(0, replicas).toArray()));
  }

  /** DNS lists these ordinals. */
  static DesiredMembers dns(int... ordinals) {
    return new DesiredMembers(DesiredMembers.Source.DNS, OptionalInt.empty(), members(ordinals));
  }

  static DesiredMembers fixed(int... ordinals) {
    return new DesiredMembers(DesiredMembers.Source.STATIC, OptionalInt.empty(), members(ordinals));
  }

  static World world(int self, PoolView pool, DesiredMembers desired) {
    return World.of(pod(self), Observed.known(pool), Observed.known(desired), T0)
        .withBricks(Observed.known(VolumeBricks.NONE));
  }

  static World at(World w, Instant now) {
    return new World(
        w.self(), w.pool(), w.desired(), w.bricks(), w.targets(), w.remoteViews(), w.memory(), now);
  }

  static Instant minutes(long m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  /** Target checks by ordinal: {@code targets(3, answering(), 4, silent())}. */
  static Map<String, TargetCheck> targets(Object... ordinalThenCheck) {
    Map<String, TargetCheck> m = new LinkedHashMap<>();
    for (int i = 0; i < ordinalThenCheck.length; i += 2) {
      m.put(fqdn((Integer) ordinalThenCheck[i]), (TargetCheck) ordinalThenCheck[i + 1]);
    }
    return m;
  }

  /** Remote views by ordinal: {@code views(0, view(0, ...), 2, unknown())}. */
  static Map<String, Observed<PoolView>> views(Object... ordinalThenView) {
    Map<String, Observed<PoolView>> m = new LinkedHashMap<>();
    for (int i = 0; i < ordinalThenView.length; i += 2) {
      Object v = ordinalThenView[i + 1];
      @SuppressWarnings("unchecked")
      Observed<PoolView> o = v instanceof PoolView pv ? Observed.known(pv) : (Observed<PoolView>) v;
      m.put(fqdn((Integer) ordinalThenView[i]), o);
    }
    return m;
  }

  static Observed<PoolView> unreachable() {
    return Observed.unknown("Connection failed. Please check if gluster daemon is operational.");
  }

  static VolumeBricks bricksOn(int... ordinals) {
    return new VolumeBricks(
        Arrays.stream(ordinals)
            .mapToObj(o -> new VolumeBricks.Brick("v1", fqdn(o), "/bricks/b", uuid(o)))
            .toList());
  }

  static Memory memory(
      Map<String, Instant> disconnected, Map<String, Instant> surplus, Map<String, Instant> stuck) {
    return new Memory(disconnected, surplus, stuck);
  }
}
