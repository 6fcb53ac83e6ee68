package io.glusterctl.probe.plan;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Reason;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.VolumeBricks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The detaches of one run: which surplus peers leave, in which order, which with {@code force}, and
 * why the others wait. Pure, part of the {@link Planner}; every guard is a {@link DetachGuard}.
 *
 * <p>A surplus peer is detached when nothing blocks it ({@link #blocked}: never this pod, only by
 * the coordinator, never a brick host or with bricks Unknown, never when the desired members that
 * stay would lose their connected majority) and nobody is in the way ({@link DetachGuard#inTheWay}:
 * every other peer {@code Peer in Cluster} and connected, as glusterd demands of a detach without
 * {@code force}; peers detached earlier in the same run are out of the way). Highest ordinal first,
 * as a StatefulSet scales down, as many plain detaches as the run has time for: glusterd checks
 * each one again when it is carried out.
 *
 * <p>When every remaining surplus peer is held back by others that are down, and every one of those
 * is itself known surplus and hosts no bricks, the highest is detached with {@code force} ({@link
 * DetachGuard#forceAllowed}), at most one per run, and the plain detaches go on behind it: two
 * surplus pods that vanished before they were detached no longer block each other forever. A
 * desired member that is down still blocks every detach.
 */
final class DetachPlanner {
  private final PlannerSettings settings;

  DetachPlanner(PlannerSettings settings) {
    this.settings = settings;
  }

  /** Adds this run's detaches to {@code actions} and what holds the others to {@code findings}. */
  void plan(
      World w,
      PoolView pool,
      DesiredMembers desired,
      PoolMap map,
      Memory memory,
      boolean coordinating,
      List<Action> actions,
      List<Finding> findings) {
    Map<Peer, Reason> candidates = new LinkedHashMap<>();
    for (Peer p : byOrdinalDescending(pool, map)) {
      Optional<Reason> why = surplus(p, desired, map, memory, w.now());
      if (why.isEmpty()) {
        waitingSurplus(p, desired, memory).ifPresent(findings::add);
        continue;
      }
      Optional<Reason> blocked = blocked(w, pool, desired, map, p, coordinating);
      if (blocked.isPresent()) {
        findings.add(Finding.warn(p.hostname(), blocked.get()));
        continue;
      }
      candidates.put(p, why.get());
    }
    if (candidates.isEmpty()) {
      return;
    }
    VolumeBricks bricks = ((Observed.Known<VolumeBricks>) w.bricks()).value();
    Predicate<Peer> knownSurplus = d -> surplus(d, desired, map, memory, w.now()).isPresent();
    List<Peer> detached = new ArrayList<>();
    Optional<Peer> forced = Optional.empty();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Map.Entry<Peer, Reason> c : candidates.entrySet()) {
        Peer p = c.getKey();
        if (!detached.contains(p) && DetachGuard.inTheWay(pool, p, detached).isEmpty()) {
          actions.add(new Action.Detach(p.hostname(), p.uuid(), c.getValue()));
          detached.add(p);
          progress = true;
        }
      }
      if (progress || settings.offline() || forced.isPresent()) {
        continue;
      }
      for (Map.Entry<Peer, Reason> c : candidates.entrySet()) {
        Peer p = c.getKey();
        if (detached.contains(p)) {
          continue;
        }
        List<Peer> down = DetachGuard.inTheWay(pool, p, detached);
        if (DetachGuard.forceAllowed(down, knownSurplus, w.self(), bricks, forced).isEmpty()) {
          actions.add(new Action.Detach(p.hostname(), p.uuid(), true, forcedReason(c, down)));
          detached.add(p);
          forced = Optional.of(p);
          progress = true;
          break;
        }
      }
    }
    for (Peer p : candidates.keySet()) {
      if (!detached.contains(p)) {
        List<Peer> down = DetachGuard.inTheWay(pool, p, detached);
        Reason why =
            settings.offline()
                ? Reason.of(ReasonCode.DETACH_BLOCKED_PEER_DOWN, describe(down))
                : DetachGuard.forceAllowed(down, knownSurplus, w.self(), bricks, forced)
                    .orElseThrow();
        findings.add(Finding.warn(p.hostname(), why));
      }
    }
  }

  private static Reason forcedReason(Map.Entry<Peer, Reason> candidate, List<Peer> down) {
    return Reason.of(
        ReasonCode.DETACH_FORCED, candidate.getValue().text() + "; down: " + describe(down));
  }

  private static String describe(List<Peer> peers) {
    return peers.stream()
        .map(d -> d.hostname() + " " + d.stateLine())
        .collect(Collectors.joining(", "));
  }

  /** Whether the planner needs bricks: a peer is surplus and this pod would detach it. */
  boolean anySurplus(
      PoolView pool, DesiredMembers desired, PoolMap map, Memory memory, Instant now) {
    return pool.peers().stream().anyMatch(p -> surplus(p, desired, map, memory, now).isPresent());
  }

  /**
   * The peers, highest ordinal first; peers without an ordinal last, in glusterd's order. glusterd
   * lists peers in a different order on each node and after each restart, so the plan must not
   * depend on it.
   */
  private static List<Peer> byOrdinalDescending(PoolView pool, PoolMap map) {
    return pool.peers().stream()
        .sorted(Comparator.comparingInt((Peer p) -> map.ordinalOf(p).orElse(-1)).reversed())
        .toList();
  }

  /** Why this peer is surplus and may be detached now, or empty when it is not (yet). */
  Optional<Reason> surplus(
      Peer p, DesiredMembers desired, PoolMap map, Memory memory, Instant now) {
    OptionalInt o = map.ordinalOf(p);
    if (o.isEmpty()) {
      return Optional.empty();
    }
    int ordinal = o.getAsInt();
    switch (desired.source()) {
      case API:
        if (desired.replicas().isPresent() && ordinal >= desired.replicas().getAsInt()) {
          return Optional.of(
              Reason.of(
                  ReasonCode.SURPLUS_BY_REPLICAS,
                  "ordinal " + ordinal + " >= spec.replicas " + desired.replicas().getAsInt()));
        }
        return Optional.empty();
      case STATIC:
        return desired.byOrdinal(ordinal).isPresent()
            ? Optional.empty()
            : Optional.of(
                Reason.of(ReasonCode.SURPLUS_BY_REPLICAS, "ordinal " + ordinal + " not desired"));
      case DNS:
      default:
        if (desired.byOrdinal(ordinal).isPresent() || p.connected()) {
          return Optional.empty();
        }
        Instant s = memory.surplusSince().get(p.uuid());
        Instant d = memory.disconnectedSince().get(p.uuid());
        if (s == null || d == null) {
          return Optional.empty();
        }
        Instant since = s.isAfter(d) ? s : d;
        if (since.plus(settings.surplusGrace()).isAfter(now)) {
          return Optional.empty();
        }
        return Optional.of(
            Reason.of(
                ReasonCode.SURPLUS_BY_DNS,
                "absent and disconnected since " + since + ", grace " + settings.surplusGrace()));
    }
  }

  private Optional<Finding> waitingSurplus(Peer p, DesiredMembers desired, Memory memory) {
    if (desired.source() != DesiredMembers.Source.DNS) {
      return Optional.empty();
    }
    Instant s = memory.surplusSince().get(p.uuid());
    if (s == null) {
      return Optional.empty();
    }
    String detail =
        p.connected()
            ? "absent from DNS since " + s + " but still connected"
            : "absent from DNS since " + s + ", grace " + settings.surplusGrace();
    return Optional.of(Finding.info(p.hostname(), Reason.of(ReasonCode.SURPLUS_WAITING, detail)));
  }

  /**
   * What keeps a surplus peer from being detached at all, whatever else is down: the first guard
   * that refuses, in this order.
   */
  private Optional<Reason> blocked(
      World w, PoolView pool, DesiredMembers desired, PoolMap map, Peer p, boolean coordinating) {
    int me = w.self().ordinal().orElse(-1);
    return DetachGuard.notSelf(w.self(), pool, p)
        .or(() -> DetachGuard.byTheCoordinator(coordinating))
        .or(() -> DetachGuard.hostsNoBricks(w.self(), w.bricks(), p))
        .or(
            () ->
                settings.offline()
                    ? Optional.empty()
                    : DetachGuard.quorumHoldsWithout(pool, p, desired, map, me));
  }
}
