package io.glusterctl.probe.e2e.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The seed's experiment 3: scale 5 to 3; each remaining pod lists exactly the two others, the
 * removed pods left the pool (their preStop ran), and their volumes are kept.
 */
class Experiment3ScaleDownTest {

  @Test
  void scalingFiveToThreeRemovesTheTwoHighestPods() {
    try (Scenario s = Scenario.experiment("experiment 3").replicas(5).formWithin(15).start()) {
      Sandbox sandbox = s.sandbox();
      sandbox.cluster().scale(3);
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(60));
      s.awaitConverged("scale 5 -> 3", Scenario.ordinals(3), 12 + removalPeriods(sandbox));

      s.assertExactPool(Scenario.ordinals(3));
      assertThat(sandbox.cluster().podOrdinals()).containsExactly(0, 1, 2);
      for (int removed : new int[] {3, 4}) {
        assertThat(sandbox.glusterPod(removed).probeRuns(ProbeKind.PRESTOP))
            .as("preStop of pod %d", removed)
            .isNotEmpty();
        assertThat(Files.isDirectory(sandbox.glusterPod(removed).glusterdDir()))
            .as("the volume of pod %d is kept", removed)
            .isTrue();
      }
      s.assertNothingDetached();
    }
  }

  /**
   * Probe periods a removal may take: in DNS mode (no API) a scaled-away pod is detached only after
   * it has been gone from DNS for the program's surplus grace (10 min, 20 liveness periods); with
   * the API its preStop leaves at once.
   */
  private static int removalPeriods(Sandbox sandbox) {
    return sandbox.apiRunning()
        ? 0
        : sandbox.periodsFor(sandbox.timeScale().real(Duration.ofMinutes(10)));
  }
}
