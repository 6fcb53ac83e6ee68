package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.data.DataAssumptions;
import io.glusterctl.probe.e2e.data.DataVolumes;
import io.glusterctl.probe.e2e.data.DataWorkload;
import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import io.glusterctl.probe.packaging.Runbook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R1, configuration drift: pod 2's copy of volume v1 changes while its glusterd is stopped (one
 * value of {@code vols/v1/info}, {@code version=} unchanged). The pool rejects it; its liveness
 * asks for a repair, the kubelet restarts the container once, prestart rebuilds pod 2's state from
 * a healthy member, and the pool converges with the pool's definition of v1 on every pod.
 *
 * <p>With data ({@code extended}): v1 is started on pods 0..2 and a client writes a file every 200
 * ms through its FUSE mount meanwhile; pod 2 hosts one of v1's bricks, and the repair clears its
 * {@code /var/lib/glusterd} (its brick directory, on the same PersistentVolume, is kept). Pod 2's
 * brick is served again afterwards (online, with a brick process), the files written while it was
 * away are healed onto it, pod 2 is Ready again, and every acknowledged file reads back from a
 * fresh mount, with no heal pending and every brick online.
 */
class RepairE2eDriftTest {
  static final int DRIFTED = 2;

  @Test
  void aDriftedPodIsRepairedInOneRestart() {
    try (Scenario s = Scenario.repair("repair: drift").start()) {
      GlusterVolume v1 = s.createVolume(0, 1, 2);
      v1.awaitDefinitionEverywhere(4);

      driftAndAwaitRepair(s, v1);
      CommandResult status = s.sandbox().glusterPod(DRIFTED).probe("status");
      Runbook.assertShows("status", "repair-done", status.stdout() + status.stderr());
    }
  }

  @Test
  @Tag("extended")
  void aDriftedBrickHostIsRepairedInOneRestartAndServesItsBrickAgain() {
    DataAssumptions.assumeFuseClient();
    try (Scenario s = Scenario.data("repair: drift, with data").start()) {
      Sandbox sandbox = s.sandbox();
      GlusterVolume volume = s.createVolume(0, 1, 2);
      ServedVolume v1 = DataVolumes.started(volume, DataWorkload.BRICKS_ONLINE);
      volume.awaitDefinitionEverywhere(4);

      DataWorkload.whileWriting(
          s, v1, "drift of a brick host with data", () -> driftAndAwaitRepair(s, volume));
      assertThat(v1.brickPid(DRIFTED)).as("pod %d's brick process", DRIFTED).isPresent();
      Scenario.await(
          "pod " + DRIFTED + " Ready again",
          sandbox.probePeriod().multipliedBy(6),
          Duration.ofMillis(500),
          () -> sandbox.cluster().ready(DRIFTED));
      s.assertExactPool(s.all());
      s.assertNothingDetached();
    }
  }

  /**
   * The fault and its repair: one value of pod {@link #DRIFTED}'s {@code vols/v1/info} changed
   * ({@link #drift}) while it is stopped; then the pool converges within the repair budget after
   * exactly one drift repair, the backup holds the drifted definition, and pod {@link #DRIFTED} has
   * the pool's definition again.
   */
  static void driftAndAwaitRepair(Scenario s, GlusterVolume v1) {
    Path info = v1.infoFile(DRIFTED);
    StringBuilder drifted = new StringBuilder();
    s.whileStopped(
        DRIFTED,
        () -> {
          drifted.append(drift(Scenario.read(info)));
          Scenario.write(info, drifted.toString());
        });

    s.awaitConverged("pod " + DRIFTED + " drifted (R1) and repaired", Scenario.REPAIR_BUDGET);
    s.assertRepairedOnce(DRIFTED, "drift");
    assertThat(Scenario.read(s.repairs().lastBackup(DRIFTED).resolve("vols/v1/info")))
        .as("the backup holds the drifted definition")
        .isEqualTo(drifted.toString());
    assertThat(Scenario.read(info))
        .as("pod %d's vols/v1/info after the repair", DRIFTED)
        .doesNotContain("performance.client-io-threads=on");
  }

  /** One value changed, {@code version=} kept: {@code performance.client-io-threads} turned on. */
  static String drift(String info) {
    List<String> lines = info.lines().collect(Collectors.toList());
    boolean changed = false;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("performance.client-io-threads=")) {
        lines.set(i, "performance.client-io-threads=on");
        changed = true;
      }
    }
    if (!changed) {
      lines.add("performance.client-io-threads=on");
    }
    return String.join("\n", lines) + "\n";
  }
}
