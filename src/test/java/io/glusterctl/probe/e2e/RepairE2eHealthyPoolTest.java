package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A negative: a healthy pool of three with a volume, left alone for many probe periods. No pod ever
 * asks for a repair, none restarts, no backup is made anywhere, every liveness run passes, and the
 * glusterd directories are unchanged.
 */
class RepairE2eHealthyPoolTest {
  static final int PERIODS = 12;

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void aHealthyPoolNeverRepairsAnyone() {
    try (RepairScenario s = RepairScenario.start("repair: healthy pool (negative)", 3)) {
      Sandbox sandbox = s.sandbox;
      s.createVolume(0, 1, 2);
      String definition = s.volumeDefinitions().get(0);
      s.assertVolumeEverywhere(definition, 4);
      RepairScenario.sleep(
          sandbox.probePeriod().multipliedBy(2)); // the volume's own changes settle
      s.markRestarts();
      Map<Integer, Map<String, String>> files = new java.util.TreeMap<>();
      for (int o : s.all) {
        files.put(o, s.glusterdFiles(o));
      }
      long since = System.currentTimeMillis();

      RepairScenario.sleep(sandbox.probePeriod().multipliedBy(PERIODS));

      SeedExperiments.assertExactPool(sandbox, s.all);
      for (int o : s.all) {
        List<ProbeRun> runs =
            sandbox.glusterPod(o).probeRuns(ProbeKind.LIVENESS).stream()
                .filter(r -> r.at().toEpochMilli() >= since)
                .toList();
        assertThat(runs)
            .as("liveness runs of pod %d in %d periods", o, PERIODS)
            .hasSizeGreaterThanOrEqualTo(PERIODS / 2);
        assertThat(runs)
            .as("liveness runs of pod %d that did not pass", o)
            .allMatch(ProbeRun::succeeded);
        assertThat(s.repairRequests(o))
            .as("liveness runs of pod %d that asked for a repair", o)
            .isEmpty();
        assertThat(s.backups(o)).as("backups of pod %d", o).isEmpty();
        assertThat(s.glusterdFiles(o)).as("pod %d's glusterd files", o).isEqualTo(files.get(o));
        assertThat(s.status(o)).as("status of pod %d", o).doesNotContain("repair:");
      }
      assertThat(s.restartsSinceMark())
          .as("container restarts")
          .allSatisfy((o, n) -> assertThat(n).isZero());
      s.assertVolumeEverywhere(definition, 1);
      SeedExperiments.assertNothingDetached(s.watch);
    }
  }
}
