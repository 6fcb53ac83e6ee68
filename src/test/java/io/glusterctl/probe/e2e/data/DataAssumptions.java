package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.Command;
import io.glusterctl.probe.e2e.sandbox.KubeletSettings;
import io.glusterctl.probe.e2e.sandbox.ProbeSettings;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.SandboxRequirements;
import io.glusterctl.probe.e2e.sandbox.SandboxSettings;
import io.glusterctl.probe.e2e.sandbox.TimeScale;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/** What every data test needs: the sandbox (root, glusterd, ...) and the packaged program. */
final class DataAssumptions {
  private DataAssumptions() {}

  /**
   * A sandbox of {@code replicas} pods for a data test: the {@link #kubelet()} below, and a gentler
   * clock than the default (x2, timeouts /1.5, as SteadyStateGlusterCallsTest): heals, reconnects
   * and the FUSE client run on glusterd's own real time, and on a busy 2-core machine a probe run
   * took 8 to 11 s, which at x3 left the lone coordinator no time to probe its peers.
   */
  static SandboxSettings.Builder sandbox(int replicas) {
    return Sandbox.builder().replicas(replicas).kubelet(kubelet()).timeScale(new TimeScale(2, 1.5));
  }

  /**
   * The manifest's probes and hooks, with a startupProbe that waits until glusterd answers the CLI
   * ({@code gluster pool list}) instead of until its port accepts connections: glusterd listens on
   * 24007 before its start-up work (about 25 geo-replication configuration runs of python on
   * glusterd 10.3, 15 s of CPU) is done, and on a loaded machine the liveness probe then restarts
   * glusterd again and again before it ever answers. The data tests are about the bricks and the
   * client, not about that race.
   */
  static KubeletSettings kubelet() {
    return KubeletSettings.asInManifest()
        .withStartup(
            new ProbeSettings(
                List.of("gluster", "--mode=script", "--timeout=5", "pool", "list"),
                0,
                5,
                10,
                120,
                1));
  }

  static void assumeSandboxAndProgram() {
    var missing = SandboxRequirements.missing();
    Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
    Path program = SandboxSettings.defaultProgram();
    assertThat(Files.isExecutable(program))
        .as(
            "the program the pods run, %s, is not built (./mvnw package, or -D%s=PATH)",
            program, SandboxSettings.PROGRAM_PROPERTY)
        .isTrue();
  }

  /** The FUSE client (Debian's glusterfs-client), /dev/fuse and python3 for the workload. */
  static void assumeFuseClient() {
    for (String tool : List.of("/usr/sbin/mount.glusterfs", "/usr/bin/python3")) {
      Assumptions.assumeTrue(
          Files.isExecutable(Path.of(tool)),
          () ->
              "data tests skipped: "
                  + tool
                  + " missing (apt-get install glusterfs-client python3)");
    }
    Assumptions.assumeTrue(
        Files.exists(Path.of("/dev/fuse")), "data tests skipped: no /dev/fuse on this machine");
  }

  /** The PID of the FUSE client process ({@code glusterfs}) in a client's network namespace. */
  static long fuseClientPid(String netns) {
    String pids = Command.run(Duration.ofSeconds(10), "ip", "netns", "pids", netns).stdout();
    for (String pid : pids.split("\\s+")) {
      if (!pid.isBlank()) {
        try {
          String comm = Files.readString(Path.of("/proc/" + pid.strip() + "/comm")).strip();
          if (comm.equals("glusterfs")) {
            return Long.parseLong(pid.strip());
          }
        } catch (java.io.IOException e) {
          // gone
        }
      }
    }
    throw new AssertionError("no FUSE client process in " + netns);
  }

  /**
   * Polls {@code condition} every 200 ms; an {@link AssertionError} naming {@code what} after
   * {@code timeout}.
   */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting: " + what, e);
      }
    }
  }
}
