package io.glusterctl.probe.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.packaging.Runbook;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Cluster DNS stopped for several probe periods, with pods that read the desired members from DNS
 * ({@code --members-from auto} without an API, and a person's {@code --members-from dns}). While it
 * is down a new pod appears (scale 3 to 4): a program that took "no answer" for "no members" or
 * acted on a stale view would act; this one must not probe, detach or repair anything, liveness
 * must stay 0 (for the new pod: once its glusterd answers, which with DNS down takes some 15 s
 * after its port opens), no pod may restart, and once DNS is back the new pod is probed in. A
 * person's {@code status} meanwhile shows what docs/troubleshooting.md quotes.
 */
class FaultDnsOutageTest {

  @Test
  void nothingIsDoneWhileDnsIsDownAndThePoolConvergesWhenItIsBack() {
    try (Scenario s = Scenario.fault("fault dns").api(false).start()) {
      Sandbox sandbox = s.sandbox();
      Set<Integer> four = Scenario.ordinals(4);
      Duration outage = sandbox.probePeriod().multipliedBy(10);

      FaultWitness.Window w = FaultWitness.open(s);
      sandbox.faults().stopDns();
      Scenario.sleep(sandbox.probePeriod().multipliedBy(2));
      sandbox.cluster().scale(4); // a new pod while DNS is down: it has no record yet
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(60));
      sandbox.glusterPod(3).awaitAnswers(Duration.ofSeconds(60));
      Instant pod3Answers = Instant.now();

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
      Runbook.assertShows("status", "dns-unreachable", status.stdout() + status.stderr());

      w.lastAtLeast(outage, four, 2, Duration.ofMinutes(4));
      w.close();
      sandbox.faults().startDns();

      w.assertNothingDone(four, 2, Map.of(3, pod3Answers));
      for (int o : four) {
        assertThat(sandbox.glusterPod(o).probeOutput())
            .as("pod %d's probe output", o)
            .doesNotContain("Exception")
            .doesNotContain("\tat ");
      }
      assertThat(sandbox.glusterPod(3).peerStatus()).as("pod 3 while DNS was down").isEmpty();
      s.figure(
          "outage",
          w.length().toMillis()
              + " ms = "
              + w.length().toMillis() / sandbox.probePeriod().toMillis()
              + " periods; "
              + FaultWitness.livenessFigures(w, four));

      s.awaitConverged("pool of 4 after DNS is back", four, 15);
      s.assertExactPool(four);
      s.assertNothingDetached();
      for (int o : four) {
        s.repairs().assertNoRepair(o);
      }
    }
  }
}
