package io.glusterctl.probe.e2e.experiments;

import io.glusterctl.probe.e2e.Scenario;
import org.junit.jupiter.api.Test;

/** The seed's experiment 2: scale 3 to 5, and all five are in the pool. */
class Experiment2ScaleUpTest {

  @Test
  void scalingThreeToFiveAddsBothNewPods() {
    try (Scenario s = Scenario.experiment("experiment 2").start()) {
      s.sandbox().cluster().scale(5);
      s.awaitConverged("scale 3 -> 5", Scenario.ordinals(5), 12);
      s.assertExactPool(Scenario.ordinals(5));
      s.assertNothingDetached();
    }
  }
}
