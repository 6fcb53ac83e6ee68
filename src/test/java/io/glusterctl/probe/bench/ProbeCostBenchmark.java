package io.glusterctl.probe.bench;

import io.glusterctl.probe.e2e.sandbox.Pod;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.TimeScale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one {@code liveness} run costs on a healthy 3-pod pool with real glusterd, next to the floor
 * it cannot go below: the bare {@code gluster --mode=script --xml peer status} it wraps, measured in
 * the same pod in the same stretch of time. Then how many gluster calls a steady-state run makes,
 * and the JVM launcher variants.
 *
 * <p>The pods' kubelet runs the probes only once (period one hour), so nothing else of the sandbox
 * competes with the measured runs; the pool is formed by running liveness by hand.
 *
 * <p>Run with {@code src/test/bench/run-benchmarks.sh cost} (root). Arguments: {@code [runs]}
 * (default 20).
 */
public final class ProbeCostBenchmark {
  static final String FLOOR = "gluster --mode=script --xml peer status";

  private ProbeCostBenchmark() {}

  public static void main(String[] args) throws IOException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    BenchSetup.requireSandboxAndProgram();
    Path work = Files.createTempDirectory("gct-bench-");
    Path wrapper = GlusterCallLog.installWrapper(work);
    StringBuilder md = new StringBuilder();
    try (Sandbox sandbox = Sandbox.builder().replicas(3).timeScale(TimeScale.of(1))
        .kubelet(BenchSetup.quietTemplate()).start()) {
      Set<Integer> all = BenchSetup.ordinals(3);
      BenchSetup.formByHand(sandbox, all, 10);
      md.append("### One liveness run on a healthy 3-pod pool\n\n").append(BenchSetup.machine()).append("\n\n");
      md.append(costTable(sandbox, runs)).append('\n');
      md.append(callsTable(sandbox, wrapper, 5)).append('\n');
      md.append("### JVM launcher variants, `liveness` in pod 1 (not the coordinator)\n\n");
      md.append(launcherTable(sandbox.requirePod(1), runs)).append('\n');
    } finally {
      Files.deleteIfExists(wrapper);
      Files.deleteIfExists(work);
    }
    System.out.print(md);
  }

  /** liveness and the bare peer status, on the coordinator (pod 0) and on pod 2. */
  static String costTable(Sandbox sandbox, int runs) {
    Table t = new Table("pod", "command", "wall [ms]", "CPU user+sys [ms]", "peak RSS [MB]",
        "ratio to peer status (wall / CPU / RSS)", "failed runs", "load avg");
    for (int o : List.of(0, 2)) {
      Pod pod = sandbox.requirePod(o);
      CommandCosts c = CommandCosts.measure(pod, runs,
          InPod.commands("liveness", "glusterctl-probe liveness", "peer status", FLOOR));
      String role = o == 0 ? pod.name() + " (coordinator)" : pod.name();
      for (String name : List.of("liveness", "peer status")) {
        String ratio = name.equals("peer status") ? "1"
            : c.wall(name).ratioTo(c.wall("peer status")) + " / " + c.cpu(name).ratioTo(c.cpu("peer status"))
                + " / " + c.rssMb(name).ratioTo(c.rssMb("peer status"));
        t.row(role, name.equals("liveness") ? "`glusterctl-probe liveness`" : "`" + FLOOR + "`",
            c.wall(name).format(0), c.cpu(name).format(0), c.rssMb(name).format(1), ratio, c.failed(name), c.load());
      }
    }
    return "Median (min–max) of " + runs + " runs each: wall time from hyperfine (after 3 warm-up runs), CPU time"
        + " and peak RSS from `/usr/bin/time -v` (the two commands interleaved). Both run inside the pod, as the"
        + " kubelet's exec probe does.\n\n" + t;
  }

  /** Steady-state runs with the counting gluster wrapper: how many gluster calls each makes. */
  static String callsTable(Sandbox sandbox, Path wrapper, int runs) {
    Table t = new Table("pod", "liveness runs", "gluster calls per run", "the calls");
    for (int o : List.of(0, 1, 2)) {
      Pod pod = sandbox.requirePod(o);
      long mark = GlusterCallLog.mark(pod);
      for (int i = 0; i < runs; i++) {
        sandbox.probe(o, "liveness", "--gluster", wrapper.toString()).orThrow();
      }
      Map<Long, List<GlusterCallLog.Call>> byRun =
          GlusterCallLog.finishedRuns(GlusterCallLog.callsSince(pod, mark), "liveness");
      Map<Integer, Integer> histogram = new TreeMap<>();
      byRun.values().forEach(calls -> histogram.merge(calls.size(), 1, Integer::sum));
      String kinds = byRun.values().stream().flatMap(List::stream).map(GlusterCallLog.Call::arguments)
          .distinct().map(a -> "`gluster " + a + "`").reduce((a, b) -> a + ", " + b).orElse("");
      String perRun = histogram.size() == 1 ? histogram.keySet().iterator().next().toString() : histogram.toString();
      t.row(pod.name() + (o == 0 ? " (coordinator)" : ""), byRun.size() + " (+" + (runs - byRun.size())
          + " without a call)", perRun, kinds);
    }
    return "gluster CLI calls of steady-state liveness runs (a counting `gluster` wrapper given as `--gluster`):\n\n" + t;
  }

  /** The three ways to start the JVM, each running liveness. */
  static String launcherTable(Pod pod, int runs) {
    String jar = BenchSetup.jar().toString();
    String c1 = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx64m";
    CommandCosts c = CommandCosts.measure(pod, runs, InPod.commands(
        "default", "java -jar " + jar + " liveness",
        "c1-serial", "java " + c1 + " -jar " + jar + " liveness",
        "launcher", "glusterctl-probe liveness",
        "peer status", FLOOR));
    Table t = new Table("variant", "wall [ms]", "CPU user+sys [ms]", "peak RSS [MB]", "failed runs", "load avg");
    Map<String, String> what = Map.of(
        "default", "`java -jar` (JDK defaults: C2, G1, the JDK's CDS archive)",
        "c1-serial", "`java " + c1 + " -jar`",
        "launcher", "`target/glusterctl-probe` (c1-serial + the application's CDS archive, -UsePerfData)",
        "peer status", "floor: `" + FLOOR + "`");
    for (String n : List.of("default", "c1-serial", "launcher", "peer status")) {
      t.row(what.get(n), c.wall(n).format(0), c.cpu(n).format(0), c.rssMb(n).format(1), c.failed(n), c.load());
    }
    return "Median (min–max) of " + runs + " runs each, measured as above. The native binary could not be measured:"
        + " GraalVM cannot be installed on this machine. JDK 17 has no AOT cache (JDK 24+).\n\n" + t;
  }
}
