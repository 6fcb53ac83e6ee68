package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Pod;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import io.glusterctl.probe.e2e.sandbox.VolumeClient;
import io.glusterctl.probe.e2e.sandbox.WorkloadLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's experiment 4 with data: a replica-3 volume started on pods 0..2 and a client writing
 * files through its FUSE mount (mounted through the Service's name, the pods as backup volfile
 * servers) while pod 1 is deleted (its container stopped: bricks first, then glusterd) and
 * recreated by the StatefulSet with the same PersistentVolume. Afterwards the pool is exactly the
 * three pods again, every brick is online, no heal is pending, pod 1 is Ready again (its readiness
 * waits for the heal of the files written while its brick was away), and every file the client got
 * acknowledged reads back with its checksum from a fresh mount on another client.
 */
class PodDeleteWithDataTest {
  @BeforeAll
  static void requirements() {
    DataAssumptions.assumeFuseClient();
  }

  @Test
  void everyAcknowledgedFileSurvivesADeletedBrickPod() {
    try (Scenario s = Scenario.data("pod delete with data").start()) {
      Sandbox sandbox = s.sandbox();
      ServedVolume v1 = DataVolumes.startedOnPods012(s, DataWorkload.BRICKS_ONLINE);

      WorkloadLog written;
      Duration changeToHealed;
      try (VolumeClient writer = DataWorkload.mountedWriter(sandbox, "v1")) {
        VolumeClient.Workload w = writer.startWriting("w", DataWorkload.INTERVAL);
        Scenario.sleep(sandbox.probePeriod());
        assertThat(w.log().acknowledged()).as("files acknowledged before the delete").isNotEmpty();

        Pod deleted = sandbox.cluster().requirePod(1);
        Instant change = Instant.now();
        sandbox.cluster().deletePod(1);
        sandbox.cluster().awaitNewPod(1, deleted.incarnation(), Duration.ofSeconds(120));
        s.awaitConverged(
            "pod 1 deleted and back", 12 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
        assertThat(v1.awaitBricksOnline(0, DataWorkload.BRICKS_ONLINE))
            .as("every brick online after pod 1 came back: %s", v1.status(0))
            .isTrue();
        Optional<Duration> healed = v1.awaitNoPendingHeals(0, DataWorkload.HEALED);
        assertThat(healed)
            .as(
                () ->
                    "no heal pending within "
                        + DataWorkload.HEALED
                        + " of the bricks online; volume heal info: "
                        + v1.healInfo(0))
            .isPresent();
        changeToHealed = Duration.between(change, Instant.now());
        Scenario.await(
            "pod 1 Ready again",
            sandbox.probePeriod().multipliedBy(6),
            Duration.ofMillis(500),
            () -> sandbox.cluster().ready(1));

        Scenario.sleep(sandbox.probePeriod());
        written = w.stop();
        writer.unmount();
      }

      String name = "pod delete with data";
      DataWorkload.figures(s, name, written);
      s.figure(name + ": delete to no pending heals", "" + changeToHealed);
      DataWorkload.assertEveryFileSurvives(s, name, v1, written);
      s.assertExactPool(s.all());
      s.assertNothingDetached();
    }
  }
}
