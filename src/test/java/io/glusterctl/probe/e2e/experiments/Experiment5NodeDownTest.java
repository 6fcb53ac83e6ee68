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
 * it is back in the pool: pods 0 and 1 list it connected within a period of its glusterd answering
 * (the image's glusterd.vol bounds their connect to its old address).
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
      // the image's glusterd.vol (transport.tcp-user-timeout 10) bounds the other glusterds'
      // connect to pod 2's old address: they reach it at its new one within a period of its
      // glusterd answering, instead of after the kernel's SYN retries (docker/glusterd.vol)
      sandbox.glusterPod(2).awaitAnswers(Duration.ofSeconds(120));
      long answered = System.nanoTime();
      Duration onePeriod = sandbox.probePeriod();
      Scenario.await(
          "pods 0 and 1 list pod 2 connected at its new address within a period of its glusterd"
              + " answering",
          onePeriod,
          Duration.ofMillis(250),
          () ->
              sandbox.glusterPod(0).seesConnected(sandbox.fqdn(2))
                  && sandbox.glusterPod(1).seesConnected(sandbox.fqdn(2)));
      System.out.printf(
          "experiment 5: pods 0 and 1 listed pod 2 connected %.1f s after its glusterd answered"
              + " (one period: %d s)%n",
          (System.nanoTime() - answered) / 1e9, onePeriod.toSeconds());
      s.awaitConverged("pod 2 rescheduled after its node went down", 12);
      assertThat(sandbox.cluster().pod(0).orElseThrow().dir().resolve("log/glusterd.log"))
          .as("pod 0's glusterd ran with the image's glusterd.vol (its graph, logged at start)")
          .content()
          .contains("option transport.tcp-user-timeout 10");
      s.assertExactPool(s.all());
      s.assertNothingDetached();
    }
  }
}
