package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
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
      GlusterVolume v1 = s.createVolume(0, 1, 2);
      v1.awaitDefinitionEverywhere(4);
      LostVolume lost = new LostVolume(s, v1, LOST);
      assertThat(lost.owners()).doesNotContainValue(lost.oldUuid());

      lost.lose();
      lost.assertRepaired("pod " + LOST + " (no bricks) lost its volume and rejoined");
    }
  }
}
