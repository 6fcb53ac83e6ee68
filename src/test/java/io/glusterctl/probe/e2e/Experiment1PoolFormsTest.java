package io.glusterctl.probe.e2e;

import io.glusterctl.probe.e2e.sandbox.DetachWatch;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's experiment 1: three pods start, and the probes form the pool. */
class Experiment1PoolFormsTest {

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void threePodsFormThePool() {
    try (Sandbox sandbox = Sandbox.builder().replicas(3).start();
        DetachWatch watch = sandbox.pool().watchDetachments()) {
      Set<Integer> all = SeedExperiments.ordinals(3);
      int periods = sandbox.pool().awaitConverged(all, 12);
      SeedExperiments.report(sandbox, "experiment 1", "3 pods form the pool", periods);
      SeedExperiments.assertExactPool(sandbox, all);
      SeedExperiments.assertNothingDetached(watch);
    }
  }
}
