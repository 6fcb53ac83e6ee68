package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.model.RepairKind;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.state.LockAttempt;
import io.glusterctl.probe.state.StateStore;
import io.glusterctl.probe.state.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A negative: a healthy pool of three with a volume, left alone for many probe periods. No pod ever
 * asks for a repair, none restarts, no backup is made anywhere, every liveness run passes, and the
 * glusterd directories are unchanged.
 *
 * <p>Then a repair request the pool does not confirm is planted in pod 2's state (a forgotten
 * repair from pod 0, which lists pod 2 in the cluster: the race of a coordinator's probe that takes
 * a forgotten pod back after it asked, seen in {@code ScaleDownWhileAwayTest}). Pod 2's next
 * liveness run asks pod 0's real glusterd, withdraws the request and passes: no exit 7, no restart,
 * no backup, its glusterd directory untouched.
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

      // a stale request, planted under the state lock as a liveness run would have written it
      Instant planted = Instant.now();
      plantPendingRepair(sandbox, 2, RepairKind.FORGOTTEN, sandbox.fqdn(0), planted);
      assertThat(s.repairs().stateFile(2)).contains("repair.pending.kind");
      Scenario.await(
          "pod 2's liveness withdraws the stale request",
          sandbox.probePeriod().multipliedBy(4),
          Duration.ofMillis(500),
          () -> !s.repairs().stateFile(2).contains("repair.pending"));
      assertThat(s.repairs().stateFile(2)).contains("withdrawn before any attempt");
      assertThat(s.repairs().repairRequests(2))
          .as("pod 2's liveness runs that exited 7 after the planted request")
          .noneMatch(r -> r.at().isAfter(planted));
      // posted after the run released the state lock, so a moment after the state file changed
      Scenario.await(
          "pod 2 posts a RepairWithdrawn Event",
          sandbox.probePeriod(),
          Duration.ofMillis(500),
          () ->
              sandbox.events().stream()
                  .anyMatch(
                      e ->
                          "RepairWithdrawn".equals(e.getString("reason"))
                              && "glusterfs-2"
                                  .equals(e.getObject("involvedObject").getString("name"))));
      Scenario.sleep(sandbox.probePeriod().multipliedBy(2));
      assertThat(s.repairs().backups(2)).as("backups of pod 2").isEmpty();
      assertThat(sandbox.glusterPod(2).glusterdFiles())
          .as("pod 2's glusterd files")
          .isEqualTo(files.get(2));
      s.assertNoRestartSinceMark();
      s.assertExactPool(s.all());
    }
  }

  /** Writes a pending repair into pod {@code o}'s state file, under the program's own lock. */
  static void plantPendingRepair(
      Sandbox sandbox, int o, RepairKind kind, String reference, Instant at) {
    StateStore store = new StateStore(sandbox.volume(o).resolve("probe"), Time.SYSTEM);
    LockAttempt a = store.lock(Duration.ofSeconds(30), "test");
    assertThat(a).as("the state lock of pod %d", o).isInstanceOf(LockAttempt.Acquired.class);
    try (StateStore.Session session = ((LockAttempt.Acquired) a).session()) {
      RepairLedger pending =
          new RepairLedger(
              Optional.of(new RepairLedger.Pending(kind, reference, "planted by the test", at)),
              0,
              Optional.empty(),
              "",
              false);
      assertThat(session.replace(RepairLedger.PREFIX, pending.toEntries()))
          .isInstanceOf(WriteResult.Written.class);
    }
  }
}
