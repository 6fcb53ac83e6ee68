package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
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
      GlusterVolume v1 = s.createVolume(0, 1, 2);
      v1.awaitDefinitionEverywhere(4);
      LostVolume lost = new LostVolume(s, v1, LOST);
      assertThat(lost.owners()).containsEntry(v1.brick(LOST), lost.oldUuid());

      lost.lose();
      lost.assertRepaired(
          "pod " + LOST + " (a brick host) lost its volume and re-adopted its UUID");
    }
  }
}
