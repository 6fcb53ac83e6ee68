package io.glusterctl.probe.plan;

import java.time.Duration;

/**
 * The planner's knobs.
 *
 * @param surplusGrace DNS mode: how long a member must be absent from DNS and disconnected before
 *     it is detached
 * @param stuckGrace how long a handshake may stay unfinished before this pod asks for a repair
 * @param offline offline analysis of a pasted {@code peer status}: plan as the pool's coordinator
 *     would, since there is no local pod
 */
public record PlannerSettings(Duration surplusGrace, Duration stuckGrace, boolean offline) {
  public static final PlannerSettings DEFAULTS =
      new PlannerSettings(Duration.ofMinutes(10), Duration.ofMinutes(3), false);

  public PlannerSettings asOffline() {
    return new PlannerSettings(surplusGrace, stuckGrace, true);
  }
}
