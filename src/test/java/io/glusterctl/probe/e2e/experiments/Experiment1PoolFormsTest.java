package io.glusterctl.probe.e2e.experiments;

import io.glusterctl.probe.e2e.Scenario;
import org.junit.jupiter.api.Test;

/** The seed's experiment 1: three pods start, and the probes form the pool. */
class Experiment1PoolFormsTest {

  @Test
  void threePodsFormThePool() {
    try (Scenario s = Scenario.experiment("experiment 1").start()) {
      s.assertExactPool(s.all());
      s.assertNothingDetached();
    }
  }
}
