package io.glusterctl.probe.sim;

import io.glusterctl.probe.bench.Spread;
import io.glusterctl.probe.bench.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The simulation's figures: for pool sizes up to 256, how many liveness periods each change takes
 * to converge and what the runs cost (CLI calls and simulated wall time per run, for the
 * coordinator, pod 0, and for the last pod, a plain member). Runs in seconds, on no glusterd.
 *
 * <p>{@code java -cp target/test-classes:target/classes:target/lib/* \
 * io.glusterctl.probe.sim.SimulationBenchmark [cluster|sandbox] [api|dns] [sizes...]}, or {@code
 * src/test/bench/run-benchmarks.sh simulation}.
 */
public final class SimulationBenchmark {
  private SimulationBenchmark() {}

  public static void main(String[] args) {
    List<String> rest = new ArrayList<>(List.of(args));
    String timings = rest.isEmpty() ? "cluster" : rest.remove(0);
    Timings t = timings.equals("sandbox") ? Timings.sandbox() : Timings.cluster();
    SimCluster.Mode mode =
        !rest.isEmpty() && rest.get(0).equals("dns") ? SimCluster.Mode.DNS : SimCluster.Mode.API;
    if (!rest.isEmpty() && (rest.get(0).equals("dns") || rest.get(0).equals("api"))) {
      rest.remove(0);
    }
    List<Integer> sizes =
        rest.isEmpty()
            ? List.of(3, 8, 16, 32, 64, 128, 256)
            : rest.stream().map(Integer::parseInt).toList();
    System.out.print(report(t, timings, mode, sizes, 1));
  }

  static String report(
      Timings t, String timings, SimCluster.Mode mode, List<Integer> sizes, long seed) {
    Table table =
        new Table(
            "pods",
            "change",
            "periods",
            "coordinator: CLI calls per run",
            "coordinator: wall per run [s]",
            "last pod: CLI calls per run",
            "last pod: wall per run [s]",
            "steady state: CLI calls per run");
    for (int n : sizes) {
      List<Function<SimCluster, Scenarios.Result>> changes = new ArrayList<>();
      changes.add(c -> Scenarios.formation(c, n));
      changes.add(c -> Scenarios.scale(c, n, n + 1));
      if (n / 2 > 1) {
        changes.add(c -> Scenarios.scale(c, n, n + n / 2));
      }
      if (n > 3) {
        changes.add(c -> Scenarios.scale(c, n, n - 1));
      }
      if (n > 3 && n / 2 > 1) {
        changes.add(c -> Scenarios.scale(c, n, n - n / 2));
      }
      changes.add(c -> Scenarios.lostNode(c, n));
      changes.add(c -> Scenarios.drift(c, n));
      changes.add(c -> Scenarios.fullRestart(c, n));
      for (Function<SimCluster, Scenarios.Result> change : changes) {
        SimCluster c = Scenarios.cluster(mode, t, seed);
        Scenarios.Result r;
        try {
          r = change.apply(c);
        } catch (IllegalStateException e) {
          table.row(n, e.getMessage(), "–", "–", "–", "–", "–", "–");
          continue;
        }
        int last = r.runs().stream().mapToInt(SimCluster.Run::ordinal).max().orElse(0);
        table.row(
            n,
            r.change(),
            r.periods()
                .map(String::valueOf)
                .orElse("not within " + Scenarios.BUDGET.toMinutes() + " min"),
            calls(r.runs(), 0),
            wall(r.runs(), 0),
            calls(r.runs(), last),
            wall(r.runs(), last),
            spread(r.steady().stream().map(x -> (double) x.counts().cli).toList(), 0));
        System.err.println("sim " + n + " " + r.change() + ": " + r.periods());
      }
    }
    return String.format(
        Locale.ROOT,
        "### Simulation (%s timings, %s mode, seed %d)%n%n%s%n",
        timings,
        mode.name().toLowerCase(Locale.ROOT),
        seed,
        table);
  }

  private static String calls(List<SimCluster.Run> runs, int ordinal) {
    return spread(
        runs.stream()
            .filter(r -> r.ordinal() == ordinal)
            .map(r -> (double) r.counts().cli)
            .toList(),
        0);
  }

  private static String wall(List<SimCluster.Run> runs, int ordinal) {
    return spread(
        runs.stream()
            .filter(r -> r.ordinal() == ordinal)
            .map(r -> r.took().toMillis() / 1000.0)
            .toList(),
        1);
  }

  private static String spread(List<Double> values, int decimals) {
    return values.isEmpty() ? "–" : Spread.of(values).format(decimals);
  }
}
