package io.glusterctl.probe.plan;

import io.glusterctl.probe.model.HostNames;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether a peer list can be believed. glusterd keeps one peer per UUID and finds a peer by any of
 * its names ({@code glusterd_peerinfo_find}), so a list that gives one UUID or one name to two
 * peers, or the names of two pods to one peer, is not a picture of a pool: a {@code peer detach}
 * planned from it can hit a desired member. Such a list is Unknown.
 */
final class PoolConsistency {
  private PoolConsistency() {}

  /** The observation, or Unknown when the list it holds contradicts itself. */
  static Observed<PoolView> checked(Self self, Observed<PoolView> seen) {
    if (seen instanceof Observed.Known<PoolView> k) {
      Optional<String> p = problem(self, k.value());
      if (p.isPresent()) {
        return Observed.unknown("inconsistent peer list: " + p.get());
      }
    }
    return seen;
  }

  /** Each view checked as {@link #checked(Self, Observed)}. */
  static Map<String, Observed<PoolView>> checked(Self self, Map<String, Observed<PoolView>> views) {
    Map<String, Observed<PoolView>> out = new LinkedHashMap<>();
    views.forEach((host, v) -> out.put(host, checked(self, v)));
    return Map.copyOf(out);
  }

  /** What contradicts itself in this list, or empty when nothing does. */
  static Optional<String> problem(Self self, PoolView pool) {
    Map<String, Peer> byUuid = new HashMap<>();
    Map<String, Peer> byName = new HashMap<>();
    for (Peer p : pool.peers()) {
      Peer other = byUuid.putIfAbsent(p.uuid().toLowerCase(Locale.ROOT), p);
      if (other != null) {
        return Optional.of(
            "UUID " + p.uuid() + " is listed for " + other.hostname() + " and " + p.hostname());
      }
      OptionalInt ordinal = OptionalInt.empty();
      for (String h : p.hostnames()) {
        Peer named = byName.putIfAbsent(HostNames.normalize(h), p);
        if (named != null && named != p) {
          return Optional.of(
              "the name " + h + " is listed for " + named.hostname() + " and " + p.hostname());
        }
        OptionalInt o = self.ordinalOf(h);
        if (o.isPresent() && ordinal.isPresent() && o.getAsInt() != ordinal.getAsInt()) {
          return Optional.of(
              p.hostname()
                  + " is also listed as "
                  + h
                  + ": the names of pods "
                  + ordinal.getAsInt()
                  + " and "
                  + o.getAsInt());
        }
        if (o.isPresent()) {
          ordinal = o;
        }
      }
    }
    return Optional.empty();
  }
}
