package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.packaging.Runbook;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * R1, configuration drift: pod 2's copy of volume v1 changes while its glusterd is stopped (one
 * value of {@code vols/v1/info}, {@code version=} unchanged). The pool rejects it; its liveness
 * asks for a repair, the kubelet restarts the container once, prestart rebuilds pod 2's state from
 * a healthy member, and the pool converges with the pool's definition of v1 on every pod.
 */
class RepairE2eDriftTest {
  static final int DRIFTED = 2;

  @Test
  void aDriftedPodIsRepairedInOneRestart() {
    try (Scenario s = Scenario.repair("repair: drift").start()) {
      GlusterVolume v1 = s.createVolume(0, 1, 2);
      v1.awaitDefinitionEverywhere(4);

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
      CommandResult status = s.sandbox().glusterPod(DRIFTED).probe("status");
      Runbook.assertShows("status", "repair-done", status.stdout() + status.stderr());
      assertThat(Scenario.read(s.repairs().lastBackup(DRIFTED).resolve("vols/v1/info")))
          .as("the backup holds the drifted definition")
          .isEqualTo(drifted.toString());
      assertThat(Scenario.read(info))
          .as("pod %d's vols/v1/info after the repair", DRIFTED)
          .doesNotContain("performance.client-io-threads=on");
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
