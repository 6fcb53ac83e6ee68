package io.glusterctl.probe.bench;

import io.glusterctl.probe.e2e.sandbox.Pod;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.TimeScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How fast the pool converges, driven only by the kubelet's probes and hooks in the sandbox (the
 * manifest's pod template, time {@link TimeScale scaled}): pool formation, scale 3 -> 5, scale 5 -> 3,
 * a deleted pod, a full restart; each repeated in several fresh sandboxes. Converged means every
 * desired pod lists exactly the others, by FQDN, as {@code Peer in Cluster (Connected)} (read from
 * each pod's own glusterd, every quarter period).
 *
 * <p>Run with {@code src/test/bench/run-benchmarks.sh convergence} (root). Arguments: {@code
 * [repetitions]} (default 3). The time scale is the sandbox's ({@code -Dglusterctl.sandbox.timescale}).
 */
public final class ConvergenceBenchmark {
  private ConvergenceBenchmark() {}

  /** One step's convergence: how long after the change, in sandbox time, and the load meanwhile. */
  record Step(String name, Duration took, int periods, LoadAverage load) {}

  public static void main(String[] args) {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    BenchSetup.requireSandboxAndProgram();
    String machine = BenchSetup.machine();
    Map<String, List<Step>> steps = new LinkedHashMap<>();
    TimeScale scale = null;
    Duration period = null;
    for (int r = 0; r < repetitions; r++) {
      double load = LoadAverage.now();
      long created = System.nanoTime();
      try (Sandbox sandbox = Sandbox.builder().replicas(3).start()) {
        scale = sandbox.timeScale();
        period = sandbox.probePeriod();
        for (Step s : sequence(sandbox, created, load)) {
          steps.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
          System.err.println("convergence: " + s);
        }
      }
    }
    System.out.print(report(machine, steps, scale, period, repetitions));
  }

  /**
   * Formation (counted from {@code created}, when the StatefulSet was made, and from now, when every
   * pod's glusterd answers), scale up, scale down, a deleted pod, a full restart, in one sandbox.
   */
  static List<Step> sequence(Sandbox sandbox, long created, double loadAtCreation) {
    List<Step> steps = new ArrayList<>();
    long answering = System.nanoTime();
    sandbox.awaitConverged(BenchSetup.ordinals(3), 20);
    long formed = System.nanoTime();
    steps.add(step(sandbox, "pool formation (3 pods), from the StatefulSet's creation", formed - created,
        LoadAverage.between(loadAtCreation)));
    steps.add(step(sandbox, "pool formation (3 pods), from every glusterd answering", formed - answering,
        LoadAverage.between(loadAtCreation)));
    steps.add(measure(sandbox, "scale up 3 → 5", () -> BenchSetup.ordinals(5), () -> sandbox.scale(5)));
    steps.add(measure(sandbox, "scale down 5 → 3", () -> BenchSetup.ordinals(3), () -> {
      sandbox.scale(3);
      sandbox.awaitPodsRunning(Duration.ofSeconds(120));
    }));
    steps.add(measure(sandbox, "pod 1 deleted, recreated", () -> BenchSetup.ordinals(3), () -> {
      Pod deleted = sandbox.requirePod(1);
      sandbox.deletePod(1);
      sandbox.awaitNewPod(1, deleted.incarnation(), Duration.ofSeconds(120));
    }));
    steps.add(measureFrom(sandbox, "full restart (every pod killed at once, DNS down, then all start)",
        BenchSetup.ordinals(3), () -> {
          sandbox.clusterDown();
          sleep(sandbox.probePeriod().multipliedBy(2));
        }, sandbox::clusterUp));
    return steps;
  }

  /** Times from just before {@code change} until the pool is exactly {@code expected}. */
  static Step measure(Sandbox sandbox, String name, Supplier<Set<Integer>> expected, Runnable change) {
    return measureFrom(sandbox, name, expected.get(), () -> {}, change);
  }

  /** {@code before} is not timed; the clock starts just before {@code change}. */
  static Step measureFrom(Sandbox sandbox, String name, Set<Integer> expected, Runnable before, Runnable change) {
    before.run();
    double load = LoadAverage.now();
    long start = System.nanoTime();
    change.run();
    int budget = 20 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT);
    sandbox.awaitConverged(expected, budget);
    return step(sandbox, name, System.nanoTime() - start, LoadAverage.between(load));
  }

  static Step step(Sandbox sandbox, String name, long nanos, LoadAverage load) {
    int periods = (int) Math.ceil((double) nanos / sandbox.probePeriod().toNanos());
    return new Step(name, Duration.ofNanos(nanos), periods, load);
  }

  static String report(String machine, Map<String, List<Step>> steps, TimeScale scale, Duration period, int reps) {
    Table t = new Table("change", "probe periods", "sandbox time [s]", "≈ cluster time [s]", "load avg (per run)");
    for (Map.Entry<String, List<Step>> e : steps.entrySet()) {
      List<Step> s = e.getValue();
      Spread periods = Spread.of(s.stream().map(x -> (double) x.periods()).toList());
      Spread seconds = Spread.of(s.stream().map(x -> x.took().toMillis() / 1000.0).toList());
      Spread cluster = Spread.of(s.stream().map(x -> x.took().toMillis() / 1000.0 * scale.factor()).toList());
      t.row(e.getKey(), periods.format(0), seconds.format(1), cluster.format(0),
          String.join(", ", s.stream().map(x -> x.load().toString()).toList()));
    }
    return String.format(Locale.ROOT, """
        ### Convergence

        %s

        Median (min–max) of %d runs, each in a fresh sandbox of 3 pods (the manifest's pod template; the API on).
        The clock runs x%s (a %d ms liveness period stands for 30 s); timeouts are divided by %s only.
        A probe period is the liveness period; periods are counted from the change to the first look that
        saw the whole pool right (looks every quarter period), rounded up. "≈ cluster time" multiplies the
        sandbox time by the time scale: an estimate, since the real work inside (JVM starts, gluster CLI
        calls, glusterd's own handshakes and reconnects) does not get faster in the sandbox.

        %s""", machine, reps, fmt(scale.factor()), period.toMillis(), fmt(scale.timeoutFactor()), t);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
