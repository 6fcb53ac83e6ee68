package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.plan.Needs;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.TargetCheck;
import io.glusterctl.probe.plan.World;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass of observe, plan, act. Observes only what the plan needs (a steady-state pass makes one
 * gluster call), asks the pure {@link Planner}, then carries the actions out in order.
 *
 * <p>The run's time is split so that every run can act: the optional observations (target checks,
 * other members' views, bricks) end by {@link #observeBy}, at most half of the time that is left
 * and never later than one call's budget before the deadline; each of their calls is cut off there.
 * Actions then start while {@link #ACT_MARGIN} is left; a call still running at the run's deadline
 * is killed by it (glusterd finishes a probe or detach it began, and the next run sees it). A
 * coordinator with many members to probe probes what fits and leaves the rest to the next run.
 */
public final class Reconciler {
  /** An action is started only while at least this much of the run is left. */
  static final Duration ACT_MARGIN = Duration.ofSeconds(2);

  private final GlusterClient gluster;
  private final MembersSource members;
  private final TargetProber prober;
  private final Planner planner;
  private final Clock clock;
  private final Duration callBudget;

  /**
   * @param callBudget the time one gluster call may take: the optional observations end at least
   *     this long before the deadline, so that an action fits after them
   */
  public Reconciler(
      GlusterClient gluster,
      MembersSource members,
      TargetProber prober,
      Planner planner,
      Clock clock,
      Duration callBudget) {
    this.gluster = gluster;
    this.members = members;
    this.prober = prober;
    this.planner = planner;
    this.clock = clock;
    this.callBudget = callBudget;
  }

  /** What a pass saw and decided. */
  public record Pass(World world, Plan plan) {}

  /** The result of one action. */
  public record Outcome(Action action, boolean done, String message) {}

  /** Observes (starting from an already-read local pool) and plans; changes nothing. */
  public Pass observeAndPlan(Self self, Observed<PoolView> pool, Memory memory, Instant deadline) {
    Observed<DesiredMembers> desired = members.desired();
    World world = World.of(self, pool, desired, clock.instant()).withMemory(memory);
    Needs needs = planner.needs(world);
    Instant by = observeBy(deadline);
    Duration window = left(by);
    // every optional call ends by then, however slow the glusterd it asks
    GlusterClient optional = gluster.within(window);
    if (needs.bricks()) {
      world =
          world.withBricks(
              clock.instant().isBefore(by)
                  ? optional.bricks()
                  : Observed.unknown("not read: the run's time to observe is used up"));
    }
    Map<String, Boolean> answered = new LinkedHashMap<>();
    if (!needs.targets().isEmpty()) {
      answered.putAll(prober.answering(List.copyOf(needs.targets()), window, clock));
      Map<String, TargetCheck> checks = new LinkedHashMap<>();
      answered.forEach((host, answers) -> checks.put(host, new TargetCheck(answers)));
      world = world.withTargets(checks);
    }
    // a second round when the first views ask for more (an accusation to confirm or refuse)
    for (int round = 0; round < 2 && !needs.remoteViews().isEmpty(); round++) {
      Map<String, Observed<PoolView>> views = new LinkedHashMap<>(world.remoteViews());
      boolean asked = false;
      for (String host : needs.remoteViews()) {
        if (views.containsKey(host)) {
          continue;
        }
        asked = true;
        if (!clock.instant().isBefore(by)) {
          views.put(host, Observed.unknown("not asked: the run's time to observe is used up"));
        } else if (!connectedPeer(pool, host) && !answers(host, answered)) {
          // a member this node is not connected to may be unreachable: a cheap connect first, or
          // the CLI would hold the run for its whole timeout
          views.put(host, Observed.unknown(host + " does not answer on the glusterd port"));
        } else {
          views.put(host, optional.remotePool(host));
        }
      }
      if (!asked) {
        break;
      }
      world = world.withRemoteViews(views);
      needs = planner.needs(world);
    }
    return new Pass(world, planner.plan(world));
  }

  /**
   * When the optional observations must end: half of the time left, and at least one call's budget
   * before the deadline.
   */
  Instant observeBy(Instant deadline) {
    Instant now = clock.instant();
    Instant half = now.plus(Duration.between(now, deadline).dividedBy(2));
    Instant lastCall = deadline.minus(callBudget);
    return half.isBefore(lastCall) ? half : lastCall;
  }

  private boolean answers(String host, Map<String, Boolean> answered) {
    Boolean a = answered.get(host);
    return a != null ? a : prober.answers(host);
  }

  private Duration left(Instant until) {
    Duration d = Duration.between(clock.instant(), until);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /**
   * Carries out the plan's actions in order. Probes and detaches go to glusterd; a repair is only
   * recorded (it is carried out by {@code prestart} before glusterd starts).
   */
  public List<Outcome> act(Plan plan, RepairBook repairs, boolean dryRun, Instant deadline) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Action a : plan.actions()) {
      if (dryRun) {
        outcomes.add(new Outcome(a, false, "dry run: not done"));
        continue;
      }
      if (a instanceof Action.Repair r) {
        boolean recorded = repairs.request(r);
        outcomes.add(
            new Outcome(a, recorded, recorded ? "repair requested" : "repair not requested"));
        continue;
      }
      if (!timeLeft(deadline)) {
        outcomes.add(new Outcome(a, false, "skipped: run deadline reached"));
        continue;
      }
      GlusterClient.Outcome o =
          a instanceof Action.Detach d
              ? (d.force() ? gluster.forceDetach(d.host()) : gluster.detach(d.host()))
              : gluster.probe(a.host());
      outcomes.add(new Outcome(a, o.ok(), o.message()));
    }
    return outcomes;
  }

  private boolean timeLeft(Instant deadline) {
    return clock.instant().plus(ACT_MARGIN).isBefore(deadline);
  }

  private static boolean connectedPeer(Observed<PoolView> pool, String host) {
    return pool.known().flatMap(p -> p.peerNamed(host)).map(Peer::connected).orElse(false);
  }
}
