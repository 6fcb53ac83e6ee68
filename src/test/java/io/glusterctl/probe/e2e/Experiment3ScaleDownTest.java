package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.DetachWatch;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's experiment 3: scale 5 to 3; each remaining pod lists exactly the two others, the
 * removed pods left the pool (their preStop ran), and their volumes are kept.
 */
class Experiment3ScaleDownTest {

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void scalingFiveToThreeRemovesTheTwoHighestPods() {
    try (Sandbox sandbox = Sandbox.builder().replicas(5).start();
        DetachWatch watch = sandbox.pool().watchDetachments()) {
      SeedExperiments.report(
          sandbox,
          "experiment 3",
          "5 pods form the pool",
          sandbox.pool().awaitConverged(SeedExperiments.ordinals(5), 15));

      sandbox.cluster().scale(3);
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(60));
      int periods =
          sandbox
              .pool()
              .awaitConverged(
                  SeedExperiments.ordinals(3), 12 + SeedExperiments.removalPeriods(sandbox));
      SeedExperiments.report(sandbox, "experiment 3", "scale 5 -> 3", periods);

      SeedExperiments.assertExactPool(sandbox, SeedExperiments.ordinals(3));
      assertThat(sandbox.cluster().podOrdinals()).containsExactly(0, 1, 2);
      for (int removed : new int[] {3, 4}) {
        assertThat(sandbox.glusterPod(removed).probeRuns(ProbeKind.PRESTOP))
            .as("preStop of pod %d", removed)
            .isNotEmpty();
        assertThat(Files.isDirectory(sandbox.volume(removed).resolve("glusterd")))
            .as("the volume of pod %d is kept", removed)
            .isTrue();
      }
      SeedExperiments.assertNothingDetached(watch);
    }
  }
}
