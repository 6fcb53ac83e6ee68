package io.glusterctl.probe.bench;

import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.KubeletSettings;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.TimeScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Pool size: for 3, 8, 16 and 32 pods, how long the pool takes to form, and what one liveness run
 * costs on the coordinator (pod 0) and on the last pod, next to the bare {@code peer status} in the
 * same pod.
 *
 * <p>The clock is a cluster's (time scale 1: the manifest's 30 s liveness period is 30 s), so that
 * the figures need no scaling; readiness runs only once (period one hour: it does not change the
 * pool, and 32 pods' JVM probes would otherwise crowd two cores). For the largest sizes the
 * liveness period can be slowed too ({@code --slow-from N --slow-period S}): the table says which
 * period each size ran with.
 *
 * <p>Run with {@code src/test/bench/run-benchmarks.sh sizes} (root). Arguments: {@code [runs]
 * [sizes...]}, default {@code 10 3 8 16 32}.
 */
public final class PoolSizeBenchmark {
  private PoolSizeBenchmark() {}

  /**
   * One pool size: formation times (empty when the pool did not form within the budget), the
   * kubelet's liveness runs that timed out and the container restarts meanwhile (signs of an
   * overloaded machine), and the cost of one liveness run (absent when the pool did not form).
   */
  record SizeResult(
      int pods,
      int livenessPeriod,
      Optional<Duration> formFromCreation,
      Optional<Duration> formFromAnswering,
      int budgetPeriods,
      LoadAverage formLoad,
      long livenessTimeouts,
      int restarts,
      Optional<CommandCosts> coordinator,
      Optional<CommandCosts> last) {}

  static final int BUDGET_PERIODS = 15;

  public static void main(String[] args) {
    List<String> rest = new ArrayList<>(List.of(args));
    int slowFrom = Integer.parseInt(option(rest, "--slow-from", "1000"));
    int slowPeriod = Integer.parseInt(option(rest, "--slow-period", "60"));
    boolean answering = option(rest, "--startup", "tcp").equals("answers");
    int runs = rest.isEmpty() ? 10 : Integer.parseInt(rest.remove(0));
    List<Integer> sizes =
        rest.isEmpty() ? List.of(3, 8, 16, 32) : rest.stream().map(Integer::parseInt).toList();
    BenchSetup.requireSandboxAndProgram();
    String machine = BenchSetup.machine();
    List<SizeResult> results = new ArrayList<>();
    for (int n : sizes) {
      int period = n >= slowFrom ? slowPeriod : 30;
      SizeResult r = measure(n, period, runs, answering);
      results.add(r);
      System.err.println("pool size " + n + ": " + r);
    }
    System.out.print(
        "startupProbe: "
            + (answering
                ? "`gluster pool list` answers (`--startup answers`)"
                : "TCP connect to 24007, as in the manifest")
            + "\n\n");
    System.out.print(report(machine, results, runs));
  }

  static SizeResult measure(int n, int livenessPeriod, int runs, boolean answeringStartup) {
    KubeletSettings kubelet =
        answeringStartup
            ? KubeletSettings.defaults().withStartup(KubeletSettings.answeringStartupProbe())
            : KubeletSettings.defaults();
    KubeletSettings template = BenchSetup.withPeriods(kubelet, livenessPeriod, 3600);
    double load = LoadAverage.now();
    long created = System.nanoTime();
    try (Sandbox sandbox =
        Sandbox.builder().replicas(n).timeScale(TimeScale.of(1)).kubelet(template).start()) {
      long answering = System.nanoTime();
      try {
        sandbox.pool().awaitConverged(BenchSetup.ordinals(n), BUDGET_PERIODS);
      } catch (AssertionError e) {
        System.err.println("pool size " + n + ": " + e.getMessage());
        return new SizeResult(
            n,
            livenessPeriod,
            Optional.empty(),
            Optional.empty(),
            BUDGET_PERIODS,
            LoadAverage.between(load),
            timeouts(sandbox),
            restarts(sandbox, n),
            Optional.empty(),
            Optional.empty());
      }
      long formed = System.nanoTime();
      LoadAverage formLoad = LoadAverage.between(load);
      long timeouts = timeouts(sandbox);
      int restarts = restarts(sandbox, n);
      var commands =
          InPod.commands(
              "liveness", "glusterctl-probe liveness", "peer status", ProbeCostBenchmark.FLOOR);
      CommandCosts coordinator =
          CommandCosts.measure(sandbox.cluster().requirePod(0), runs, commands);
      CommandCosts other =
          CommandCosts.measure(sandbox.cluster().requirePod(n - 1), runs, commands);
      return new SizeResult(
          n,
          livenessPeriod,
          Optional.of(Duration.ofNanos(formed - created)),
          Optional.of(Duration.ofNanos(formed - answering)),
          BUDGET_PERIODS,
          formLoad,
          timeouts,
          restarts,
          Optional.of(coordinator),
          Optional.of(other));
    }
  }

  private static long timeouts(Sandbox sandbox) {
    return sandbox
        .log()
        .probeRuns(r -> r.kind() == ProbeKind.LIVENESS && r.exitCode() == CommandResult.TIMED_OUT)
        .size();
  }

  private static int restarts(Sandbox sandbox, int n) {
    return IntStream.range(0, n).map(sandbox.cluster()::restarts).sum();
  }

  static String report(String machine, List<SizeResult> results, int runs) {
    Table form =
        new Table(
            "pods",
            "liveness period [s]",
            "formed, from the StatefulSet's creation [s]",
            "from every glusterd answering [s]",
            "≈ probe periods",
            "liveness timeouts, container restarts",
            "load avg");
    Table cost =
        new Table(
            "pods",
            "pod",
            "liveness wall [ms]",
            "liveness CPU [ms]",
            "liveness peak RSS [MB]",
            "peer status wall [ms]",
            "peer status CPU [ms]",
            "ratio (wall / CPU)",
            "load avg");
    for (SizeResult r : results) {
      String trouble = r.livenessTimeouts() + ", " + r.restarts();
      if (r.formFromAnswering().isEmpty()) {
        form.row(
            r.pods(),
            r.livenessPeriod(),
            "not within " + r.budgetPeriods() + " periods",
            "–",
            "–",
            trouble,
            r.formLoad());
        continue;
      }
      double fromAnswering = r.formFromAnswering().get().toMillis() / 1000.0;
      form.row(
          r.pods(),
          r.livenessPeriod(),
          fmt(r.formFromCreation().get().toMillis() / 1000.0),
          fmt(fromAnswering),
          (int) Math.ceil(fromAnswering / r.livenessPeriod()),
          trouble,
          r.formLoad());
      for (CommandCosts c : List.of(r.coordinator().get(), r.last().get())) {
        String who = c.pod() + (c == r.coordinator().get() ? " (coordinator)" : "");
        cost.row(
            r.pods(),
            who,
            c.wall("liveness").format(0),
            c.cpu("liveness").format(0),
            c.rssMb("liveness").format(1),
            c.wall("peer status").format(0),
            c.cpu("peer status").format(0),
            c.wall("liveness").ratioTo(c.wall("peer status"))
                + " / "
                + c.cpu("liveness").ratioTo(c.cpu("peer status")),
            c.load());
      }
    }
    return String.format(
        Locale.ROOT,
        """
        ### Pool size

        %s

        Time scale 1 (cluster time); the kubelet runs liveness every period given, readiness once. Formation is
        counted until every pod lists exactly the others as `Peer in Cluster (Connected)`; "from every glusterd
        answering" starts when the sandbox has started all pods and each glusterd answers the CLI (the startup
        probes may already have begun forming the pool by then).

        %s
        One liveness run after the pool formed, median (min–max) of %d runs each (wall time: hyperfine; CPU time and
        peak RSS: `/usr/bin/time -v`), next to the bare `%s` in the same pod. The other pods' kubelets keep
        running their liveness probes meanwhile.

        %s""",
        machine,
        form,
        runs,
        ProbeCostBenchmark.FLOOR,
        cost);
  }

  private static String fmt(double seconds) {
    return String.format(Locale.ROOT, "%.1f", seconds);
  }

  /** Removes {@code name value} from {@code args} and returns the value, or {@code otherwise}. */
  private static String option(List<String> args, String name, String otherwise) {
    int i = args.indexOf(name);
    if (i < 0 || i + 1 >= args.size()) {
      return otherwise;
    }
    String v = args.get(i + 1);
    args.remove(i + 1);
    args.remove(i);
    return v;
  }
}
