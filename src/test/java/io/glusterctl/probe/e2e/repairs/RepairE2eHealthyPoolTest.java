package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A negative: a healthy pool of three with a volume, left alone for many probe periods. No pod ever
 * asks for a repair, none restarts, no backup is made anywhere, every liveness run passes, and the
 * glusterd directories are unchanged.
 */
class RepairE2eHealthyPoolTest {
  static final int PERIODS = 12;

  @Test
  void aHealthyPoolNeverRepairsAnyone() {
    try (Scenario s = Scenario.repair("repair: healthy pool (negative)").start()) {
      Sandbox sandbox = s.sandbox();
      GlusterVolume v1 = s.createVolume(0, 1, 2);
      v1.awaitDefinitionEverywhere(4);
      Scenario.sleep(sandbox.probePeriod().multipliedBy(2)); // the volume's own changes settle
      s.markRestarts();
      Map<Integer, Map<String, String>> files = new TreeMap<>();
      for (int o : s.all()) {
        files.put(o, sandbox.glusterPod(o).glusterdFiles());
      }
      long since = System.currentTimeMillis();

      Scenario.sleep(sandbox.probePeriod().multipliedBy(PERIODS));

      s.assertExactPool(s.all());
      for (int o : s.all()) {
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
        s.repairs().assertNoRepair(o);
        assertThat(sandbox.glusterPod(o).glusterdFiles())
            .as("pod %d's glusterd files", o)
            .isEqualTo(files.get(o));
        assertThat(s.repairs().status(o))
            .as("status of pod %d", o)
            .contains("repair:   none recorded")
            .doesNotContain("repair:   last")
            .doesNotContain("repair:   PENDING");
      }
      s.assertNoRestartSinceMark();
      v1.assertDefinitionEverywhere(1);
      s.assertNothingDetached();
    }
  }
}
