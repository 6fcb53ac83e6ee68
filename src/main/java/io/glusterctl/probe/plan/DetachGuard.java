package io.glusterctl.probe.plan;

import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Reason;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The guards every detach of a surplus peer must pass. In the spirit of etcd's {@code
 * IsReadyToRemoveVotingMember}: each is a small pure function, unit-tested directly, that answers
 * empty when the detach may go ahead and otherwise the reason it may not.
 *
 * <p>Which guard protects what, and who checks it again when the detach is carried out: glusterd
 * itself refuses a brick host (with or without {@code force}) and a plain detach while another peer
 * is down, at the moment of the detach. So a plain detach whose observation went stale is refused,
 * never let through. {@code force} skips glusterd's peer-down check: for a forced detach this
 * program's observation is the only check, which is why {@link #forceAllowed} is the narrowest
 * guard and allows one forced detach per run.
 */
final class DetachGuard {
  private DetachGuard() {}

  /** A pod never detaches itself: glusterd refuses it, and it would leave the pool headless. */
  static Optional<Reason> notSelf(Self self, PoolView pool, Peer target) {
    boolean me =
        target.knownAs(self.fqdn())
            || pool.selfUuid().map(u -> u.equalsIgnoreCase(target.uuid())).orElse(false);
    return me ? Optional.of(Reason.of(ReasonCode.DETACH_BLOCKED_SELF)) : Optional.empty();
  }

  /**
   * Only the coordinator detaches: one pod decides, so two pods never detach on two different views
   * of the pool.
   */
  static Optional<Reason> byTheCoordinator(boolean coordinating) {
    return coordinating
        ? Optional.empty()
        : Optional.of(Reason.of(ReasonCode.DETACH_BLOCKED_NOT_COORDINATOR));
  }

  /**
   * Never a brick host, and never when the bricks could not be read: a detached brick host's bricks
   * are lost to the volume. glusterd refuses a brick host itself, with or without {@code force}
   * ({@code glusterd_friend_contains_vol_bricks} in {@code __glusterd_handle_cli_deprobe}); this
   * guard says so before asking.
   */
  static Optional<Reason> hostsNoBricks(Self self, Observed<VolumeBricks> bricks, Peer target) {
    if (!(bricks instanceof Observed.Known<VolumeBricks> kb)) {
      return Optional.of(Reason.of(ReasonCode.BRICKS_UNKNOWN, bricks.unknownWhy().orElse("")));
    }
    return kb.value().hosts(self, target)
        ? Optional.of(
            Reason.of(ReasonCode.DETACH_BLOCKED_BRICKS, "volumes " + kb.value().volumes()))
        : Optional.empty();
  }

  /**
   * The pool keeps a working majority after {@code target} is detached: of the members that stay
   * and are desired (this pod included), more than half must be connected and in the cluster, as
   * seen from here. Surplus members do not count either way: they are leaving. A pod that sees most
   * of the desired pool unreachable (it may be the one that is cut off) detaches nobody.
   */
  static Optional<Reason> quorumHoldsWithout(
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
    return 2 * healthy > staying
        ? Optional.empty()
        : Optional.of(
            Reason.of(
                ReasonCode.DETACH_BLOCKED_QUORUM,
                healthy + " of " + staying + " desired members connected"));
  }

  /**
   * The peers, other than {@code target} and those detached earlier in this run, that stop glusterd
   * from detaching it without {@code force}: glusterd refuses unless every other peer is {@code
   * Peer in Cluster} and connected ({@code glusterd_chk_peers_connected_befriended} in
   * glusterd-handler.c, "One of the peers is probably down. Check with 'peer status'."). Empty when
   * a plain detach may go ahead.
   */
  static List<Peer> inTheWay(PoolView pool, Peer target, Collection<Peer> detachedThisRun) {
    return pool.peers().stream()
        .filter(p -> p != target && !p.healthy() && !detachedThisRun.contains(p))
        .toList();
  }

  /**
   * Whether a surplus peer may be detached with {@code force} past {@code inTheWay} (not empty:
   * with nobody in the way the detach is a plain one), or why not.
   *
   * <ul>
   *   <li>Every peer in the way is known surplus and hosts no bricks, else {@code
   *       DETACH_BLOCKED_PEER_DOWN}. glusterd's peer-down check, which {@code force} skips ({@code
   *       GF_CLI_FLAG_OP_FORCE} in {@code __glusterd_handle_cli_deprobe}), exists because a peer
   *       that misses a detach names the detached peer again to the others when it reconnects (the
   *       friend update), and they add it back. A peer that is surplus itself is leaving: it is
   *       detached next, plainly once it is the last one down. A desired member that is down, or a
   *       peer that is not one of the StatefulSet's pods, would come back: never forced past.
   *   <li>No other forced detach in this run ({@code forcedThisRun} empty), else {@code
   *       DETACH_FORCE_NEXT_RUN}. The run's observation is the only check a forced detach gets; one
   *       per run means each one rests on the peer status of its own run, read moments before, and
   *       a desired member that went down in between can bring back at most one surplus peer per
   *       run (which is then detached again).
   * </ul>
   */
  static Optional<Reason> forceAllowed(
      List<Peer> inTheWay,
      Predicate<Peer> knownSurplus,
      Self self,
      VolumeBricks bricks,
      Optional<Peer> forcedThisRun) {
    if (inTheWay.isEmpty()) {
      throw new IllegalArgumentException("nobody in the way: a plain detach, not force");
    }
    List<Peer> wouldComeBack =
        inTheWay.stream().filter(p -> !knownSurplus.test(p) || bricks.hosts(self, p)).toList();
    if (!wouldComeBack.isEmpty()) {
      return Optional.of(
          Reason.of(
              ReasonCode.DETACH_BLOCKED_PEER_DOWN,
              wouldComeBack.stream()
                  .map(
                      p ->
                          p.hostname()
                              + " "
                              + p.stateLine()
                              + (knownSurplus.test(p) ? ", hosts bricks" : ", not known surplus"))
                  .collect(Collectors.joining("; "))));
    }
    if (forcedThisRun.isPresent()) {
      return Optional.of(
          Reason.of(
              ReasonCode.DETACH_FORCE_NEXT_RUN,
              forcedThisRun.get().hostname() + " was forced in this run"));
    }
    return Optional.empty();
  }
}
