package io.glusterctl.probe.bench;

import io.glusterctl.probe.e2e.sandbox.KubeletSettings;
import io.glusterctl.probe.e2e.sandbox.Pod;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.SandboxException;
import io.glusterctl.probe.e2e.sandbox.TimeScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How fast the pool converges, driven only by the kubelet's probes and hooks in the sandbox (the
 * manifest's pod template, time {@link TimeScale scaled}): pool formation, scale 3 -> 5, scale 5 ->
 * 3, a deleted pod, a full restart; each repeated in several fresh sandboxes. Converged means every
 * desired pod lists exactly the others, by FQDN, as {@code Peer in Cluster (Connected)} (read from
 * each pod's own glusterd, every quarter period).
 *
 * <p>Run with {@code src/test/bench/run-benchmarks.sh convergence} (root). Arguments: {@code
 * [repetitions]} (default 3). The clock: see {@link #clock()}.
 */
public final class ConvergenceBenchmark {
  private ConvergenceBenchmark() {}

  /**
   * One step's convergence: how long after the change, in sandbox time, and the load meanwhile; or,
   * when the pool was not right within the budget, {@code converged} false and the budget as {@code
   * took}.
   */
  record Step(String name, Duration took, int periods, LoadAverage load, boolean converged) {}

  /** Thrown when a step did not converge: the repetition's later steps are not measured. */
  static final class NotConverged extends RuntimeException {
    final Step step;

    NotConverged(Step step, AssertionError cause) {
      super(step.name() + " did not converge", cause);
      this.step = step;
    }
  }

  /**
   * The clock of the benchmark's sandboxes: {@code -Dglusterctl.sandbox.timescale} when set, else
   * x2 with timeouts divided by 1.5 (gentler than the tests' x5: on two cores the pods' JVM probes
   * must not crowd each other, or the figures measure the machine instead of the program).
   */
  static TimeScale clock() {
    return System.getProperty(TimeScale.PROPERTY) != null
        ? TimeScale.fromSystemProperties()
        : new TimeScale(2, 1.5);
  }

  public static void main(String[] args) {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    BenchSetup.requireSandboxAndProgram();
    String machine = BenchSetup.machine();
    Map<String, List<Step>> steps = new LinkedHashMap<>();
    TimeScale scale = clock();
    Duration period = scale.seconds(KubeletSettings.defaults().liveness().periodSeconds());
    for (int r = 0; r < repetitions; r++) {
      double load = LoadAverage.now();
      long created = System.nanoTime();
      try (Sandbox sandbox = Sandbox.builder().replicas(3).timeScale(clock()).start()) {
        sequence(
            sandbox,
            created,
            load,
            s -> {
              steps.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
              System.err.println("convergence: " + s);
            });
      } catch (NotConverged e) {
        steps.computeIfAbsent(e.step.name(), k -> new ArrayList<>()).add(e.step);
        System.err.println("convergence: " + e.step + "\n" + e.getCause().getMessage());
      } catch (SandboxException e) {
        System.err.println("convergence: repetition " + (r + 1) + " lost: " + e.getMessage());
      }
    }
    System.out.print(report(machine, steps, scale, period, repetitions));
  }

  /**
   * Formation (counted from {@code created}, when the StatefulSet was made, and from now, when
   * every pod's glusterd answers), scale up, scale down, a deleted pod, a full restart, in one
   * sandbox.
   */
  static void sequence(Sandbox sandbox, long created, double loadAtCreation, Consumer<Step> steps) {
    long answering = System.nanoTime();
    int budget = 20;
    try {
      sandbox.pool().awaitConverged(BenchSetup.ordinals(3), budget);
    } catch (AssertionError e) {
      throw new NotConverged(
          new Step(
              "pool formation (3 pods), from every glusterd answering",
              sandbox.probePeriod().multipliedBy(budget),
              budget,
              LoadAverage.between(loadAtCreation),
              false),
          e);
    }
    long formed = System.nanoTime();
    steps.accept(
        step(
            sandbox,
            "pool formation (3 pods), from the StatefulSet's creation",
            formed - created,
            LoadAverage.between(loadAtCreation)));
    steps.accept(
        step(
            sandbox,
            "pool formation (3 pods), from every glusterd answering",
            formed - answering,
            LoadAverage.between(loadAtCreation)));
    steps.accept(
        measure(
            sandbox,
            "scale up 3 → 5",
            () -> BenchSetup.ordinals(5),
            () -> sandbox.cluster().scale(5)));
    steps.accept(
        measure(
            sandbox,
            "scale down 5 → 3",
            () -> BenchSetup.ordinals(3),
            () -> {
              sandbox.cluster().scale(3);
              sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(120));
            }));
    steps.accept(
        measure(
            sandbox,
            "pod 1 deleted, recreated",
            () -> BenchSetup.ordinals(3),
            () -> {
              Pod deleted = sandbox.cluster().requirePod(1);
              sandbox.cluster().deletePod(1);
              sandbox.cluster().awaitNewPod(1, deleted.incarnation(), Duration.ofSeconds(120));
            }));
    steps.accept(
        measureFrom(
            sandbox,
            "full restart (every pod killed at once, DNS down, then all start)",
            BenchSetup.ordinals(3),
            () -> {
              sandbox.cluster().powerOff();
              sleep(sandbox.probePeriod().multipliedBy(2));
            },
            sandbox.cluster()::powerOn));
  }

  /** Times from just before {@code change} until the pool is exactly {@code expected}. */
  static Step measure(
      Sandbox sandbox, String name, Supplier<Set<Integer>> expected, Runnable change) {
    return measureFrom(sandbox, name, expected.get(), () -> {}, change);
  }

  /** {@code before} is not timed; the clock starts just before {@code change}. */
  static Step measureFrom(
      Sandbox sandbox, String name, Set<Integer> expected, Runnable before, Runnable change) {
    before.run();
    double load = LoadAverage.now();
    long start = System.nanoTime();
    change.run();
    int budget = 20 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT);
    try {
      sandbox.pool().awaitConverged(expected, budget);
    } catch (AssertionError e) {
      throw new NotConverged(
          new Step(
              name,
              sandbox.probePeriod().multipliedBy(budget),
              budget,
              LoadAverage.between(load),
              false),
          e);
    }
    return step(sandbox, name, System.nanoTime() - start, LoadAverage.between(load));
  }

  static Step step(Sandbox sandbox, String name, long nanos, LoadAverage load) {
    int periods = (int) Math.ceil((double) nanos / sandbox.probePeriod().toNanos());
    return new Step(name, Duration.ofNanos(nanos), periods, load, true);
  }

  static String report(
      String machine, Map<String, List<Step>> steps, TimeScale scale, Duration period, int reps) {
    Table t =
        new Table(
            "change",
            "probe periods",
            "sandbox time [s]",
            "≈ cluster time [s]",
            "not converged",
            "load avg (per run)");
    for (Map.Entry<String, List<Step>> e : steps.entrySet()) {
      List<Step> all = e.getValue();
      List<Step> s = all.stream().filter(Step::converged).toList();
      String failed =
          all.size() - s.size() == 0
              ? "0"
              : (all.size() - s.size())
                  + " (budget "
                  + all.stream().filter(x -> !x.converged()).findFirst().get().periods()
                  + " periods)";
      String loads = String.join(", ", all.stream().map(x -> x.load().toString()).toList());
      if (s.isEmpty()) {
        t.row(e.getKey(), "–", "–", "–", failed, loads);
        continue;
      }
      Spread periods = Spread.of(s.stream().map(x -> (double) x.periods()).toList());
      Spread seconds = Spread.of(s.stream().map(x -> x.took().toMillis() / 1000.0).toList());
      Spread cluster =
          Spread.of(s.stream().map(x -> x.took().toMillis() / 1000.0 * scale.factor()).toList());
      t.row(e.getKey(), periods.format(0), seconds.format(1), cluster.format(0), failed, loads);
    }
    return String.format(
        Locale.ROOT,
        """
        ### Convergence

        %s

        Median (min–max) of %d repetitions (converged ones), each in a fresh sandbox of 3 pods (the manifest's pod template; the API on).
        The clock runs x%s (a %d ms liveness period stands for 30 s); timeouts are divided by %s only.
        A probe period is the liveness period; periods are counted from the change to the first look that
        saw the whole pool right (looks every quarter period), rounded up. "≈ cluster time" multiplies the
        sandbox time by the time scale: an estimate, since the real work inside (JVM starts, gluster CLI
        calls, glusterd's own handshakes and reconnects) does not get faster in the sandbox.

        %s""",
        machine,
        reps,
        fmt(scale.factor()),
        period.toMillis(),
        fmt(scale.timeoutFactor()),
        t);
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
