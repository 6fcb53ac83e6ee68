package io.glusterctl.probe.sim;

import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import io.glusterctl.probe.reconcile.MembersSource;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.reconcile.TargetProber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

  private final class Pod {
    final int ordinal;
    EventLoop.Proc kubelet;
    boolean terminating;
    boolean halted;

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

  Set<Integer> desired() {
    return new TreeSet<>(IntStream.range(0, replicas).boxed().toList());
  }

  private void create(int o) {
    Pod p = new Pod(o);
    pods.put(o, p);
    model.podCreated(o);
    volumes.computeIfAbsent(o, x -> new Volume());
    p.kubelet = loop.spawn(loop.now(), "kubelet-" + o, () -> kubelet(p));
  }

  /** preStop, then SIGTERM; the pod and its DNS record are gone once glusterd stopped. */
  private void terminate(Pod p) {
    p.terminating = true;
    p.kubelet.kill();
    loop.spawn(
        loop.now(),
        "terminate-" + p.ordinal,
        () -> {
          preStop(p.ordinal);
          model.stop(p.ordinal);
          loop.sleep(t.stopGrace());
          model.podDeleted(p.ordinal);
          pods.remove(p.ordinal);
        });
  }

  /** The pod's node goes down: its link is cut and its processes freeze. */
  void nodeDown(int o) {
    Pod p = pods.get(o);
    p.halted = true;
    p.kubelet.kill();
    model.cutLink(o);
  }

  /** The pod of a lost node is made again on another node: new address, same volume. */
  void reschedule(int o) {
    model.stop(o);
    model.rescheduled(o);
    Pod p = new Pod(o);
    pods.put(o, p);
    p.kubelet = loop.spawn(loop.now(), "kubelet-" + o, () -> kubelet(p));
  }

  /** Every pod's container is killed at once (no preStop: the nodes lost power). */
  void killAll() {
    for (Pod p : List.copyOf(pods.values())) {
      p.halted = true;
      p.kubelet.kill();
      model.stop(p.ordinal);
    }
  }

  /** After {@link #killAll}: every pod comes back, each at a new address. */
  void startAll() {
    for (int o : List.copyOf(pods.keySet())) {
      reschedule(o);
    }
  }

  void apiOutage(boolean down) {
    apiUp = !down;
  }

  // ---- the kubelet ----------------------------------------------------------------------------

  private void kubelet(Pod p) {
    int o = p.ordinal;
    loop.sleep(jitter(t.containerStart()));
    while (true) {
      carryOutRepair(o);
      model.start(o);
      Instant started = loop.now();
      // the startup probe, a TCP check every 5 s from the container's start: glusterd listens
      // within its first period
      loop.sleep(STARTUP_PERIOD);
      int failures = 0;
      Instant next = started;
      while (true) {
        while (loop.now().isBefore(next)) {
          loop.sleep(Duration.between(loop.now(), next));
        }
        next = next.plus(PERIOD);
        int exit = liveness(o);
        failures = exit == 0 ? 0 : failures + 1;
        if (failures >= 3) {
          break;
        }
        if (next.isBefore(loop.now())) {
          next = loop.now();
        }
      }
      // three liveness failures: the kubelet restarts the container (preStop, stop, start)
      preStop(o);
      model.stop(o);
      loop.sleep(t.stopGrace());
    }
  }

  private Duration jitter(Duration max) {
    return Duration.ofMillis((long) (max.toMillis() * (0.5 + random.nextDouble() / 2)));
  }

  // ---- the program ----------------------------------------------------------------------------

  Self self(int o) {
    return new Self("glusterfs-" + o, "default", "glusterfs", "cluster.local");
  }

  /** {@code glusterctl-probe liveness}: the same steps as {@code LivenessCommand}. */
  private int liveness(int o) {
    Instant start = loop.now();
    RunCounts c = new RunCounts();
    int exit = livenessSteps(o, start, c); // a killed run unwinds here, unrecorded
    Duration took = Duration.between(start, loop.now());
    if (took.compareTo(LIVENESS_TIMEOUT) > 0) {
      exit = -1; // the kubelet's timeout: a failure
    }
    runs.add(new Run(o, "liveness", start, took, exit, c));
    return exit;
  }

  private int livenessSteps(int o, Instant start, RunCounts c) {
    loop.sleep(t.jvmStart());
    Volume v = volumes.get(o);
    if (v.pendingRepair != null) {
      return 7;
    }
    SimGluster g = new SimGluster(model, loop, t, o, c);
    GlusterClient.Liveness l = g.localPool();
    if (!l.alive()) {
      return 1;
    }
    Instant deadline = start.plus(PROGRAM_DEADLINE);
    Reconciler r =
        new Reconciler(
            g,
            members(o, c),
            prober(o, c),
            new Planner(settings),
            loop.clock(),
            GLUSTER_TIMEOUT.plusSeconds(1));
    Reconciler.Pass pass = r.observeAndPlan(self(o), l.pool(), v.memory, deadline);
    List<Reconciler.Outcome> outcomes =
        r.act(
            pass.plan(),
            repair -> {
              if (v.pendingRepair == null) {
                v.pendingRepair = repair;
              }
              return true;
            },
            false,
            deadline);
    v.memory = pass.plan().memory();
    boolean repairAsked =
        outcomes.stream().anyMatch(x -> x.action() instanceof Action.Repair && x.done());
    return repairAsked ? 7 : 0;
  }

  MembersSource members(int o, RunCounts c) {
    return () -> {
      c.members++;
      loop.sleep(t.membersCall());
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
    };
  }

  TargetProber prober(int o, RunCounts c) {
    return host -> {
      c.tcp++;
      loop.sleep(model.connectTime(o, host));
      return model.answers(o, host);
    };
  }

  /** {@code glusterctl-probe prestop}: the same steps as {@code PrestopCommand}. */
  private void preStop(int o) {
    Instant start = loop.now();
    RunCounts c = new RunCounts();
    int exit = 0;
    try {
      loop.sleep(t.jvmStart());
      if (mode == Mode.DNS) {
        exit = 3; // --members-from dns: spec.replicas unknown, STAYING
        return;
      }
      c.members++;
      loop.sleep(t.membersCall());
      if (!apiUp) {
        exit = 3;
        return;
      }
      if (o < replicas) {
        return; // a restart, not a scale-down: STAYING
      }
      SimGluster g = new SimGluster(model, loop, t, o, c);
      if (g.bricks() instanceof Observed.Known<?> k
          && ((io.glusterctl.probe.model.VolumeBricks) k.value())
              .bricks().stream().anyMatch(b -> b.host().equals(names.fqdnOf(o)))) {
        exit = 1;
        return;
      }
      Instant deadline = start.plus(PRESTOP_DEADLINE);
      while (true) {
        GlusterClient.Liveness l = g.localPool();
        if (l.pool() instanceof Observed.Known<PoolView> kp && kp.value().alone()) {
          return; // LEFT
        }
        if (Duration.between(loop.now(), deadline).compareTo(Duration.ofSeconds(2)) < 0) {
          exit = 1; // NOT LEFT
          return;
        }
        loop.sleep(Duration.ofSeconds(1));
      }
    } finally {
      runs.add(new Run(o, "prestop", start, Duration.between(start, loop.now()), exit, c));
    }
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
    if (r.kind() == io.glusterctl.probe.model.RepairKind.LOST_IDENTITY) {
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
        OptionalInt ro = names.ordinalOf(r.hostnames.get(0));
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
      Instant next = loop.now().plusSeconds(1);
      loop.runUntil(next);
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

  void close() {
    loop.shutdown();
  }
}
