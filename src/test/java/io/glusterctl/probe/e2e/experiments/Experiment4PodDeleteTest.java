package io.glusterctl.probe.e2e.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Pod;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The seed's experiment 4: with a replica-3 volume defined, pod 1 is deleted; it comes back with
 * its volume and UUID, the pool is healthy (no {@code Peer Rejected}), and the volume definition is
 * the same on every pod.
 */
class Experiment4PodDeleteTest {

  @Test
  void aDeletedPodComesBackIntoAHealthyPool() {
    try (Scenario s = Scenario.experiment("experiment 4").start()) {
      Sandbox sandbox = s.sandbox();
      GlusterVolume v1 = s.createVolume(0, 1, 2);
      assertThat(v1.awaitDefinitionEverywhere(0))
          .contains("Volume Name: v1", "Number of Bricks: 1 x 3 = 3");

      String uuid = sandbox.glusterPod(1).uuid().orElseThrow();
      Pod deleted = sandbox.cluster().requirePod(1);
      sandbox.cluster().deletePod(1);
      sandbox.cluster().awaitNewPod(1, deleted.incarnation(), Duration.ofSeconds(60));
      s.awaitConverged(
          "pod 1 deleted and back", 12 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));

      s.assertExactPool(s.all());
      assertThat(sandbox.glusterPod(1).uuid()).contains(uuid);
      v1.assertDefinitionEverywhere(0);
      s.assertNothingDetached();
    }
  }
}
