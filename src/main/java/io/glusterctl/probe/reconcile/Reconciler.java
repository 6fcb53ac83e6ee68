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
import java.util.OptionalInt;

/**
 * One pass of observe, plan, act. Observes only what the plan needs (a steady-state pass makes one
 * gluster call), asks the pure {@link Planner}, then carries the actions out in order, each
 * bounded, stopping when the run's deadline is near.
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
   * @param callTimeout the time one gluster call may take (its {@code --timeout}): an optional
   *     observation or action is skipped when not even {@link #SHORTEST_CALL} of it fits before the
   *     deadline
   */
  public Reconciler(Ports ports, Planner planner, Deadline deadline, Duration callTimeout) {
    this.ports = ports;
    this.planner = planner;
    this.deadline = deadline;
    this.callTimeout = callTimeout;
  }

  /** What a pass saw and decided. */
  /** Why an observation was not made: the run's deadline came first. */
  public static final String DEADLINE_REACHED = "run deadline reached";

  /** Why an action was not started: the run's deadline came first. */
  public static final String SKIPPED_AT_DEADLINE = "skipped: " + DEADLINE_REACHED;

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
    // one read-only call per member and pass: a pod that is alone needs the same view of each
    // member for the target check (its peer count) and for the rejection check
    Map<String, Observed<PoolView>> asked = new LinkedHashMap<>();
    if (needs.bricks()) {
      world = world.withBricks(timeLeft() ? gluster.bricks() : Observed.unknown(DEADLINE_REACHED));
    }
    if (!needs.targets().isEmpty()) {
      Map<String, TargetCheck> checks = new LinkedHashMap<>();
      int me = self.ordinal().orElse(Integer.MAX_VALUE);
      for (String host : needs.targets()) {
        if (!timeLeft()) {
          break;
        }
        // A pod that is alone and sees a lower ordinal answer probes no one (that member forms the
        // pool, or its pool probes this pod): its peer count is not needed, and neither are the
        // checks after it. So the lone pods of a new StatefulSet do not each ask every other one,
        // calls that grow with the square of the pods and share each run's deadline.
        boolean lower = self.ordinalOf(host).orElse(Integer.MAX_VALUE) < me;
        boolean answers = ports.targets().answers(host);
        OptionalInt peers = OptionalInt.empty();
        if (answers && needs.askPeerCounts() && !lower) {
          Observed<PoolView> theirs = asked.computeIfAbsent(host, gluster::remotePool);
          if (theirs instanceof Observed.Known<PoolView> k) {
            peers = OptionalInt.of(k.value().peers().size());
          }
        }
        checks.put(host, new TargetCheck(answers, peers));
        if (answers && needs.askPeerCounts() && lower) {
          break;
        }
      }
      world = world.withTargets(checks);
    }
    if (!needs.remoteViews().isEmpty()) {
      Map<String, Observed<PoolView>> views = new LinkedHashMap<>();
      for (String host : needs.remoteViews()) {
        if (asked.containsKey(host)) {
          views.put(host, asked.get(host));
        } else if (!timeLeft()) {
          views.put(host, Observed.unknown(DEADLINE_REACHED));
        } else if (!connectedPeer(pool, host) && !ports.targets().answers(host)) {
          // a member this node is not connected to may be unreachable: a cheap connect first, or
          // the CLI would hold the run for its whole timeout
          views.put(host, Observed.unknown(host + " does not answer on the glusterd port"));
        } else {
          views.put(host, asked.computeIfAbsent(host, gluster::remotePool));
        }
      }
      world = world.withRemoteViews(views);
    }
    return new Pass(world, planner.plan(world));
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
      if (!timeLeft()) {
        outcomes.add(new Outcome(a, false, SKIPPED_AT_DEADLINE));
        continue;
      }
      GlusterClient.Outcome o =
          a instanceof Action.Probe ? gluster.probe(a.host()) : gluster.detach(a.host());
      outcomes.add(new Outcome(a, o.ok(), o.message()));
    }
    return outcomes;
  }

  /**
   * Whether one more gluster call (or connect) may start: when at least {@link #SHORTEST_CALL} (or
   * the call timeout, if that is shorter) fits before the deadline with the margin to spare. The
   * call is then given what fits ({@link Deadline#callTimeout}). Waiting for room for a whole call
   * timeout skipped the founder's probes on a busy node for good: a JVM start and the observation
   * took more than the deadline less a whole call timeout, run after run (measured in CI: a 3-pod
   * pool never formed at load 5).
   */
  private boolean timeLeft() {
    return deadline.hasRoomFor(
        callTimeout.compareTo(SHORTEST_CALL) < 0 ? callTimeout : SHORTEST_CALL);
  }

  /**
   * The shortest timeout a gluster call is started with: a healthy glusterd answers well within.
   */
  static final Duration SHORTEST_CALL = Duration.ofSeconds(2);

  private static boolean connectedPeer(Observed<PoolView> pool, String host) {
    return pool.known().flatMap(p -> p.peerNamed(host)).map(Peer::connected).orElse(false);
  }
}
