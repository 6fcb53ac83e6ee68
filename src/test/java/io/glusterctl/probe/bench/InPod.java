package io.glusterctl.probe.bench;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import com.grack.nanojson.JsonParserException;
import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures commands inside a pod, the way the kubelet runs an exec probe there: the measuring tool
 * ({@code /usr/bin/time -v}, hyperfine) itself runs in the pod's namespaces with the pod's
 * environment, so the sandbox's own {@code ip netns exec} and {@code unshare} are not counted.
 * Their reports are written to the pod's log directory ({@code /var/log/glusterfs}) and read from
 * the host.
 */
public final class InPod {
  private static final AtomicInteger FILES = new AtomicInteger();

  private InPod() {}

  /** One run of {@code command} under {@code /usr/bin/time -v}. */
  public static ProcessCost time(Pod pod, Duration deadline, List<String> command) {
    String name = "bench-time-" + FILES.incrementAndGet() + ".txt";
    List<String> argv =
        new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", "/var/log/glusterfs/" + name));
    argv.addAll(command);
    CommandResult r = pod.exec(deadline, argv);
    Path report = pod.dir().resolve("log").resolve(name);
    try {
      String text = Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : "";
      Files.deleteIfExists(report);
      return ProcessCost.parse(text)
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no /usr/bin/time report for " + command + ": " + r.describe()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One run under callgrind: the instructions the process executed (not its children), and its
   * first line.
   */
  public record Instructions(long count, String firstLine) {}

  /**
   * {@code command} under {@code valgrind --tool=callgrind} (with {@code --smc-check=all-non-file}
   * for the JVM's generated code): the instructions it executed, independent of the machine's load.
   * Children (the gluster CLI a JVM runs) are not followed.
   */
  public static Instructions instructions(Pod pod, Duration deadline, List<String> command) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "valgrind",
                "--tool=callgrind",
                "--smc-check=all-non-file",
                "--callgrind-out-file=/dev/null"));
    argv.addAll(command);
    CommandResult r = pod.exec(deadline, argv);
    for (String line : r.stderr().split("\n")) {
      int at = line.indexOf("Collected :");
      if (at >= 0) {
        return new Instructions(
            Long.parseLong(line.substring(at + "Collected :".length()).strip()),
            r.stdout().lines().filter(l -> !l.isBlank()).findFirst().orElse(""));
      }
    }
    throw new IllegalStateException("no callgrind total for " + command + ": " + r.describe());
  }

  /**
   * The result of one hyperfine command: each run's wall time, the mean user and system CPU time,
   * and how many runs exited non-zero.
   */
  public record Timing(
      String name, List<Double> wallMillis, double userMillis, double systemMillis, int failed) {
    public Spread wall() {
      return Spread.of(wallMillis);
    }

    public double cpuMillis() {
      return userMillis + systemMillis;
    }
  }

  /**
   * hyperfine in the pod ({@code --shell=none}: each command is split at spaces and run without a
   * shell), {@code warmup} + {@code runs} runs of each command in turn; failing runs are kept and
   * counted ({@code -i}). {@code commands}: name to command line.
   */
  public static List<Timing> hyperfine(
      Pod pod, int warmup, int runs, Map<String, String> commands) {
    String name = "bench-hyperfine-" + FILES.incrementAndGet() + ".json";
    List<String> argv =
        new ArrayList<>(
            List.of(
                "hyperfine",
                "--shell=none",
                "-i",
                "--style",
                "none",
                "--warmup",
                Integer.toString(warmup),
                "--runs",
                Integer.toString(runs),
                "--export-json",
                "/var/log/glusterfs/" + name));
    commands.forEach(
        (n, c) -> {
          argv.add("--command-name=" + n);
          argv.add(c);
        });
    Duration deadline = Duration.ofSeconds(60L * (warmup + runs) * commands.size());
    CommandResult r = pod.exec(deadline, argv);
    Path export = pod.dir().resolve("log").resolve(name);
    if (!r.ok() || !Files.exists(export)) {
      throw new IllegalStateException("hyperfine failed in " + pod.name() + ": " + r.describe());
    }
    try {
      JsonObject doc = JsonParser.object().from(Files.readString(export, StandardCharsets.UTF_8));
      Files.deleteIfExists(export);
      List<Timing> timings = new ArrayList<>();
      JsonArray results = doc.getArray("results");
      for (int i = 0; i < results.size(); i++) {
        JsonObject o = results.getObject(i);
        List<Double> wall = new ArrayList<>();
        JsonArray times = o.getArray("times");
        for (int t = 0; t < times.size(); t++) {
          wall.add(times.getDouble(t) * 1000);
        }
        int failed = 0;
        JsonArray codes = o.getArray("exit_codes");
        for (int c = 0; codes != null && c < codes.size(); c++) {
          failed += codes.isNull(c) || codes.getInt(c) != 0 ? 1 : 0;
        }
        timings.add(
            new Timing(
                o.getString("command"),
                wall,
                o.getDouble("user") * 1000,
                o.getDouble("system") * 1000,
                failed));
      }
      return timings;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JsonParserException e) {
      throw new IllegalStateException("hyperfine's export is not JSON: " + e.getMessage(), e);
    }
  }

  /** Name to command line, in the order given: {@code commands("a", "cmd a", "b", "cmd b")}. */
  public static Map<String, String> commands(String... nameThenCommand) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < nameThenCommand.length; i += 2) {
      m.put(nameThenCommand[i], nameThenCommand[i + 1]);
    }
    return m;
  }
}
