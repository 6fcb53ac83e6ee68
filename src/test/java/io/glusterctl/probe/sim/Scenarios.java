package io.glusterctl.probe.sim;

import io.glusterctl.probe.plan.PlannerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The changes the simulation measures, each from a pool that formed: formation, scale up and down
 * by one and by half, a lost node whose pod comes back elsewhere, a full restart. Periods count
 * from the moment the change is complete on the cluster's side (every new glusterd answering, the
 * StatefulSet scaled) to the first look (every second) that saw the pool exactly right, rounded up,
 * as the sandbox counts them.
 */
final class Scenarios {
  private Scenarios() {}

  /** The outcome of one change. */
  record Result(
      String change,
      int pods,
      Optional<Duration> took,
      List<SimCluster.Run> runs,
      List<SimCluster.Run> steady) {
    /** Liveness periods to converge, rounded up; empty when it did not. */
    Optional<Integer> periods() {
      return took.map(
          d -> (int) Math.max(1, Math.ceil((double) d.toMillis() / SimCluster.PERIOD.toMillis())));
    }
  }

  static final Duration BUDGET = SimCluster.PERIOD.multipliedBy(30);

  static SimCluster cluster(SimCluster.Mode mode, Timings t, long seed) {
    return new SimCluster(mode, t, seed, PlannerSettings.DEFAULTS);
  }

  static Set<Integer> upTo(int n) {
    return new TreeSet<>(IntStream.range(0, n).boxed().toList());
  }

  /** A new StatefulSet of {@code n} pods (Parallel), from every glusterd answering. */
  static Result formation(SimCluster c, int n) {
    c.scale(n);
    awaitAllUp(c, upTo(n));
    return measure(c, "formation", n, upTo(n), x -> {});
  }

  /** {@code from} pods formed, then {@code spec.replicas = to}. */
  static Result scale(SimCluster c, int from, int to) {
    form(c, from);
    String what = (to > from ? "scale up " : "scale down ") + from + " -> " + to;
    return measure(
        c,
        what,
        from,
        upTo(to),
        x -> {
          x.scale(to);
          if (to > from) {
            awaitAllUp(x, upTo(to));
          }
        });
  }

  /**
   * {@code n} pods formed; the node of the highest ordinal goes down; a period later its pod is
   * made again elsewhere (new address, same volume). Counted from its glusterd answering.
   */
  static Result lostNode(SimCluster c, int n) {
    form(c, n);
    int lost = n - 1;
    c.nodeDown(lost);
    c.advance(SimCluster.PERIOD);
    return measure(
        c,
        "node lost, pod back at a new address",
        n,
        upTo(n),
        x -> {
          x.reschedule(lost);
          awaitAllUp(x, Set.of(lost));
        });
  }

  /**
   * {@code n} pods formed; pod 1's copy of a volume's configuration drifts (the lab's R1) and its
   * glusterd restarts: the pool rejects it until it repairs itself (liveness exit 7, the kubelet's
   * restart, prestart rebuilding its peer list from a healthy member).
   */
  static Result drift(SimCluster c, int n) {
    form(c, n);
    return measure(
        c, "pod 1 rejected (drift)", n, upTo(n), x -> x.restartGlusterdWith(1, x.model::drift));
  }

  /** {@code n} pods formed; every container killed at once; all back at new addresses. */
  static Result fullRestart(SimCluster c, int n) {
    form(c, n);
    c.killAll();
    c.advance(Duration.ofSeconds(10));
    return measure(
        c,
        "full restart",
        n,
        upTo(n),
        x -> {
          x.startAll();
          awaitAllUp(x, upTo(n));
        });
  }

  private static void form(SimCluster c, int n) {
    c.scale(n);
    if (c.awaitConverged(upTo(n), BUDGET).isEmpty()) {
      throw new IllegalStateException(n + " pods did not form within " + BUDGET);
    }
    c.advance(SimCluster.PERIOD);
  }

  private static Result measure(
      SimCluster c, String what, int pods, Set<Integer> expected, Consumer<SimCluster> change) {
    change.accept(c);
    Instant from = c.loop.now();
    Optional<Duration> took = c.awaitConverged(expected, BUDGET);
    Instant to = c.loop.now();
    List<SimCluster.Run> during = window(c, from, to);
    c.advance(SimCluster.PERIOD.multipliedBy(2));
    List<SimCluster.Run> steady = window(c, to.plus(SimCluster.PERIOD), c.loop.now());
    return new Result(what, pods, took, during, steady);
  }

  private static List<SimCluster.Run> window(SimCluster c, Instant from, Instant to) {
    List<SimCluster.Run> w = new ArrayList<>();
    for (SimCluster.Run r : c.runs()) {
      if (!r.start().isBefore(from) && r.start().isBefore(to) && r.kind().equals("liveness")) {
        w.add(r);
      }
    }
    return w;
  }

  private static void awaitAllUp(SimCluster c, Set<Integer> ordinals) {
    for (int i = 0; i < 600; i++) {
      if (ordinals.stream().allMatch(o -> c.model.existingNode(o).map(n -> n.up).orElse(false))) {
        return;
      }
      c.advance(Duration.ofMillis(500));
    }
    throw new IllegalStateException("glusterd of " + ordinals + " did not start");
  }
}
