package io.glusterctl.probe.bench;

import io.glusterctl.probe.e2e.sandbox.Command;
import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.KubeletSettings;
import io.glusterctl.probe.e2e.sandbox.ProbeSettings;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.SandboxRequirements;
import io.glusterctl.probe.e2e.sandbox.SandboxSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * What every benchmark starts from: the checks, the machine's description, and the pod templates.
 */
final class BenchSetup {
  private BenchSetup() {}

  /** Exits with a message when the sandbox cannot run here or the program is not built. */
  static void requireSandboxAndProgram() {
    SandboxRequirements.missing()
        .ifPresent(
            m -> {
              System.err.println("benchmark skipped: " + m);
              System.exit(2);
            });
    if (!Files.isExecutable(SandboxSettings.defaultProgram())) {
      System.err.println(
          SandboxSettings.defaultProgram() + " is not built: ./mvnw -o package -DskipTests");
      System.exit(2);
    }
  }

  /** One line: when, the cores, the JVM, glusterd's version, the load average. */
  static String machine() {
    CommandResult g = Command.run(Duration.ofSeconds(10), "gluster", "--version");
    String gluster = g.ok() ? g.stdout().lines().findFirst().orElse("?") : "?";
    return "Measured "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + " on "
        + Runtime.getRuntime().availableProcessors()
        + " cores, "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.version")
        + ", "
        + gluster
        + ", load average "
        + LoadAverage.now()
        + " at the start.";
  }

  /** The packaged jar next to the launcher. */
  static Path jar() {
    Path target = SandboxSettings.defaultProgram().getParent();
    try (var s = Files.list(target)) {
      return s.filter(p -> p.getFileName().toString().matches("glusterctl-probe-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no jar in " + target));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Set<Integer> ordinals(int n) {
    return new TreeSet<>(IntStream.range(0, n).boxed().toList());
  }

  /**
   * The manifest's pod template, except that the kubelet runs liveness and readiness only once
   * (period one hour): the pods stay quiet while a benchmark runs the program by hand.
   */
  static KubeletSettings quietTemplate() {
    return withPeriods(KubeletSettings.defaults(), 3600, 3600);
  }

  /** The manifest's template with other liveness and readiness periods (cluster seconds). */
  static KubeletSettings withPeriods(KubeletSettings k, int livenessPeriod, int readinessPeriod) {
    ProbeSettings l = k.liveness();
    ProbeSettings r = k.readiness();
    return k.withLiveness(
            new ProbeSettings(
                l.command(),
                l.initialDelaySeconds(),
                livenessPeriod,
                l.timeoutSeconds(),
                l.failureThreshold(),
                l.successThreshold()))
        .withReadiness(
            new ProbeSettings(
                r.command(),
                r.initialDelaySeconds(),
                readinessPeriod,
                r.timeoutSeconds(),
                r.failureThreshold(),
                r.successThreshold()));
  }

  /**
   * Runs {@code glusterctl-probe liveness} in every pod, pod after pod, until the pool is exactly
   * these pods; returns how many rounds that took. For quiet pods, whose kubelet does not.
   */
  static int formByHand(Sandbox sandbox, Set<Integer> pods, int maxRounds) {
    for (int round = 1; round <= maxRounds; round++) {
      for (int o : pods) {
        sandbox.glusterPod(o).probe("liveness");
      }
      if (sandbox.pool().problems(pods).isEmpty()) {
        return round;
      }
    }
    Map<Integer, String> problems = sandbox.pool().problems(pods);
    throw new IllegalStateException(
        "the pool did not form in " + maxRounds + " rounds: " + problems);
  }
}
