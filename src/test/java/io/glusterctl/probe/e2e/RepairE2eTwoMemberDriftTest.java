package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tie-break: in a pool of two, drift on pod 1 makes each side list the other as {@code Peer
 * Rejected}, and no majority says who is right. The higher ordinal repairs from the lower one (the
 * reference); pod 0 repairs nothing. (Replica 2 here: there are only two hosts.)
 */
class RepairE2eTwoMemberDriftTest {
  static final int DRIFTED = 1;

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void inAPoolOfTwoTheHigherOrdinalRepairsFromTheLower() {
    try (RepairScenario s = RepairScenario.start("repair: two members, drift", 2)) {
      Sandbox sandbox = s.sandbox;
      s.createVolume(0, 1);
      String definition = s.volumeDefinitions().get(0);
      s.assertVolumeEverywhere(definition, 4);

      sandbox.faults().stopContainer(DRIFTED);
      Path info = s.glusterdDir(DRIFTED).resolve("vols/v1/info");
      RepairScenario.write(info, RepairE2eDriftTest.drift(RepairScenario.read(info)));
      sandbox.faults().startContainer(DRIFTED); // the fault's own restart, before the mark
      s.markRestarts();

      int periods = sandbox.pool().awaitConverged(s.all, RepairScenario.REPAIR_BUDGET);
      s.report("pod " + DRIFTED + " of two drifted (R1) and repaired from pod 0", periods);
      s.assertRestartedOnly(DRIFTED);
      s.assertBackupOnlyOn(DRIFTED, "drift");
      s.assertVolumeEverywhere(definition, 4);
      assertThat(RepairScenario.read(info)).doesNotContain("performance.client-io-threads=on");
      s.assertNoRepairRequestedBesides(DRIFTED);
      s.assertStatusShowsRepair(DRIFTED, "drift");
      s.assertStaysConverged(3);
      SeedExperiments.assertNothingDetached(s.watch);
    }
  }
}
