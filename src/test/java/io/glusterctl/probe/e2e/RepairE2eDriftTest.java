package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * R1, configuration drift: pod 2's copy of volume v1 changes while its glusterd is stopped (one
 * value of {@code vols/v1/info}, {@code version=} unchanged). The pool rejects it; its liveness
 * asks for a repair, the kubelet restarts the container once, prestart rebuilds pod 2's state from
 * a healthy member, and the pool converges with the pool's definition of v1 on every pod.
 */
class RepairE2eDriftTest {
  static final int DRIFTED = 2;

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void aDriftedPodIsRepairedInOneRestart() {
    try (RepairScenario s = RepairScenario.start("repair: drift", 3)) {
      Sandbox sandbox = s.sandbox;
      s.createVolume(0, 1, 2);
      String definition = s.volumeDefinitions().get(0);
      s.assertVolumeEverywhere(definition, 4);

      sandbox.faults().stopContainer(DRIFTED);
      Path info = s.glusterdDir(DRIFTED).resolve("vols/v1/info");
      String before = RepairScenario.read(info);
      String drifted = drift(before);
      RepairScenario.write(info, drifted);
      sandbox.faults().startContainer(DRIFTED); // the fault's own restart, before the mark
      s.markRestarts();

      int periods = sandbox.pool().awaitConverged(s.all, RepairScenario.REPAIR_BUDGET);
      s.report("pod " + DRIFTED + " drifted (R1) and repaired", periods);
      s.assertRestartedOnly(DRIFTED);
      s.assertBackupOnlyOn(DRIFTED, "drift");
      assertThat(RepairScenario.read(s.backups(DRIFTED).get(0).resolve("vols/v1/info")))
          .as("the backup holds the drifted definition")
          .isEqualTo(drifted);
      s.assertVolumeEverywhere(definition, 4);
      assertThat(RepairScenario.read(info))
          .as("pod %d's vols/v1/info after the repair", DRIFTED)
          .doesNotContain("performance.client-io-threads=on");
      s.assertNoRepairRequestedBesides(DRIFTED);
      assertThat(s.repairRequests(DRIFTED))
          .as("liveness runs of pod %d that asked for the repair", DRIFTED)
          .isNotEmpty();
      s.assertStatusShowsRepair(DRIFTED, "drift");
      s.assertStaysConverged(3);
      SeedExperiments.assertNothingDetached(s.watch);
    }
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
