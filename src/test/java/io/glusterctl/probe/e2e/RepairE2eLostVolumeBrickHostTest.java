package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A lost PersistentVolume on a pod that carries a brick: pod 1's volume is replaced by an empty one
 * while its glusterd is stopped. glusterd starts with a new UUID and no peers, while the pool lists
 * pod 1's name under its old UUID, which owns a brick of v1. Its liveness asks for a lost-identity
 * repair; prestart writes the old UUID back into {@code glusterd.info} and rebuilds {@code peers/}
 * from a healthy member. Pod 1 ends with its old UUID, so the brick keeps its owner.
 */
class RepairE2eLostVolumeBrickHostTest {
  static final int LOST = 1;

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void aBrickHostThatLostItsVolumeReadoptsItsIdentityInOneRestart() {
    try (RepairScenario s = RepairScenario.start("repair: lost volume, brick host", 3)) {
      Sandbox sandbox = s.sandbox;
      s.createVolume(0, 1, 2);
      String definition = s.volumeDefinitions().get(0);
      s.assertVolumeEverywhere(definition, 4);
      String oldUuid = sandbox.glusterPod(LOST).uuid().orElseThrow();
      Map<String, String> owners = s.brickOwners(0);
      assertThat(owners).containsEntry(sandbox.fqdn(LOST) + ":/bricks/b", oldUuid);

      s.loseVolumeOf(LOST);
      String newUuid = sandbox.glusterPod(LOST).uuid().orElseThrow();
      assertThat(newUuid).as("pod %d's UUID on the new volume", LOST).isNotEqualTo(oldUuid);

      int periods = sandbox.pool().awaitConverged(s.all, RepairScenario.REPAIR_BUDGET);
      s.report("pod " + LOST + " (a brick host) lost its volume and re-adopted its UUID", periods);
      s.assertRestartedOnly(LOST);
      s.assertBackupOnlyOn(LOST, "lost-identity");
      assertThat(RepairScenario.read(s.backups(LOST).get(0).resolve("glusterd.info")))
          .as("the backup holds the identity glusterd made up")
          .contains("UUID=" + newUuid);
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
