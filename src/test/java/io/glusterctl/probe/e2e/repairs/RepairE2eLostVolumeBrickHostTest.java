package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.GlusterPod;
import java.util.Map;
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

  @Test
  void aBrickHostThatLostItsVolumeReadoptsItsIdentityInOneRestart() {
    try (Scenario s = Scenario.repair("repair: lost volume, brick host").start()) {
      GlusterPod lost = s.sandbox().glusterPod(LOST);
      GlusterVolume v1 = s.createVolume(0, 1, 2);
      String definition = v1.definitionOn(0);
      v1.assertEverywhere(definition, 4);
      String oldUuid = lost.uuid().orElseThrow();
      Map<String, String> owners = v1.brickOwners(0);
      assertThat(owners).containsEntry(v1.brick(LOST), oldUuid);

      s.whileStopped(LOST, () -> s.sandbox().faults().loseVolume(LOST));
      String newUuid = lost.uuid().orElseThrow();
      assertThat(newUuid).as("pod %d's UUID on the new volume", LOST).isNotEqualTo(oldUuid);

      s.awaitConverged(
          "pod " + LOST + " (a brick host) lost its volume and re-adopted its UUID",
          s.all(),
          Scenario.REPAIR_BUDGET);
      s.assertRepairedOnce(LOST, "lost-identity");
      assertThat(Scenario.read(s.lastBackup(LOST).resolve("glusterd.info")))
          .as("the backup holds the identity glusterd made up")
          .contains("UUID=" + newUuid);
      assertThat(lost.uuid()).as("pod %d's UUID after the repair", LOST).contains(oldUuid);
      for (int o : s.all()) {
        assertThat(v1.brickOwners(o))
            .as("v1's bricks and their owners as pod %d lists them", o)
            .isEqualTo(owners);
      }
      v1.assertEverywhere(definition, 4);
      s.assertStaysConverged(3);
      s.assertNothingDetached();
    }
  }
}
