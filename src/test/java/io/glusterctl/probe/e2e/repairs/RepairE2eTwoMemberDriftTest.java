package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The tie-break: in a pool of two, drift on pod 1 makes each side list the other as {@code Peer
 * Rejected}, and no majority says who is right. The higher ordinal repairs from the lower one (the
 * reference); pod 0 repairs nothing. (Replica 2 here: there are only two hosts.) Extended (about
 * 130 s): the default run keeps the drift repair itself (RepairE2eDriftTest); the tie-break's rule
 * is also pinned by the planner's tables.
 */
@Tag("extended")
class RepairE2eTwoMemberDriftTest {
  static final int DRIFTED = 1;

  @Test
  void inAPoolOfTwoTheHigherOrdinalRepairsFromTheLower() {
    try (Scenario s = Scenario.repair("repair: two members, drift").replicas(2).start()) {
      GlusterVolume v1 = s.createVolume(0, 1);
      v1.awaitDefinitionEverywhere(4);

      Path info = v1.infoFile(DRIFTED);
      s.whileStopped(
          DRIFTED, () -> Scenario.write(info, RepairE2eDriftTest.drift(Scenario.read(info))));

      s.awaitConverged(
          "pod " + DRIFTED + " of two drifted (R1) and repaired from pod 0",
          Scenario.REPAIR_BUDGET);
      s.assertRepairedOnce(DRIFTED, "drift");
      assertThat(Scenario.read(info)).doesNotContain("performance.client-io-threads=on");
    }
  }
}
