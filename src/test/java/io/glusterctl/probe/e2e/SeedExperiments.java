package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.DetachWatch;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.SandboxSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * What every one of the seed's experiments checks: the skip line, the program being built, the end
 * state on every pod, that no desired peer was ever detached, and the number of probe periods
 * convergence took (printed, and appended to {@code target/e2e-convergence.tsv}).
 */
final class SeedExperiments {
  private SeedExperiments() {}

  /** Skips without root and the tools; fails when the program the pods run has not been built. */
  static void assumeSandboxAndProgram() {
    E2eAssumptions.assumeSandboxCanRun();
    Path program = SandboxSettings.defaultProgram();
    assertThat(Files.isExecutable(program))
        .as(
            "the program the pods run, %s, is not built (./mvnw package, or -D%s=PATH)",
            program, SandboxSettings.PROGRAM_PROPERTY)
        .isTrue();
  }

  /**
   * Probe periods a removal may take: in DNS mode (no API) a scaled-away pod is detached only after
   * it has been gone from DNS for the program's surplus grace (10 min, 20 liveness periods); with
   * the API its preStop leaves at once.
   */
  static int removalPeriods(Sandbox sandbox) {
    return sandbox.apiRunning()
        ? 0
        : sandbox.periodsFor(sandbox.timeScale().real(Duration.ofMinutes(10)));
  }

  static Set<Integer> ordinals(int replicas) {
    return new TreeSet<>(IntStream.range(0, replicas).boxed().toList());
  }

  /**
   * Every pod of {@code expected} lists exactly the others, by FQDN, as {@code Peer in Cluster
   * (Connected)}.
   */
  static void assertExactPool(Sandbox sandbox, Set<Integer> expected) {
    assertThat(sandbox.pool().problems(expected))
        .as("pods whose peer list is not exactly the others")
        .isEmpty();
  }

  static void assertNothingDetached(DetachWatch watch) {
    assertThat(watch.polls()).as("peer listings the detach watch looked at").isPositive();
    assertThat(watch.detachments())
        .as("desired members that vanished from a healthy member's list")
        .isEmpty();
  }

  /** Prints and records how many probe periods a convergence took. */
  static void report(Sandbox sandbox, String experiment, String step, int periods) {
    String line =
        String.format(
            "[%s] %s: converged in %d probe period(s) of %d ms (time scale x%s)",
            experiment,
            step,
            periods,
            sandbox.probePeriod().toMillis(),
            sandbox.timeScale().factor());
    System.out.println(line);
    Path tsv = SandboxSettings.repoDir().resolve("target/e2e-convergence.tsv");
    try {
      Files.createDirectories(tsv.getParent());
      Files.writeString(
          tsv,
          Instant.now()
              + "\t"
              + experiment
              + "\t"
              + step
              + "\t"
              + periods
              + "\t"
              + sandbox.probePeriod().toMillis()
              + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the print above is the record
    }
  }
}
