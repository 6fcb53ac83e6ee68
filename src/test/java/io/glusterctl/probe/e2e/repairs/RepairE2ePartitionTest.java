package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.GlusterPod;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.packaging.Runbook;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

  @Test
  void aPartitionedPodNeverWipesItself() {
    try (Scenario s = Scenario.repair("repair: partition (negative)").start()) {
      Sandbox sandbox = s.sandbox();
      GlusterPod cutOff = sandbox.glusterPod(CUT_OFF);
      GlusterVolume v1 = s.createVolume(0, 1, 2);
      v1.awaitDefinitionEverywhere(4);
      s.markRestarts();
      Map<String, String> files = cutOff.glusterdFiles();

      sandbox.faults().partitionWithDns(CUT_OFF);
      // glusterd takes real time (about 22 s) to see a partitioned peer Disconnected
      Scenario.await(
          "pod " + CUT_OFF + " sees every peer Disconnected",
          Duration.ofSeconds(90),
          Duration.ofMillis(500),
          () -> seesAllDisconnected(cutOff));
      int livenessBefore = cutOff.probeRuns(ProbeKind.LIVENESS).size();
      Scenario.sleep(sandbox.probePeriod().multipliedBy(PERIODS_DISCONNECTED));
      // on a loaded machine a run can take longer than a period: wait for the runs themselves too
      long runsEnd =
          System.nanoTime() + sandbox.probePeriod().multipliedBy(PERIODS_DISCONNECTED).toNanos();
      while (cutOff.probeRuns(ProbeKind.LIVENESS).size() - livenessBefore < RUNS_DISCONNECTED
          && System.nanoTime() < runsEnd) {
        Scenario.sleep(Duration.ofMillis(500));
      }
      assertThat(cutOff.probeRuns(ProbeKind.LIVENESS).size() - livenessBefore)
          .as("liveness runs of pod %d while it saw everyone Disconnected", CUT_OFF)
          .isGreaterThanOrEqualTo(RUNS_DISCONNECTED);
      assertThat(seesAllDisconnected(cutOff)).as("still cut off").isTrue();
      // what a person sees on each side of the cut (docs/troubleshooting.md, the pool is split)
      CommandResult cutOffSide = cutOff.probe("status");
      Runbook.assertShows(
          "status", "split-cut-off-side", cutOffSide.stdout() + cutOffSide.stderr());
      CommandResult otherSide = sandbox.glusterPod(0).probe("status");
      Runbook.assertShows("status", "split-other-side", otherSide.stdout() + otherSide.stderr());

      sandbox.faults().heal();
      s.awaitConverged(
          "pod " + CUT_OFF + " partitioned for " + PERIODS_DISCONNECTED + " periods, healed",
          Scenario.REPAIR_BUDGET);

      for (int o : s.all()) {
        s.repairs().assertNoRepair(o);
      }
      s.assertNoRestartSinceMark();
      assertThat(cutOff.glusterdFiles()).as("pod %d's glusterd files", CUT_OFF).isEqualTo(files);
      v1.assertDefinitionEverywhere(4);
      s.assertNothingDetached();
    }
  }

  private static boolean seesAllDisconnected(GlusterPod observer) {
    List<Peer> peers = observer.peerStatusIfKnown().orElse(List.of());
    return peers.size() == 2 && peers.stream().noneMatch(Peer::connected);
  }
}
