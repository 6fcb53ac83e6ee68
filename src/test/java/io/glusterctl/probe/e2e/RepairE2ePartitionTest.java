package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.model.Peer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A negative: pod 2 is cut off from the other pods (cluster DNS on its side, so that it still knows
 * the desired members and its own checks run in full) until it sees every peer Disconnected, and
 * then for several probe periods (and at least four of its liveness runs) more. It never asks for a
 * repair, never restarts and never touches its glusterd directory (no backup, the same files);
 * after the partition heals it is back in the pool.
 */
class RepairE2ePartitionTest {
  static final int CUT_OFF = 2;
  static final int PERIODS_DISCONNECTED = 8;
  static final int RUNS_DISCONNECTED = 4;

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void aPartitionedPodNeverWipesItself() {
    try (RepairScenario s = RepairScenario.start("repair: partition (negative)", 3)) {
      Sandbox sandbox = s.sandbox;
      s.createVolume(0, 1, 2);
      String definition = s.volumeDefinitions().get(0);
      s.assertVolumeEverywhere(definition, 4);
      s.markRestarts();
      Map<String, String> files = s.glusterdFiles(CUT_OFF);

      sandbox.faults().partitionWithDns(CUT_OFF);
      // glusterd takes real time (about 22 s) to see a partitioned peer Disconnected
      long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!seesAllDisconnected(sandbox, CUT_OFF) && System.nanoTime() < end) {
        RepairScenario.sleep(Duration.ofMillis(500));
      }
      assertThat(seesAllDisconnected(sandbox, CUT_OFF))
          .as("pod %d sees every peer Disconnected", CUT_OFF)
          .isTrue();
      int livenessBefore = sandbox.glusterPod(CUT_OFF).probeRuns(ProbeKind.LIVENESS).size();
      RepairScenario.sleep(sandbox.probePeriod().multipliedBy(PERIODS_DISCONNECTED));
      // on a loaded machine a run can take longer than a period: wait for the runs themselves too
      long runsEnd =
          System.nanoTime() + sandbox.probePeriod().multipliedBy(PERIODS_DISCONNECTED).toNanos();
      while (sandbox.glusterPod(CUT_OFF).probeRuns(ProbeKind.LIVENESS).size() - livenessBefore
              < RUNS_DISCONNECTED
          && System.nanoTime() < runsEnd) {
        RepairScenario.sleep(Duration.ofMillis(500));
      }
      assertThat(sandbox.glusterPod(CUT_OFF).probeRuns(ProbeKind.LIVENESS).size() - livenessBefore)
          .as("liveness runs of pod %d while it saw everyone Disconnected", CUT_OFF)
          .isGreaterThanOrEqualTo(RUNS_DISCONNECTED);
      assertThat(seesAllDisconnected(sandbox, CUT_OFF)).as("still cut off").isTrue();

      sandbox.faults().heal();
      int periods = sandbox.pool().awaitConverged(s.all, RepairScenario.REPAIR_BUDGET);
      s.report(
          "pod " + CUT_OFF + " partitioned for " + PERIODS_DISCONNECTED + " periods, healed",
          periods);

      for (int o : s.all) {
        assertThat(s.backups(o)).as("backups of pod %d", o).isEmpty();
        assertThat(s.repairRequests(o))
            .as("liveness runs of pod %d that asked for a repair", o)
            .isEmpty();
      }
      assertThat(s.restartsSinceMark())
          .as("container restarts")
          .allSatisfy((o, n) -> assertThat(n).isZero());
      assertThat(s.glusterdFiles(CUT_OFF)).as("pod %d's glusterd files", CUT_OFF).isEqualTo(files);
      s.assertVolumeEverywhere(definition, 4);
      SeedExperiments.assertNothingDetached(s.watch);
    }
  }

  private static boolean seesAllDisconnected(Sandbox sandbox, int observer) {
    List<Peer> peers = sandbox.glusterPod(observer).peerStatusIfKnown().orElse(List.of());
    return peers.size() == 2 && peers.stream().noneMatch(Peer::connected);
  }
}
