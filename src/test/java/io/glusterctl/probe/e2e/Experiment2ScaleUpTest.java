package io.glusterctl.probe.e2e;

import io.glusterctl.probe.e2e.sandbox.DetachWatch;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's experiment 2: scale 3 to 5, and all five are in the pool. */
class Experiment2ScaleUpTest {

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void scalingThreeToFiveAddsBothNewPods() {
    try (Sandbox sandbox = Sandbox.builder().replicas(3).start();
        DetachWatch watch = sandbox.pool().watchDetachments()) {
      SeedExperiments.report(
          sandbox,
          "experiment 2",
          "3 pods form the pool",
          sandbox.pool().awaitConverged(SeedExperiments.ordinals(3), 12));

      sandbox.cluster().scale(5);
      int periods = sandbox.pool().awaitConverged(SeedExperiments.ordinals(5), 12);
      SeedExperiments.report(sandbox, "experiment 2", "scale 3 -> 5", periods);
      SeedExperiments.assertExactPool(sandbox, SeedExperiments.ordinals(5));
      SeedExperiments.assertNothingDetached(watch);
    }
  }
}
