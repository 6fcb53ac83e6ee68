package io.glusterctl.probe.plan;

import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one run observed: the planner's whole input. The planner reads nothing else.
 *
 * @param self who this pod is
 * @param pool this node's view of the pool ({@code peer status} plus its own UUID); Unknown when
 *     the list contradicts itself ({@link PoolConsistency})
 * @param desired the desired members (API or DNS)
 * @param bricks which peers host bricks; only looked at when a detach is considered
 * @param targets for desired members missing from the pool: whether they answer (only looked at
 *     when this pod would probe them)
 * @param remoteViews other members' views of the pool, asked read-only ({@code --remote-host});
 *     only looked at when something looks wrong (a rejected peer, a stuck handshake, alone); each
 *     Unknown when it contradicts itself
 * @param memory what earlier runs remembered
 * @param now the time of this run
 */
public record World(
    Self self,
    Observed<PoolView> pool,
    Observed<DesiredMembers> desired,
    Observed<VolumeBricks> bricks,
    Map<String, TargetCheck> targets,
    Map<String, Observed<PoolView>> remoteViews,
    io.glusterctl.probe.model.Memory memory,
    Instant now) {

  public World {
    Objects.requireNonNull(self, "self");
    pool = PoolConsistency.checked(self, Objects.requireNonNull(pool, "pool"));
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(bricks, "bricks");
    targets = Map.copyOf(targets);
    remoteViews = PoolConsistency.checked(self, remoteViews);
    memory = memory == null ? Memory.EMPTY : memory;
    Objects.requireNonNull(now, "now");
  }

  /**
   * Why the desired members are Unknown when they were not read on purpose: a plain member of a
   * healthy pool ({@link Planner#needsDesired}).
   */
  public static final String DESIRED_NOT_READ =
      "not read: a plain member of a healthy pool (the coordinator reads them)";

  /** Whether the desired members were left unread on purpose ({@link #DESIRED_NOT_READ}). */
  public boolean desiredNotRead() {
    return desired.unknownWhy().filter(DESIRED_NOT_READ::equals).isPresent();
  }

  /** A world with only the two main observations; the rest not looked at. */
  public static World of(
      Self self, Observed<PoolView> pool, Observed<DesiredMembers> desired, Instant now) {
    return new World(
        self,
        pool,
        desired,
        Observed.unknown("not looked at"),
        Map.of(),
        Map.of(),
        Memory.EMPTY,
        now);
  }

  public World withBricks(Observed<VolumeBricks> b) {
    return new World(self, pool, desired, b, targets, remoteViews, memory, now);
  }

  public World withTargets(Map<String, TargetCheck> t) {
    return new World(self, pool, desired, bricks, t, remoteViews, memory, now);
  }

  public World withRemoteViews(Map<String, Observed<PoolView>> r) {
    return new World(self, pool, desired, bricks, targets, r, memory, now);
  }

  public World withMemory(Memory m) {
    return new World(self, pool, desired, bricks, targets, remoteViews, m, now);
  }
}
