package io.glusterctl.probe.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Command;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A hung glusterd: pod 1's glusterd (the container process the sandbox started) gets SIGSTOP. Its
 * liveness fails within the program's own deadline, exit 1 with one clear line, not by the
 * kubelet's timeout; after {@code failureThreshold} failures the kubelet restarts the container,
 * and the pool converges again with pod 1's identity intact. The other pods do nothing to pod 1
 * beyond reporting: no detach, no probe, no repair, no failure of their own liveness, no restart.
 */
class FaultHungGlusterdTest {

  @Test
  void aHungGlusterdFailsItsLivenessClearlyAndIsRestartedWhileTheOthersOnlyReport()
      throws IOException {
    try (Scenario s = Scenario.fault("fault hung glusterd").start()) {
      Sandbox sandbox = s.sandbox();
      String uuid = sandbox.glusterPod(1).uuid().orElseThrow();
      int restartsBefore = sandbox.cluster().restarts(1);
      assertThat(sandbox.glusterPod(1).glusterdProcess()).as("pod 1's glusterd").isPresent();
      long pid = sandbox.glusterPod(1).glusterdProcess().orElseThrow().pid();
      int failureThreshold = sandbox.settings().kubelet().liveness().failureThreshold();
      Duration probeTimeout =
          sandbox
              .timeScale()
              .timeoutSeconds(sandbox.settings().kubelet().liveness().timeoutSeconds());

      FaultWitness.Window w = FaultWitness.open(s);
      Instant stopped = Instant.now();
      Command.run(Duration.ofSeconds(10), "kill", "-STOP", Long.toString(pid)).orThrow();
      try {
        long end = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (sandbox.cluster().restarts(1) == restartsBefore && System.nanoTime() < end) {
          Scenario.sleep(Duration.ofMillis(200));
        }
      } finally {
        w.close();
        // only if the test gave up before the kubelet killed it: let it go on
        if (ProcessHandle.of(pid).isPresent()) {
          Command.run(Duration.ofSeconds(10), "kill", "-CONT", Long.toString(pid));
        }
      }
      assertThat(sandbox.cluster().restarts(1))
          .as("pod 1's restarts after its glusterd hung")
          .isEqualTo(restartsBefore + 1);
      assertThat(ProcessHandle.of(pid)).as("the hung glusterd").isEmpty();
      s.figure("SIGSTOP to container restart", w.length().toMillis() + " ms");

      assertThat(
              w.runs(1, ProbeKind.LIVENESS).stream()
                  .filter(r -> r.at().isAfter(stopped.plusMillis(200))))
          .as("pod 1's liveness runs started after SIGSTOP")
          .allMatch(ProbeRun::timedOutOrFailed);
      // The runs that met the hung glusterd: every one that ended after SIGSTOP, including one that
      // had started just before it (the kubelet counts that failure too); a run whose gluster call
      // had finished before SIGSTOP succeeds and starts nothing.
      List<ProbeRun> hung =
          sandbox.glusterPod(1).probeRuns(ProbeKind.LIVENESS).stream()
              .filter(r -> r.at().plus(r.took()).isAfter(stopped))
              .filter(r -> r.at().isBefore(w.to()))
              .filter(ProbeRun::timedOutOrFailed)
              .toList();
      assertThat(hung)
          .as("pod 1's failed liveness runs before the restart")
          .hasSize(failureThreshold);
      for (ProbeRun r : hung) {
        assertThat(r.exitCode()).as("%s (the probe's timeout is %s)", r, probeTimeout).isEqualTo(1);
        assertThat(r.firstLine())
            .as("%s", r)
            .startsWith("UNHEALTHY glusterd does not answer: ")
            .contains("timed out");
        assertThat(r.took()).as("%s", r).isLessThan(probeTimeout);
      }
      s.figure(
          "failing liveness runs",
          hung.size()
              + ", longest "
              + hung.stream().mapToLong(r -> r.took().toMillis()).max().orElse(0)
              + " ms (probe timeout "
              + probeTimeout.toMillis()
              + " ms): "
              + hung.get(0).firstLine());
      assertThat(sandbox.log().events())
          .as("the kubelet's reason for the restart")
          .anyMatch(
              e ->
                  e.contains(
                      "glusterfs-1: killing the container: liveness probe failed "
                          + failureThreshold
                          + " times in a row: UNHEALTHY glusterd does not answer"));

      assertThat(w.poolChanges()).as("peer probe/detach while pod 1 hung").isEmpty();
      for (int o : Set.of(0, 2)) {
        assertThat(w.runs(o, ProbeKind.LIVENESS))
            .as("pod %d's liveness while pod 1 hung", o)
            .hasSizeGreaterThanOrEqualTo(2)
            .allMatch(ProbeRun::succeeded);
        assertThat(w.restartsSince(o)).as("pod %d's restarts", o).isZero();
      }
      for (int o : s.all()) {
        s.repairs().assertNoRepair(o);
      }

      s.awaitConverged(
          "converged after the restart", 20 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
      assertThat(sandbox.glusterPod(1).uuid()).contains(uuid);
      s.assertNothingDetached();
    }
  }
}
