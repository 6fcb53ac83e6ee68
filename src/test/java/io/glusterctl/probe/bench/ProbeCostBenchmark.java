package io.glusterctl.probe.bench;

import io.glusterctl.probe.e2e.sandbox.Pod;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.SandboxSettings;
import io.glusterctl.probe.e2e.sandbox.TimeScale;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one {@code liveness} run costs on a healthy 3-pod pool with real glusterd, next to the floor
 * it cannot go below: the bare {@code gluster --mode=script --xml peer status} it wraps, measured
 * in the same pod in the same stretch of time. Then how many gluster calls a steady-state run
 * makes, and the JVM launcher variants.
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

  public static void main(String[] args) throws IOException, InterruptedException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    BenchSetup.requireSandboxAndProgram();
    Optional<Path> j25 = jdk25();
    if (j25.isPresent()) {
      makeAotCache(j25.get());
    }
    Path work = Files.createTempDirectory("gct-bench-");
    Path wrapper = GlusterCallLog.installWrapper(work);
    StringBuilder md = new StringBuilder();
    try (Sandbox sandbox =
        Sandbox.builder()
            .replicas(3)
            .timeScale(TimeScale.of(1))
            .kubelet(BenchSetup.quietTemplate())
            .start()) {
      Set<Integer> all = BenchSetup.ordinals(3);
      BenchSetup.formByHand(sandbox, all, 10);
      md.append("### One liveness run on a healthy 3-pod pool\n\n")
          .append(BenchSetup.machine())
          .append("\n\n");
      md.append(costTable(sandbox, runs)).append('\n');
      md.append(callsTable(sandbox, wrapper, 5)).append('\n');
      md.append(instructionsTable(sandbox.cluster().requirePod(2), 3)).append('\n');
      md.append("### JVM launcher variants, `liveness` in pod 1 (not the coordinator)\n\n");
      md.append(launcherTable(sandbox.cluster().requirePod(1), runs)).append('\n');
    } finally {
      Files.deleteIfExists(wrapper);
      Files.deleteIfExists(work);
    }
    System.out.print(md);
  }

  /**
   * liveness and the bare peer status, on the coordinator (pod 0) and on pod 2; with them, where
   * liveness's cost goes: the JVM start ({@code --version}) and liveness with the members from DNS
   * instead of the API (no TLS handshake).
   */
  static String costTable(Sandbox sandbox, int runs) {
    Table t =
        new Table(
            "pod",
            "command",
            "wall [ms]",
            "CPU user+sys [ms]",
            "peak RSS [MB]",
            "ratio to peer status (wall / CPU / RSS)",
            "failed runs",
            "load avg");
    Map<String, String> commands =
        InPod.commands(
            "liveness", "glusterctl-probe liveness",
            "peer status", FLOOR,
            "liveness, members from DNS", "glusterctl-probe liveness --members-from dns",
            "version", "glusterctl-probe --version");
    jdk25()
        .ifPresent(
            j -> {
              commands.put("liveness, JDK 25", "env JAVA_HOME=" + j + " glusterctl-probe liveness");
              commands.put(
                  "liveness, JDK 25, members from DNS",
                  "env JAVA_HOME=" + j + " glusterctl-probe liveness --members-from dns");
            });
    for (int o : List.of(0, 2)) {
      Pod pod = sandbox.cluster().requirePod(o);
      CommandCosts c = CommandCosts.measure(pod, runs, commands);
      String role = o == 0 ? pod.name() + " (coordinator)" : pod.name();
      for (String name : commands.keySet()) {
        String ratio =
            name.equals("peer status")
                ? "1"
                : c.wall(name).ratioTo(c.wall("peer status"))
                    + " / "
                    + c.cpu(name).ratioTo(c.cpu("peer status"))
                    + " / "
                    + c.rssMb(name).ratioTo(c.rssMb("peer status"));
        t.row(
            role,
            "`" + commands.get(name) + "`",
            c.wall(name).format(0),
            c.cpu(name).format(0),
            c.rssMb(name).format(1),
            ratio,
            c.failed(name),
            c.load());
      }
    }
    return "Median (min–max) of "
        + runs
        + " runs each: wall time from hyperfine (after 3 warm-up runs), CPU time"
        + " and peak RSS from `/usr/bin/time -v` (the commands interleaved). All run inside the pod, as the"
        + " kubelet's exec probe does; `glusterctl-probe` is the JVM launcher (`target/glusterctl-probe`)."
        + " `--members-from dns` and `--version` show where the time goes: the API call (a TLS handshake in the"
        + " JVM) and the JVM's start.\n\n"
        + t;
  }

  /**
   * A JDK 25 or later to measure the launcher's AOT cache with: {@code GLUSTERCTL_BENCH_JDK25}, or
   * the first JDK under {@code /usr/lib/jvm} whose {@code release} file says 25 or later.
   */
  static Optional<Path> jdk25() {
    String given = System.getenv("GLUSTERCTL_BENCH_JDK25");
    if (given != null && !given.isBlank()) {
      return Optional.of(Path.of(given));
    }
    try (var dirs = Files.list(Path.of("/usr/lib/jvm"))) {
      return dirs.filter(d -> feature(d.resolve("release")) >= 25).sorted().findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int feature(Path release) {
    try {
      for (String l : Files.readAllLines(release)) {
        var m = java.util.regex.Pattern.compile("^JAVA_VERSION=\"(\\d+)").matcher(l);
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /**
   * Makes the launcher's AOT cache for {@code javaHome} as a user does ({@code
   * GLUSTERCTL_CDS_DUMP=1 glusterctl-probe} with that JVM): trained on liveness, readiness and
   * status runs.
   */
  static void makeAotCache(Path javaHome) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(SandboxSettings.defaultProgram().toString()).inheritIO();
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("GLUSTERCTL_CDS_DUMP", "1");
    int exit = pb.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("could not make the AOT cache for " + javaHome + ": " + exit);
    }
  }

  /**
   * Instructions executed (callgrind), which the machine's load does not change: liveness with the
   * launcher's JVM flags and CDS archive, the JVM start alone ({@code --version}), and the bare
   * peer status. Under valgrind a run is some 50 times slower, so liveness gets a longer deadline.
   */
  static String instructionsTable(Pod pod, int runs) {
    String jar = BenchSetup.jar().toString();
    Path launcherArchive = SandboxSettings.defaultProgram().resolveSibling("glusterctl-probe.jsa");
    List<String> jvm =
        List.of(
            "java",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xss512k",
            "-Xmx64m",
            "-XX:SharedArchiveFile=" + launcherArchive,
            "-Xshare:auto",
            "-XX:-UsePerfData",
            "-jar",
            jar);
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put(
        "`glusterctl-probe liveness` (the launcher's JVM flags and CDS archive; without the gluster"
            + " CLI it runs)",
        concat(jvm, "liveness", "--deadline=600s", "--gluster-timeout=120s"));
    commands.put(
        "`glusterctl-probe --version` (the JVM's start and exit)", concat(jvm, "--version"));
    commands.put("`" + FLOOR + "`", List.of(FLOOR.split(" ")));
    Table t = new Table("command", "instructions [millions]", "the run said", "load avg");
    for (Map.Entry<String, List<String>> c : commands.entrySet()) {
      double before = LoadAverage.now();
      List<InPod.Instructions> r = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        r.add(InPod.instructions(pod, Duration.ofMinutes(15), c.getValue()));
      }
      Spread s = Spread.of(r.stream().map(x -> x.count() / 1e6).toList());
      t.row(
          c.getKey(),
          s.format(0),
          r.get(0).firstLine().isEmpty() ? "" : "`" + r.get(0).firstLine() + "`",
          LoadAverage.between(before));
    }
    return "Instructions executed, counted by `valgrind --tool=callgrind` in "
        + pod.name()
        + ", median (min–max) of "
        + runs
        + " runs (no hardware counters on this VM: `perf stat -e instructions` is not supported):\n\n"
        + t;
  }

  private static List<String> concat(List<String> a, String... b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(List.of(b));
    return all;
  }

  /** Steady-state runs with the counting gluster wrapper: how many gluster calls each makes. */
  static String callsTable(Sandbox sandbox, Path wrapper, int runs) {
    Table t = new Table("pod", "command", "runs", "gluster calls per run", "the calls");
    for (int o : List.of(0, 1, 2)) {
      Pod pod = sandbox.cluster().requirePod(o);
      for (String command : List.of("liveness", "readiness")) {
        long mark = GlusterCallLog.mark(pod);
        for (int i = 0; i < runs; i++) {
          sandbox.glusterPod(o).probe(command, "--gluster", wrapper.toString());
        }
        Map<Long, List<GlusterCallLog.Call>> byRun =
            GlusterCallLog.finishedRuns(GlusterCallLog.callsSince(pod, mark), command);
        Map<Integer, Integer> histogram = new TreeMap<>();
        byRun.values().forEach(calls -> histogram.merge(calls.size(), 1, Integer::sum));
        if (byRun.size() < runs) {
          histogram.put(0, runs - byRun.size());
        }
        String kinds =
            byRun.values().stream()
                .flatMap(List::stream)
                .map(GlusterCallLog.Call::arguments)
                .distinct()
                .map(a -> "`gluster " + a + "`")
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
        String perRun =
            histogram.size() == 1
                ? histogram.keySet().iterator().next().toString()
                : histogram + " (calls=runs)";
        t.row(pod.name() + (o == 0 ? " (coordinator)" : ""), command, runs, perRun, kinds);
      }
    }
    return "gluster CLI calls of steady-state runs, counted by a `gluster` wrapper given as `--gluster` that logs"
        + " each call with its caller:\n\n"
        + t;
  }

  /**
   * The ways to start the JVM, each running liveness: the JDK's defaults, C1 and the serial GC, the
   * launcher (those plus the application's CDS archive made at package time from {@code --version}
   * and {@code --help}), and the launcher's flags with a CDS archive made from a liveness run.
   */
  static String launcherTable(Pod pod, int runs) {
    String jar = BenchSetup.jar().toString();
    String c1 = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx64m";
    String archive = livenessArchive(pod, jar);
    CommandCosts c =
        CommandCosts.measure(
            pod,
            runs,
            InPod.commands(
                "default", "java -jar " + jar + " liveness",
                "c1-serial", "java " + c1 + " -jar " + jar + " liveness",
                "launcher", "glusterctl-probe liveness",
                "liveness-cds",
                    "java "
                        + c1
                        + " -XX:SharedArchiveFile="
                        + archive
                        + " -Xshare:auto -XX:-UsePerfData -jar "
                        + jar
                        + " liveness",
                "peer status", FLOOR));
    Table t =
        new Table(
            "variant",
            "wall [ms]",
            "CPU user+sys [ms]",
            "peak RSS [MB]",
            "failed runs",
            "load avg");
    Map<String, String> what =
        Map.of(
            "default", "`java -jar` (JDK defaults: C2, G1, the JDK's CDS archive)",
            "c1-serial", "`java " + c1 + " -jar`",
            "launcher",
                "`target/glusterctl-probe`: c1-serial, -XX:-UsePerfData, the application's CDS archive"
                    + " (made at package time from `--version` and `--help`)",
            "liveness-cds", "the launcher's flags with a CDS archive made from a `liveness` run",
            "peer status", "floor: `" + FLOOR + "`");
    for (String n : List.of("default", "c1-serial", "launcher", "liveness-cds", "peer status")) {
      t.row(
          what.get(n),
          c.wall(n).format(0),
          c.cpu(n).format(0),
          c.rssMb(n).format(1),
          c.failed(n),
          c.load());
    }
    return "Median (min–max) of "
        + runs
        + " runs each, measured as above. The native binary could not be measured:"
        + " GraalVM cannot be installed on this machine. JDK 17 has no AOT cache (JDK 24+).\n\n"
        + t;
  }

  /**
   * A static CDS archive of the classes one liveness run loads, made in the pod as the launcher
   * makes its own (class list without lambda-proxy entries); returns its path inside the pod.
   */
  static String livenessArchive(Pod pod, String jar) {
    String list = "/var/log/glusterfs/liveness.classlist";
    String archive = "/var/log/glusterfs/liveness.jsa";
    pod.exec(
            Duration.ofSeconds(60),
            "java",
            "-Xshare:off",
            "-XX:DumpLoadedClassList=" + list,
            "-jar",
            jar,
            "liveness")
        .orThrow();
    Path onHost = pod.dir().resolve("log").resolve("liveness.classlist");
    try {
      List<String> lines =
          Files.readAllLines(onHost).stream().filter(l -> !l.contains("@lambda-proxy")).toList();
      Files.write(onHost, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pod.exec(
            Duration.ofSeconds(120),
            "java",
            "-XX:+UseSerialGC",
            "-Xshare:dump",
            "-XX:SharedClassListFile=" + list,
            "-XX:SharedArchiveFile=" + archive,
            "-jar",
            jar)
        .orThrow();
    return archive;
  }
}
