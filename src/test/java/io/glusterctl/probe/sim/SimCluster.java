package io.glusterctl.probe.sim;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.RepairKind;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.observe.DesiredMembersSource;
import io.glusterctl.probe.observe.Observation;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.reconcile.RepairRequest;
import io.glusterctl.probe.reconcile.TargetProber;
import io.glusterctl.probe.repair.RepairLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * A simulated StatefulSet of glusterd pods, each with a kubelet that runs the program's liveness
 * pass (the real {@link Reconciler} and {@link Planner}, on ports backed by the {@link
 * GlusterdModel}) every period, and its preStop hook on termination. Simulated as in the sandbox
 * and the manifest: the startup probe holds liveness back until glusterd listens (a 5 s TCP check),
 * liveness runs every {@code period} from the container's start, three failures restart the
 * container, preStop runs before every stop, and a pod's DNS record lives as long as the pod.
 */
final class SimCluster {
  /** Where the program reads the desired members from. */
  enum Mode {
    API,
    DNS
  }

  /** One run of the program, as the kubelet saw it. */
  record Run(int ordinal, String kind, Instant start, Duration took, int exit, RunCounts counts) {}

  /** What lives on a pod's PersistentVolume besides glusterd's own directory. */
  private static final class Volume {
    Memory memory = Memory.EMPTY;
    Action.Repair pendingRepair;
  }

  /** One pod object; {@code container} counts container starts, so old events can tell. */
  private static final class Pod {
    final int ordinal;
    int container;
    boolean terminating;
    boolean halted;
    int failures;
    Instant containerStarted;

    Pod(int ordinal) {
      this.ordinal = ordinal;
    }
  }

  static final Duration PERIOD = Duration.ofSeconds(30);
  static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(25);
  static final Duration PROGRAM_DEADLINE = Duration.ofSeconds(20);
  static final Duration GLUSTER_TIMEOUT = Duration.ofSeconds(8);
  static final Duration PRESTOP_DEADLINE = Duration.ofSeconds(50);
  static final Duration STARTUP_PERIOD = Duration.ofSeconds(5);

  final EventLoop loop;
  final GlusterdModel model;
  private final Timings t;
  private final Mode mode;
  private final Random random;
  private final Self names = new Self("glusterfs-0", "default", "glusterfs", "cluster.local");
  private final PlannerSettings settings;
  private final Map<Integer, Pod> pods = new HashMap<>();
  private final Map<Integer, Volume> volumes = new HashMap<>();
  private final List<Run> runs = new ArrayList<>();
  private int replicas;
  private boolean apiUp = true;

  SimCluster(Mode mode, Timings t, long seed, PlannerSettings settings) {
    this.loop = new EventLoop(Instant.parse("2026-01-01T00:00:00Z"));
    this.random = new Random(seed);
    this.t = t;
    this.mode = mode;
    this.settings = settings;
    this.model = new GlusterdModel(loop, t, random, names);
  }

  // ---- the StatefulSet controller -----------------------------------------------------------

  /**
   * {@code spec.replicas = n}, Parallel: missing pods are made at once, surplus ones terminated.
   */
  void scale(int n) {
    replicas = n;
    for (int o = 0; o < n; o++) {
      if (!pods.containsKey(o)) {
        create(o);
      }
    }
    for (Pod p : List.copyOf(pods.values())) {
      if (p.ordinal >= n && !p.terminating) {
        terminate(p);
      }
    }
  }

  int replicas() {
    return replicas;
  }

  private void create(int o) {
    Pod p = new Pod(o);
    pods.put(o, p);
    model.podCreated(o);
    volumes.computeIfAbsent(o, x -> new Volume());
    int c = p.container;
    loop.after(jitter(t.containerStart()), () -> startContainer(p, c));
  }

  /** preStop, then SIGTERM; the pod and its DNS record are gone once glusterd stopped. */
  private void terminate(Pod p) {
    p.terminating = true;
    p.container++;
    preStop(
        p.ordinal,
        () -> {
          model.stop(p.ordinal);
          loop.after(
              t.stopGrace(),
              () -> {
                model.podDeleted(p.ordinal);
                pods.remove(p.ordinal);
              });
        });
  }

  /** The pod's node goes down: its link is cut and its processes freeze. */
  void nodeDown(int o) {
    Pod p = pods.get(o);
    p.halted = true;
    p.container++;
    model.cutLink(o);
  }

  /** The pod of a lost node is made again on another node: new address, same volume. */
  void reschedule(int o) {
    model.stop(o);
    model.rescheduled(o);
    Pod p = new Pod(o);
    pods.put(o, p);
    int c = p.container;
    loop.after(jitter(t.containerStart()), () -> startContainer(p, c));
  }

  /** Every pod's container is killed at once (no preStop: the nodes lost power). */
  void killAll() {
    for (Pod p : List.copyOf(pods.values())) {
      p.halted = true;
      p.container++;
      model.stop(p.ordinal);
    }
  }

  /** After {@link #killAll}: every pod comes back, each at a new address. */
  void startAll() {
    for (int o : List.copyOf(pods.keySet())) {
      reschedule(o);
    }
  }

  /** glusterd of pod {@code o} is restarted with {@code change} made to its volume meanwhile. */
  void restartGlusterdWith(int o, java.util.function.IntConsumer change) {
    model.stop(o);
    change.accept(o);
    model.start(o);
  }

  void apiOutage(boolean down) {
    apiUp = !down;
  }

  // ---- the kubelet ----------------------------------------------------------------------------

  /**
   * prestart, then glusterd; the startup probe (a TCP check every 5 s from the container's start)
   * passes at its first check after glusterd listens, and liveness begins then.
   */
  private void startContainer(Pod p, int container) {
    if (p.container != container) {
      return;
    }
    carryOutRepair(p.ordinal);
    model.start(p.ordinal);
    p.containerStarted = loop.now();
    p.failures = 0;
    Instant first = loop.now().plus(STARTUP_PERIOD);
    loop.at(first, () -> liveness(p, container, p.containerStarted));
  }

  /** One liveness run; the next is a period after the last scheduled one, or when this one ends. */
  private void liveness(Pod p, int container, Instant tick) {
    if (p.container != container || p.halted || p.terminating) {
      return;
    }
    Run r = runLiveness(p.ordinal);
    Instant ended = loop.now().plus(r.took());
    p.failures = r.exit() == 0 ? 0 : p.failures + 1;
    if (p.failures >= 3) {
      // the kubelet restarts the container: preStop, stop, start
      p.container++;
      int next = p.container;
      loop.at(
          ended,
          () ->
              preStop(
                  p.ordinal,
                  () -> {
                    model.stop(p.ordinal);
                    loop.after(t.stopGrace(), () -> startContainer(p, next));
                  }));
      return;
    }
    Instant next = tick.plus(PERIOD);
    while (!next.isAfter(loop.now())) {
      next = next.plus(PERIOD);
    }
    Instant at = next.isBefore(ended) ? ended : next;
    Instant nextTick = next;
    loop.at(at, () -> liveness(p, container, nextTick));
  }

  private Duration jitter(Duration max) {
    return Duration.ofMillis((long) (max.toMillis() * (0.5 + random.nextDouble() / 2)));
  }

  // ---- the program ----------------------------------------------------------------------------

  Self self(int o) {
    return new Self("glusterfs-" + o, "default", "glusterfs", "cluster.local");
  }

  /** {@code glusterctl-probe liveness}: the same steps as {@code LivenessCommand}. */
  private Run runLiveness(int o) {
    Instant start = loop.now();
    RunTime time = new RunTime(start);
    RunCounts c = new RunCounts();
    int exit = livenessSteps(o, time, c);
    Duration took = Duration.between(start, time.instant());
    if (took.compareTo(LIVENESS_TIMEOUT) > 0) {
      exit = -1; // the kubelet's timeout: a failure
      took = LIVENESS_TIMEOUT;
    }
    Run r = new Run(o, "liveness", start, took, exit, c);
    runs.add(r);
    return r;
  }

  private int livenessSteps(int o, RunTime time, RunCounts c) {
    time.spend(t.jvmStart());
    Volume v = volumes.get(o);
    if (v.pendingRepair != null) {
      return 7;
    }
    Instant deadline = loop.now().plus(PROGRAM_DEADLINE);
    SimGluster g = new SimGluster(model, loop, t, o, c, time, deadline);
    GlusterClient.Liveness l = g.localPool();
    if (!l.alive()) {
      return 1;
    }
    Reconciler r =
        new Reconciler(
                new Reconciler.Ports(g, members(c, time), prober(o, c, time)),
                new Planner(settings),
                Deadline.in(Duration.between(time.instant(), deadline), time),
                GLUSTER_TIMEOUT)
            // as the probe's runs do: the desired members only where they can change the plan
            .readingDesiredOnlyWhenNeeded();
    Reconciler.Pass pass = r.observeAndPlan(self(o), l.pool(), v.memory);
    List<Reconciler.Outcome> outcomes =
        r.act(
            pass.plan(),
            repair -> {
              if (v.pendingRepair == null) {
                v.pendingRepair = repair;
              }
              return new RepairRequest(RepairLedger.Decision.REQUESTED, 0, Optional.empty());
            },
            false);
    v.memory = pass.plan().memory();
    boolean repairAsked =
        outcomes.stream().anyMatch(x -> x.action() instanceof Action.Repair && x.done());
    return repairAsked ? 7 : 0;
  }

  /** The desired members: the API's {@code spec.replicas}, or the pods that have a DNS record. */
  DesiredMembersSource members(RunCounts c, RunTime time) {
    return deadline -> new Observation<>(desired(c, time), List.of());
  }

  private Observed<DesiredMembers> desired(RunCounts c, RunTime time) {
    c.members++;
    time.spend(t.membersCall());
    if (mode == Mode.API) {
      if (!apiUp) {
        return Observed.unknown("the API does not answer");
      }
      List<Member> m =
          IntStream.range(0, replicas).mapToObj(x -> new Member(x, names.fqdnOf(x))).toList();
      return Observed.known(
          new DesiredMembers(DesiredMembers.Source.API, OptionalInt.of(replicas), m));
    }
    List<Member> m = new ArrayList<>();
    for (int x : new TreeSet<>(pods.keySet())) {
      if (model.resolves(names.fqdnOf(x))) {
        m.add(new Member(x, names.fqdnOf(x)));
      }
    }
    return Observed.known(new DesiredMembers(DesiredMembers.Source.DNS, OptionalInt.empty(), m));
  }

  /**
   * TCP checks; many at once take the longest one's time (a {@code ConcurrentTargetProber}), and a
   * check that needs longer than the time given is left out.
   */
  TargetProber prober(int o, RunCounts c, RunTime time) {
    return new TargetProber() {
      @Override
      public boolean answers(String host) {
        c.tcp++;
        time.spend(model.connectTime(o, host));
        return model.answers(o, host);
      }

      @Override
      public Map<String, Boolean> answering(List<String> hosts, Deadline by) {
        Duration d = by.remaining();
        Map<String, Boolean> out = new LinkedHashMap<>();
        Duration longest = Duration.ZERO;
        for (String h : hosts) {
          c.tcp++;
          Duration took = model.connectTime(o, h);
          if (took.compareTo(d) <= 0) {
            out.put(h, model.answers(o, h));
          }
          longest = took.compareTo(longest) > 0 ? took : longest;
        }
        time.spend(longest.compareTo(d) < 0 ? longest : d);
        return out;
      }
    };
  }

  /**
   * {@code glusterctl-probe prestop}, the same steps as {@code PrestopCommand}, then {@code then}:
   * a pod that is being scaled away and hosts no bricks waits, polling its own peer list every
   * second, until the coordinator has detached it or its deadline is near.
   */
  private void preStop(int o, Runnable then) {
    Instant start = loop.now();
    RunTime time = new RunTime(start);
    RunCounts c = new RunCounts();
    time.spend(t.jvmStart());
    if (mode == Mode.DNS) {
      // --members-from dns: spec.replicas unknown, STAYING
      endPreStop(o, start, time.instant(), 3, c, then);
      return;
    }
    c.members++;
    time.spend(t.membersCall());
    if (!apiUp) {
      endPreStop(o, start, time.instant(), 3, c, then);
      return;
    }
    if (o < replicas) {
      endPreStop(o, start, time.instant(), 0, c, then); // a restart, not a scale-down: STAYING
      return;
    }
    Instant deadline = start.plus(PRESTOP_DEADLINE);
    SimGluster g = new SimGluster(model, loop, t, o, c, time, deadline);
    if (g.bricks() instanceof Observed.Known<VolumeBricks> kb
        && kb.value().bricks().stream().anyMatch(b -> b.host().equals(names.fqdnOf(o)))) {
      endPreStop(o, start, time.instant(), 1, c, then);
      return;
    }
    loop.at(time.instant(), () -> pollPreStop(o, start, deadline, c, then));
  }

  private void pollPreStop(int o, Instant start, Instant deadline, RunCounts c, Runnable then) {
    RunTime time = new RunTime(loop.now());
    SimGluster g = new SimGluster(model, loop, t, o, c, time, deadline);
    GlusterClient.Liveness l = g.localPool();
    if (l.pool() instanceof Observed.Known<PoolView> kp && kp.value().alone()) {
      endPreStop(o, start, time.instant(), 0, c, then); // LEFT
      return;
    }
    if (Duration.between(time.instant(), deadline).compareTo(Duration.ofSeconds(2)) < 0) {
      endPreStop(o, start, time.instant(), 1, c, then); // NOT LEFT
      return;
    }
    loop.at(time.instant().plusSeconds(1), () -> pollPreStop(o, start, deadline, c, then));
  }

  private void endPreStop(int o, Instant start, Instant end, int exit, RunCounts c, Runnable then) {
    runs.add(new Run(o, "prestop", start, Duration.between(start, end), exit, c));
    loop.at(end, then);
  }

  /** {@code prestart}: a repair asked for by an earlier run, carried out before glusterd starts. */
  private void carryOutRepair(int o) {
    Volume v = volumes.get(o);
    Action.Repair r = v.pendingRepair;
    if (r == null) {
      return;
    }
    v.pendingRepair = null;
    OptionalInt ref = names.ordinalOf(r.reference());
    if (ref.isEmpty() || model.existingNode(ref.getAsInt()).isEmpty()) {
      return;
    }
    Optional<String> oldUuid = Optional.empty();
    if (r.kind() == RepairKind.LOST_IDENTITY) {
      for (GlusterdModel.PeerRecord rec : model.node(ref.getAsInt()).peers.values()) {
        if (rec.hostnames.get(0).equals(names.fqdnOf(o))) {
          oldUuid = Optional.of(rec.uuid);
        }
      }
    }
    model.rebuildFrom(o, ref.getAsInt(), oldUuid);
  }

  // ---- what is observed from outside ----------------------------------------------------------

  /**
   * Whether every pod of {@code expected} runs and lists exactly the others, by FQDN, {@code Peer
   * in Cluster (Connected)}: the sandbox's convergence test.
   */
  boolean converged(Set<Integer> expected) {
    for (int o : expected) {
      Pod p = pods.get(o);
      if (p == null || p.halted || p.terminating) {
        return false;
      }
      GlusterdModel.Node n = model.node(o);
      if (!n.up || n.peers.size() != expected.size() - 1 || model.listingFails(o)) {
        return false;
      }
      for (GlusterdModel.PeerRecord r : n.peers.values()) {
        OptionalInt ro = model.ordinalOf(r.hostnames.get(0));
        if (ro.isEmpty()
            || !expected.contains(ro.getAsInt())
            || ro.getAsInt() == o
            || r.state != PeerState.PEER_IN_CLUSTER
            || !n.connectedTo(r.uuid)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Runs until {@code expected} converged (looked at every second) or {@code max} passed; the time
   * it took, or empty.
   */
  Optional<Duration> awaitConverged(Set<Integer> expected, Duration max) {
    Instant from = loop.now();
    Instant end = from.plus(max);
    while (loop.now().isBefore(end)) {
      loop.runUntil(loop.now().plusSeconds(1));
      if (converged(expected)) {
        return Optional.of(Duration.between(from, loop.now()));
      }
    }
    return Optional.empty();
  }

  /** Lets simulated time pass. */
  void advance(Duration d) {
    loop.runUntil(loop.now().plus(d));
  }

  List<Run> runs() {
    return List.copyOf(runs);
  }
}
