package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.GlusterPod;
import java.util.Map;

/**
 * A pod's PersistentVolume lost while its glusterd is stopped, and the lost-identity repair that
 * must follow, as both lost-volume tests need them: glusterd starts on the empty volume with a new
 * UUID and no peers, while the pool lists the pod's name under the old UUID. The repair writes the
 * old UUID back and rebuilds the peers, so the bricks keep their owners.
 */
final class LostVolume {
  private final Scenario scenario;
  private final GlusterVolume volume;
  private final GlusterPod pod;
  private final String oldUuid;
  private final Map<String, String> owners;
  private String newUuid;

  /** Pod {@code ordinal} before the loss: its UUID, and the owners of the volume's bricks. */
  LostVolume(Scenario scenario, GlusterVolume volume, int ordinal) {
    this.scenario = scenario;
    this.volume = volume;
    this.pod = scenario.sandbox().glusterPod(ordinal);
    this.oldUuid = pod.uuid().orElseThrow();
    this.owners = volume.brickOwners(volume.hosts().get(0));
  }

  String oldUuid() {
    return oldUuid;
  }

  /** Each brick and its owner's UUID, before the loss. */
  Map<String, String> owners() {
    return owners;
  }

  /** The volume is lost while glusterd is stopped; glusterd starts again with a new UUID. */
  void lose() {
    scenario.whileStopped(
        pod.ordinal(), () -> scenario.sandbox().faults().loseVolume(pod.ordinal()));
    newUuid = pod.uuid().orElseThrow();
    assertThat(newUuid).as("pod %d's UUID on the new volume", pod.ordinal()).isNotEqualTo(oldUuid);
  }

  /**
   * The pool converges within the repair budget ({@code step}) after exactly one lost-identity
   * repair; the backup holds the identity glusterd made up, the pod has its old UUID back, and
   * every pod lists the bricks with their old owners.
   */
  void assertRepaired(String step) {
    scenario.awaitConverged(step, Scenario.REPAIR_BUDGET);
    scenario.assertRepairedOnce(pod.ordinal(), "lost-identity");
    assertThat(Scenario.read(scenario.repairs().lastBackup(pod.ordinal()).resolve("glusterd.info")))
        .as("the backup holds the identity glusterd made up")
        .contains("UUID=" + newUuid);
    assertThat(pod.uuid()).as("pod %d's UUID after the repair", pod.ordinal()).contains(oldUuid);
    volume.assertBrickOwnersEverywhere(owners);
  }
}
