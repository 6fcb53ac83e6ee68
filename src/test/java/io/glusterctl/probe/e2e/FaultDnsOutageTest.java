package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.DetachWatch;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cluster DNS stopped for several probe periods, with pods that read the desired members from DNS
 * ({@code --members-from auto} without an API, and a person's {@code --members-from dns}). While it
 * is down a new pod appears (scale 3 to 4): a program that took "no answer" for "no members" or
 * acted on a stale view would act; this one must not probe, detach or repair anything, liveness
 * must stay 0, and once DNS is back the new pod is probed in.
 */
class FaultDnsOutageTest {
  private static final String TEST = "fault dns";

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void nothingIsDoneWhileDnsIsDownAndThePoolConvergesWhenItIsBack() {
    try (Sandbox sandbox =
            Sandbox.builder().replicas(3).api(false).timeScale(FaultWitness.timeScale()).start();
        DetachWatch watch = sandbox.pool().watchDetachments()) {
      Set<Integer> three = SeedExperiments.ordinals(3);
      FaultWitness.figure(
          TEST, "3 pods form the pool (periods)", "" + sandbox.pool().awaitConverged(three, 60));
      Duration outage = sandbox.probePeriod().multipliedBy(10);

      FaultWitness.Window w = FaultWitness.open(sandbox);
      sandbox.faults().stopDns();
      FaultWitness.sleep(sandbox.probePeriod().multipliedBy(2));
      sandbox.cluster().scale(4); // a new pod while DNS is down: it has no record yet
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(60));
      sandbox.glusterPod(3).awaitAnswers(Duration.ofSeconds(60));

      CommandResult person = sandbox.glusterPod(0).probe("reconcile", "--members-from", "dns");
      assertThat(person.exitCode()).as(person.describe()).isEqualTo(3);
      assertThat(person.stdout())
          .as(person.describe())
          .contains("ERROR the desired members could not be read")
          .contains("10.77.0.2:53")
          .contains("_glusterd._tcp.glusterfs.default.svc.cluster.local");
      CommandResult status = sandbox.glusterPod(0).probe("status", "--members-from", "dns");
      assertThat(status.stdout() + status.stderr())
          .as(status.describe())
          .contains("_glusterd._tcp.glusterfs.default.svc.cluster.local");

      w.lastAtLeast(outage, Set.of(0, 1, 2, 3), 2, Duration.ofMinutes(4));
      w.close();
      sandbox.faults().startDns();

      w.assertNothingDone(Set.of(0, 1, 2, 3), 2);
      for (int o = 0; o < 4; o++) {
        assertThat(sandbox.glusterPod(o).probeOutput())
            .as("pod %d's probe output", o)
            .doesNotContain("Exception")
            .doesNotContain("\tat ");
      }
      assertThat(sandbox.glusterPod(3).peerStatus()).as("pod 3 while DNS was down").isEmpty();
      FaultWitness.figure(
          TEST,
          "outage",
          w.length().toMillis()
              + " ms = "
              + w.length().toMillis() / sandbox.probePeriod().toMillis()
              + " periods; "
              + FaultWitness.livenessFigures(w, Set.of(0, 1, 2, 3)));

      int periods = sandbox.pool().awaitConverged(Set.of(0, 1, 2, 3), 15);
      FaultWitness.figure(TEST, "pool of 4 after DNS is back (periods)", "" + periods);
      SeedExperiments.assertExactPool(sandbox, Set.of(0, 1, 2, 3));
      SeedExperiments.assertNothingDetached(watch);
      for (int o = 0; o < 4; o++) {
        FaultWitness.assertNoRepair(sandbox, o);
      }
    }
  }
}
