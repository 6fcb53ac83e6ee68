package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.GlusterPod;
import java.util.Map;
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

  @Test
  void aPodWithoutBricksThatLostItsVolumeRejoinsInOneRestart() {
    try (Scenario s = Scenario.repair("repair: lost volume, no bricks").replicas(4).start()) {
      GlusterPod lost = s.sandbox().glusterPod(LOST);
      GlusterVolume v1 = s.createVolume(0, 1, 2);
      String definition = v1.definitionOn(0);
      v1.assertEverywhere(definition, 4);
      String oldUuid = lost.uuid().orElseThrow();
      Map<String, String> owners = v1.brickOwners(0);
      assertThat(owners).doesNotContainValue(oldUuid);

      s.whileStopped(LOST, () -> s.sandbox().faults().loseVolume(LOST));
      String newUuid = lost.uuid().orElseThrow();
      assertThat(newUuid).as("pod %d's UUID on the new volume", LOST).isNotEqualTo(oldUuid);

      s.awaitConverged(
          "pod " + LOST + " (no bricks) lost its volume and rejoined",
          s.all(),
          Scenario.REPAIR_BUDGET);
      s.assertRepairedOnce(LOST, "lost-identity");
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
