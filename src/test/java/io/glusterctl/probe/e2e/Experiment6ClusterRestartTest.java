package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.DetachWatch;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's experiment 6: the whole cluster is powered off (every pod killed at once, DNS down),
 * then on again: every pod is made anew with its volume, and the pool converges with the same
 * UUIDs.
 */
class Experiment6ClusterRestartTest {

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void thePoolConvergesAfterEveryPodStopsAndStartsAgain() throws Exception {
    try (Sandbox sandbox = Sandbox.builder().replicas(3).start();
        DetachWatch watch = sandbox.pool().watchDetachments()) {
      Set<Integer> all = SeedExperiments.ordinals(3);
      SeedExperiments.report(
          sandbox, "experiment 6", "3 pods form the pool", sandbox.pool().awaitConverged(all, 12));
      List<String> uuids =
          all.stream().map(o -> sandbox.glusterPod(o).uuid().orElseThrow()).toList();

      sandbox.cluster().powerOff();
      assertThat(sandbox.cluster().podOrdinals()).isEmpty();
      Thread.sleep(sandbox.probePeriod().multipliedBy(2).toMillis());
      sandbox.cluster().powerOn();
      int periods =
          sandbox.pool().awaitConverged(all, 12 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
      SeedExperiments.report(
          sandbox, "experiment 6", "every pod stopped and started again", periods);

      SeedExperiments.assertExactPool(sandbox, all);
      assertThat(all.stream().map(o -> sandbox.glusterPod(o).uuid().orElseThrow()).toList())
          .isEqualTo(uuids);
      SeedExperiments.assertNothingDetached(watch);
    }
  }
}
