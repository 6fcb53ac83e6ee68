package io.glusterctl.probe.plan;

import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The pool seen in terms of the StatefulSet: which ordinal each peer is, who coordinates.
 *
 * <p>The coordinator is the lowest-ordinal member that is {@code Peer in Cluster} and connected, as
 * seen from this pod; this pod counts when it is alone or has at least one healthy peer. Only the
 * coordinator probes and detaches, so that two pods never race to change the pool.
 */
final class PoolMap {
  private final Self self;
  private final PoolView pool;
  // each peer's ordinal, worked out once: the planner asks for every member and every peer, and
  // a pool of 256 would otherwise parse 65536 names per run
  private final Map<Peer, OptionalInt> ordinals = new IdentityHashMap<>();
  private final Map<Integer, Peer> byOrdinal = new HashMap<>();

  PoolMap(Self self, PoolView pool) {
    this.self = self;
    this.pool = pool;
    for (Peer p : pool.peers()) {
      OptionalInt o = ordinalByName(p);
      ordinals.put(p, o);
      if (o.isPresent()) {
        byOrdinal.putIfAbsent(o.getAsInt(), p);
      }
    }
  }

  private OptionalInt ordinalByName(Peer peer) {
    for (String h : peer.hostnames()) {
      OptionalInt o = self.ordinalOf(h);
      if (o.isPresent()) {
        return o;
      }
    }
    return OptionalInt.empty();
  }

  /** The ordinal of the StatefulSet pod this peer is, by any of its names. */
  OptionalInt ordinalOf(Peer peer) {
    OptionalInt o = ordinals.get(peer);
    return o != null ? o : ordinalByName(peer);
  }

  /**
   * The peer that is the pod with this ordinal, if the pool lists it (the first, in glusterd's
   * order).
   */
  Optional<Peer> peerWithOrdinal(int ordinal) {
    return Optional.ofNullable(byOrdinal.get(ordinal));
  }

  /** Whether this pod is a working member: alone, or with at least one healthy peer. */
  boolean selfInPool() {
    return pool.alone() || pool.peers().stream().anyMatch(Peer::healthy);
  }

  /** The coordinator's ordinal, or empty when this pod is not a working member of a pool. */
  OptionalInt coordinator() {
    OptionalInt mine = self.ordinal();
    if (mine.isEmpty() || !selfInPool()) {
      return OptionalInt.empty();
    }
    int min = mine.getAsInt();
    for (Peer p : pool.peers()) {
      if (p.healthy()) {
        OptionalInt o = ordinalOf(p);
        if (o.isPresent() && o.getAsInt() < min) {
          min = o.getAsInt();
        }
      }
    }
    return OptionalInt.of(min);
  }

  boolean selfCoordinates() {
    OptionalInt c = coordinator();
    return c.isPresent() && c.equals(self.ordinal());
  }
}
