package io.glusterctl.probe.e2e.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.packaging.Runbook;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The seed's experiment 5: pod 2's node goes down (link cut, processes frozen). While it is down no
 * one detaches it, even once the others see it Disconnected (pod 0's {@code status} then shows what
 * docs/troubleshooting.md quotes); after it is rescheduled (new namespace and address, same volume)
 * it is back in the pool.
 */
class Experiment5NodeDownTest {

  @Test
  void aPodWhoseNodeIsDownIsKeptAndComesBack() {
    try (Scenario s = Scenario.experiment("experiment 5").start()) {
      Sandbox sandbox = s.sandbox();
      sandbox.cluster().nodeDown(2);
      // glusterd needs real time (about 22 s) to see a partitioned peer Disconnected
      Scenario.await(
          "pods 0 and 1 see pod 2 Disconnected",
          Duration.ofSeconds(60),
          Duration.ofMillis(500),
          () ->
              sandbox.glusterPod(0).seesDisconnected(sandbox.fqdn(2))
                  && sandbox.glusterPod(1).seesDisconnected(sandbox.fqdn(2)));
      Scenario.sleep(sandbox.probePeriod().multipliedBy(4));
      for (int o : new int[] {0, 1}) {
        assertThat(sandbox.glusterPod(o).peerStatus())
            .as("pod %d's peers while pod 2 is down", o)
            .anyMatch(p -> p.knownAs(sandbox.fqdn(2)));
      }
      CommandResult status = sandbox.glusterPod(0).probe("status");
      Runbook.assertShows("status", "node-down", status.stdout() + status.stderr());

      sandbox.cluster().reschedule(2);
      s.awaitConverged(
          "pod 2 rescheduled after its node went down",
          12 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
      s.assertExactPool(s.all());
      s.assertNothingDetached();
    }
  }
}
