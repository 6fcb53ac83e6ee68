package io.glusterctl.probe.e2e.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seed's experiment 6: the whole cluster is powered off (every pod killed at once, DNS down),
 * then on again: every pod is made anew with its volume, and the pool converges with the same
 * UUIDs.
 */
class Experiment6ClusterRestartTest {

  @Test
  void thePoolConvergesAfterEveryPodStopsAndStartsAgain() {
    try (Scenario s = Scenario.experiment("experiment 6").start()) {
      Sandbox sandbox = s.sandbox();
      List<String> uuids = uuids(s);

      sandbox.cluster().powerOff();
      assertThat(sandbox.cluster().podOrdinals()).isEmpty();
      Scenario.sleep(sandbox.probePeriod().multipliedBy(2));
      sandbox.cluster().powerOn();
      s.awaitConverged(
          "every pod stopped and started again",
          12 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));

      s.assertExactPool(s.all());
      assertThat(uuids(s)).isEqualTo(uuids);
      s.assertNothingDetached();
    }
  }

  private static List<String> uuids(Scenario s) {
    return s.all().stream().map(o -> s.sandbox().glusterPod(o).uuid().orElseThrow()).toList();
  }
}
