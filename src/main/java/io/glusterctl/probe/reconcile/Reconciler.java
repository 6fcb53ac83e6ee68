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
 * and early enough for an action to start after them; each of their calls is cut off there. Actions
 * then start while {@link #SHORTEST_CALL} of a call fits before the deadline with the {@link
 * Deadline#SAFETY_MARGIN} to spare, and each is given what fits ({@link Deadline#callTimeout});
 * glusterd finishes a probe or detach it began even when the CLI is cut off, and the next run sees
 * it. A coordinator with many members to probe probes what fits and leaves the rest to the next
 * run. Other members' views are asked a few at once ({@link GlusterClient#remotePools}), so that a
 * majority of a large pool fits in the time to observe.
 */
public final class Reconciler {
  private final Ports ports;
  private final Planner planner;
  private final Deadline deadline;
  private final Duration callTimeout;
  private final boolean desiredOnlyWhenNeeded;

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
   * @param callTimeout the time one gluster call may take (its {@code --timeout}); a call starts
   *     while {@link #SHORTEST_CALL} of it (or all of it, if shorter) fits before the deadline
   */
  public Reconciler(Ports ports, Planner planner, Deadline deadline, Duration callTimeout) {
    this(ports, planner, deadline, callTimeout, false);
  }

  private Reconciler(
      Ports ports,
      Planner planner,
      Deadline deadline,
      Duration callTimeout,
      boolean desiredOnlyWhenNeeded) {
    this.ports = ports;
    this.planner = planner;
    this.deadline = deadline;
    this.callTimeout = callTimeout;
    this.desiredOnlyWhenNeeded = desiredOnlyWhenNeeded;
  }

  /**
   * This reconciler, reading the desired members only when they can change the plan ({@link
   * Planner#needsDesired}): a plain member of a healthy pool then makes no HTTPS request and no DNS
   * lookup. The probes' runs use it; {@code status} and {@code plan} read them always, to show
   * them.
   */
  public Reconciler readingDesiredOnlyWhenNeeded() {
    return new Reconciler(ports, planner, deadline, callTimeout, true);
  }

  /** Why an observation was not made: the run's deadline, or its time to observe, came first. */
  public static final String DEADLINE_REACHED = "run deadline reached";

  /** Why an action was not started: the run's deadline came first. */
  public static final String SKIPPED_AT_DEADLINE = "skipped: " + DEADLINE_REACHED;

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
    Observed<DesiredMembers> desired =
        desiredOnlyWhenNeeded && !planner.needsDesired(self, pool)
            ? Observed.unknown(World.DESIRED_NOT_READ)
            : ports.members().desiredMembers(deadline).observed();
    World world = World.of(self, pool, desired, deadline.now()).withMemory(memory);
    Needs needs = planner.needs(world);
    Deadline observe = observeBy();
    // every optional call ends by then, however slow the glusterd it asks
    GlusterClient optional = gluster.within(observe.remaining());
    if (needs.bricks()) {
      world =
          world.withBricks(
              !observe.expired() ? optional.bricks() : Observed.unknown(DEADLINE_REACHED));
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
      List<String> wanted = new ArrayList<>();
      Map<String, Observed<PoolView>> settled = new LinkedHashMap<>();
      // in name order, not the set's: which members are asked before the time to observe ends,
      // and the order of the views, are then the same in every run
      for (String host : needs.remoteViews().stream().sorted().toList()) {
        if (views.containsKey(host)) {
          continue;
        }
        wanted.add(host);
        if (observe.expired()) {
          settled.put(host, Observed.unknown(DEADLINE_REACHED));
        } else if (!connectedPeer(pool, host) && !answers(host, answered)) {
          // a member this node is not connected to may be unreachable: a cheap connect first, or
          // the CLI would hold the run for its whole timeout
          settled.put(host, Observed.unknown(host + " does not answer on the glusterd port"));
        }
      }
      if (wanted.isEmpty()) {
        break;
      }
      List<String> toAsk = wanted.stream().filter(h -> !settled.containsKey(h)).toList();
      // asked a few at once; a host whose call did not start by the end of the time to observe
      // was not asked
      Map<String, Observed<PoolView>> got = optional.remotePools(toAsk, observe);
      for (String host : wanted) {
        Observed<PoolView> v = settled.containsKey(host) ? settled.get(host) : got.get(host);
        views.put(host, v != null ? v : Observed.unknown(DEADLINE_REACHED));
      }
      world = world.withRemoteViews(views);
      needs = planner.needs(world);
    }
    return new Pass(world, planner.plan(world));
  }

  /**
   * When the optional observations must end: half of the time left, and early enough that an action
   * can still start after them ({@link #timeLeft}: the shortest call and the {@link
   * Deadline#SAFETY_MARGIN}) with {@link #TO_PLAN} to spare. An observation that hangs (a member
   * whose SYNs are dropped, a SIGSTOPped glusterd) is cut off there, so a slow look never leaves no
   * time to act.
   */
  Deadline observeBy() {
    Duration left = deadline.remaining();
    Duration toAct = left.minus(shortestCall()).minus(Deadline.SAFETY_MARGIN).minus(TO_PLAN);
    Duration half = left.dividedBy(2);
    return deadline.within(half.compareTo(toAct) < 0 ? half : toAct);
  }

  /** What planning between the observations and the first action may take (pure code). */
  static final Duration TO_PLAN = Duration.ofMillis(250);

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
      if (!timeLeft()) {
        outcomes.add(new Outcome(a, false, SKIPPED_AT_DEADLINE));
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

  /**
   * Whether one more gluster call (or connect) may start: when at least {@link #SHORTEST_CALL} (or
   * the call timeout, if that is shorter) fits before the deadline with the margin to spare. The
   * call is then given what fits ({@link Deadline#callTimeout}). Waiting for room for a whole call
   * timeout skipped the founder's probes on a busy node for good: a JVM start and the observation
   * took more than the deadline less a whole call timeout, run after run (measured in CI: a 3-pod
   * pool never formed at load 5).
   */
  private boolean timeLeft() {
    return deadline.hasRoomFor(shortestCall());
  }

  private Duration shortestCall() {
    return callTimeout.compareTo(SHORTEST_CALL) < 0 ? callTimeout : SHORTEST_CALL;
  }

  /**
   * The shortest timeout a gluster call is started with: a healthy glusterd answers well within.
   */
  static final Duration SHORTEST_CALL = Duration.ofSeconds(2);

  private static boolean connectedPeer(Observed<PoolView> pool, String host) {
    return pool.known().flatMap(p -> p.peerNamed(host)).map(Peer::connected).orElse(false);
  }
}
