package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed's experiment 6 with data: a replica-3 volume started on pods 0..2 and a client writing
 * through its FUSE mount while the whole cluster is powered off (every pod killed at once, no
 * preStop, cluster DNS down) and, two probe periods later, on again: every pod is made anew with
 * its PersistentVolume. The client's writes fail while no brick runs (figures, not asserted); the
 * pool converges with the same UUIDs, every brick is online, the heals drain, and every file the
 * client got acknowledged reads back from a fresh mount.
 */
@Tag("extended")
class ClusterRestartWithDataTest {
  @BeforeAll
  static void requirements() {
    DataAssumptions.assumeFuseClient();
  }

  @Test
  void everyAcknowledgedFileSurvivesAFullClusterStopAndStart() {
    try (Scenario s = Scenario.data("full-cluster stop and start with data").start()) {
      Sandbox sandbox = s.sandbox();
      ServedVolume v1 = DataVolumes.startedOnPods012(s, DataWorkload.BRICKS_ONLINE);
      List<String> uuids = uuids(s);

      DataWorkload.whileWriting(
          s,
          v1,
          "full-cluster stop and start with data",
          () -> {
            sandbox.cluster().powerOff();
            assertThat(sandbox.cluster().podOrdinals()).isEmpty();
            Scenario.sleep(sandbox.probePeriod().multipliedBy(2));
            sandbox.cluster().powerOn();
            s.awaitConverged(
                "every pod stopped and started again, with data",
                12 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
          });

      assertThat(uuids(s)).as("the pods' UUIDs after the restart").isEqualTo(uuids);
      s.assertExactPool(s.all());
      s.assertNothingDetached();
    }
  }

  private static List<String> uuids(Scenario s) {
    return s.all().stream().map(o -> s.sandbox().glusterPod(o).uuid().orElseThrow()).toList();
  }
}
