package io.glusterctl.probe.plan;

import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.VolumeBricks;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Pure predicates that every detach must pass. In the spirit of etcd's {@code
 * IsReadyToRemoveVotingMember}: small, unit-tested directly, and each refusal has a reason.
 */
final class DetachGuard {
  private DetachGuard() {}

  /**
   * Whether the pool keeps a working majority after {@code target} is detached: of the members that
   * stay and are desired (this pod included), more than half must be connected and in the cluster,
   * as seen from here. Surplus members do not count either way: they are leaving. A pod that sees
   * most of the desired pool unreachable (it may be the one that is cut off) detaches nobody.
   */
  static boolean quorumHoldsWithout(
      PoolView pool, Peer target, DesiredMembers desired, PoolMap map, int selfOrdinal) {
    int staying = 1; // this pod
    int healthy = 1;
    for (Peer p : pool.peers()) {
      if (p == target) {
        continue;
      }
      OptionalInt o = map.ordinalOf(p);
      boolean isDesired = o.isPresent() && desired.byOrdinal(o.getAsInt()).isPresent();
      if (!isDesired) {
        continue;
      }
      staying++;
      if (p.healthy()) {
        healthy++;
      }
    }
    // desired members that are not in the pool yet count as staying but not healthy
    for (var m : desired.members()) {
      if (m.ordinal() != selfOrdinal && map.peerWithOrdinal(m.ordinal()).isEmpty()) {
        staying++;
      }
    }
    return 2 * healthy > staying;
  }

  /**
   * The peers, other than {@code target}, that stop glusterd from detaching it: glusterd refuses
   * {@code peer detach} without {@code force} unless every other peer is {@code Peer in Cluster}
   * and connected ({@code glusterd_chk_peers_connected_befriended} in glusterd-handler.c, "One of
   * the peers is probably down. Check with 'peer status'."). Empty when the detach may go ahead.
   */
  static List<Peer> peersDownBesides(PoolView pool, Peer target) {
    return pool.peers().stream().filter(p -> p != target && !p.healthy()).toList();
  }

  /**
   * Whether a surplus peer may be detached with {@code force} although {@code inTheWay} hold back
   * the plain detach: every one of them is known surplus and hosts no bricks. {@code force} skips
   * only glusterd's peer-down check ({@code GF_CLI_FLAG_OP_FORCE} in {@code
   * __glusterd_handle_cli_deprobe}; a brick host is refused either way). That check exists because
   * a peer that misses a detach tells the pool about the detached peer again when it reconnects
   * (the friend update); a peer that is surplus itself is leaving, and the same run detaches it
   * next, plainly once it is the last one down. A desired member that is down is never in this
   * list: it would come back.
   */
  static boolean forceAllowed(
      List<Peer> inTheWay, Predicate<Peer> knownSurplus, VolumeBricks bricks) {
    return !inTheWay.isEmpty()
        && inTheWay.stream().allMatch(p -> knownSurplus.test(p) && !bricks.hosts(p));
  }
}
