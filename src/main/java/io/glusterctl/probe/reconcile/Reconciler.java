package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.observe.DesiredMembersSource;
import io.glusterctl.probe.plan.Needs;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.TargetCheck;
import io.glusterctl.probe.plan.World;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pass of observe, plan, act. Observes only what the plan needs (a steady-state pass makes one
 * gluster call), asks the pure {@link Planner}, then carries the actions out in order.
 *
 * <p>The run's time is split so that every run can act: the optional observations (target checks,
 * other members' views, bricks) end by {@link #observeBy}, at most half of the time that is left
 * and never later than one call's timeout before the deadline; each of their calls is cut off
 * there. Actions then start while more than the {@link Deadline#SAFETY_MARGIN} is left; a call
 * still running at the run's deadline is killed by it (glusterd finishes a probe or detach it
 * began, and the next run sees it). A coordinator with many members to probe probes what fits and
 * leaves the rest to the next run.
 */
public final class Reconciler {
  private final Ports ports;
  private final Planner planner;
  private final Deadline deadline;
  private final Duration callTimeout;

  /**
   * What a pass observes through.
   *
   * @param gluster this node's glusterd, and the others' read-only
   * @param members where the desired members come from
   * @param targets whether a member's glusterd port answers
   */
  public record Ports(GlusterClient gluster, DesiredMembersSource members, TargetProber targets) {}

  /**
   * @param deadline the run's deadline; its {@code now()} is the time the world is observed at
   * @param callTimeout the time one gluster call may take (its {@code --timeout}): the optional
   *     observations end at least this long before the deadline, so that an action fits after them
   */
  public Reconciler(Ports ports, Planner planner, Deadline deadline, Duration callTimeout) {
    this.ports = ports;
    this.planner = planner;
    this.deadline = deadline;
    this.callTimeout = callTimeout;
  }

  /** What a pass saw and decided. */
  public record Pass(World world, Plan plan) {}

  /**
   * The result of one action.
   *
   * @param action what was to be done
   * @param done whether it was done (a repair: whether it is pending now)
   * @param message glusterd's answer, or why it was not done
   * @param repair for a repair: what became of the request
   */
  public record Outcome(
      Action action, boolean done, String message, Optional<RepairRequest> repair) {
    public Outcome(Action action, boolean done, String message) {
      this(action, done, message, Optional.empty());
    }
  }

  /** Observes (starting from an already-read local pool) and plans; changes nothing. */
  public Pass observeAndPlan(Self self, Observed<PoolView> pool, Memory memory) {
    GlusterClient gluster = ports.gluster();
    Observed<DesiredMembers> desired = ports.members().desiredMembers(deadline).observed();
    World world = World.of(self, pool, desired, deadline.now()).withMemory(memory);
    Needs needs = planner.needs(world);
    Deadline observe = observeBy();
    // every optional call ends by then, however slow the glusterd it asks
    GlusterClient optional = gluster.within(observe.remaining());
    if (needs.bricks()) {
      world =
          world.withBricks(
              !observe.expired()
                  ? optional.bricks()
                  : Observed.unknown("not read: the run's time to observe is used up"));
    }
    Map<String, Boolean> answered = new LinkedHashMap<>();
    if (!needs.targets().isEmpty()) {
      answered.putAll(ports.targets().answering(List.copyOf(needs.targets()), observe));
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
        if (observe.expired()) {
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
   * When the optional observations must end: half of the time left, and at least one call's timeout
   * before the deadline. Not its timeout and the {@link Deadline#SAFETY_MARGIN} as well: with the
   * sandbox's 10 s deadline and 4 s calls that leaves a lone pod 1.5 s to check its targets and
   * read their views, too little to form a pool under load; an action that then runs over is killed
   * at the run's deadline.
   */
  Deadline observeBy() {
    Duration left = deadline.remaining();
    Duration lastCall = left.minus(callTimeout);
    Duration half = left.dividedBy(2);
    return deadline.within(half.compareTo(lastCall) < 0 ? half : lastCall);
  }

  private boolean answers(String host, Map<String, Boolean> answered) {
    Boolean a = answered.get(host);
    return a != null ? a : ports.targets().answers(host);
  }

  /**
   * Carries out the plan's actions in order. Probes and detaches go to glusterd; a repair is only
   * recorded (it is carried out by {@code prestart} before glusterd starts).
   */
  public List<Outcome> act(Plan plan, RepairBook repairs, boolean dryRun) {
    GlusterClient gluster = ports.gluster();
    List<Outcome> outcomes = new ArrayList<>();
    for (Action a : plan.actions()) {
      if (dryRun) {
        outcomes.add(new Outcome(a, false, "dry run: not done"));
        continue;
      }
      if (a instanceof Action.Repair r) {
        RepairRequest req = repairs.request(r);
        outcomes.add(
            new Outcome(
                a,
                req.pending(),
                req.pending() ? "repair requested" : "repair not requested",
                Optional.of(req)));
        continue;
      }
      if (!deadline.hasRoomFor(Duration.ZERO)) {
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

  private static boolean connectedPeer(Observed<PoolView> pool, String host) {
    return pool.known().flatMap(p -> p.peerNamed(host)).map(Peer::connected).orElse(false);
  }
}
