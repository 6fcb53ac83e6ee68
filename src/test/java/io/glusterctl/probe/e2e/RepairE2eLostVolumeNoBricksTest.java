package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A lost PersistentVolume on a pod without bricks: v1 lives on pods 0..2 of four, and pod 3's
 * volume is replaced by an empty one while its glusterd is stopped. It comes back with a new UUID
 * while the pool lists its name under the old one.
 *
 * <p>It rejoins with its OLD UUID: the repair is the same lost-identity repair as for a brick host
 * (the old UUID written back, {@code peers/} rebuilt), because that is the one way back that needs
 * no change to the pool. Joining with the new UUID would need the pool to detach the old entry (a
 * desired member: the detach guards never allow it) and probe the new one, and the pool's entry for
 * pod 3's name would otherwise stay under an identity that no longer answers.
 */
class RepairE2eLostVolumeNoBricksTest {
  static final int LOST = 3;

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void aPodWithoutBricksThatLostItsVolumeRejoinsInOneRestart() {
    try (RepairScenario s = RepairScenario.start("repair: lost volume, no bricks", 4)) {
      Sandbox sandbox = s.sandbox;
      s.createVolume(0, 1, 2);
      String definition = s.volumeDefinitions().get(0);
      s.assertVolumeEverywhere(definition, 4);
      String oldUuid = sandbox.glusterPod(LOST).uuid().orElseThrow();
      Map<String, String> owners = s.brickOwners(0);
      assertThat(owners).doesNotContainValue(oldUuid);

      s.loseVolumeOf(LOST);
      String newUuid = sandbox.glusterPod(LOST).uuid().orElseThrow();
      assertThat(newUuid).as("pod %d's UUID on the new volume", LOST).isNotEqualTo(oldUuid);

      int periods = sandbox.pool().awaitConverged(s.all, RepairScenario.REPAIR_BUDGET);
      s.report("pod " + LOST + " (no bricks) lost its volume and rejoined", periods);
      s.assertRestartedOnly(LOST);
      s.assertBackupOnlyOn(LOST, "lost-identity");
      assertThat(sandbox.glusterPod(LOST).uuid())
          .as("pod %d's UUID after the repair", LOST)
          .contains(oldUuid);
      for (int o : s.all) {
        assertThat(s.brickOwners(o))
            .as("v1's bricks and their owners as pod %d lists them", o)
            .isEqualTo(owners);
      }
      s.assertVolumeEverywhere(definition, 4);
      s.assertNoRepairRequestedBesides(LOST);
      s.assertStatusShowsRepair(LOST, "lost-identity");
      s.assertStaysConverged(3);
      SeedExperiments.assertNothingDetached(s.watch);
    }
  }
}
