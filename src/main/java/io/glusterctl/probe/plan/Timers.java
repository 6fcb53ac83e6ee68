package io.glusterctl.probe.plan;

import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The memory kept across runs, brought up to date with this run's observation. A timer starts the
 * first time a condition is seen and is dropped as soon as it is not: a condition must hold on
 * every run in between to reach its grace period. When the desired members are Unknown, the surplus
 * timers start over (an outage can only delay a detach, never cause one).
 */
final class Timers {
  private Timers() {}

  static Memory update(
      Memory old, PoolView pool, Observed<DesiredMembers> desired, PoolMap map, Instant now) {
    Map<String, Instant> disconnected = new HashMap<>();
    Map<String, Instant> stuck = new HashMap<>();
    Map<String, Instant> surplus = new HashMap<>();
    for (Peer p : pool.peers()) {
      String id = p.uuid();
      if (!p.connected()) {
        disconnected.put(id, old.disconnectedSince().getOrDefault(id, now));
      }
      if (RejectionCheck.stuckState(p)) {
        stuck.put(id, old.stuckSince().getOrDefault(id, now));
      }
      if (desired instanceof Observed.Known<DesiredMembers> k
          && k.value().source() == DesiredMembers.Source.DNS) {
        OptionalInt o = map.ordinalOf(p);
        if (o.isPresent() && k.value().byOrdinal(o.getAsInt()).isEmpty()) {
          surplus.put(id, old.surplusSince().getOrDefault(id, now));
        }
      }
    }
    return new Memory(disconnected, surplus, stuck);
  }
}
