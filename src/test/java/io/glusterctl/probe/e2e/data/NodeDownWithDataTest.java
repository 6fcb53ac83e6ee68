package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed's experiment 5 with data: a replica-3 volume started on pods 0..2 and a client writing
 * through its FUSE mount while pod 2's node goes down (its link cut, its processes frozen: its
 * brick neither answers nor closes its connections). The client waits for the brick until its ping
 * timeout (glusterd's 42 s default, real time) and then writes on the other two; the time without
 * an acknowledged write is a figure. Then the pod is force-deleted and rescheduled at a new address
 * with the same PersistentVolume: it rejoins the pool, its brick comes back online with its data,
 * the heals drain, and every acknowledged file reads back from a fresh mount.
 */
@Tag("extended")
class NodeDownWithDataTest {
  static final int DOWN = 2;

  @BeforeAll
  static void requirements() {
    DataAssumptions.assumeFuseClient();
  }

  @Test
  void everyAcknowledgedFileSurvivesANodeDownAndTheReschedule() {
    try (Scenario s = Scenario.data("node down and reschedule with data").start()) {
      Sandbox sandbox = s.sandbox();
      ServedVolume v1 = DataVolumes.startedOnPods012(s, DataWorkload.BRICKS_ONLINE);
      String fqdn = sandbox.fqdn(DOWN);
      String before = sandbox.dnsRecords().get(fqdn);

      DataWorkload.whileWriting(
          s,
          v1,
          "node down and reschedule with data",
          () -> {
            sandbox.cluster().nodeDown(DOWN);
            // glusterd needs real time (about 22 s) to see a partitioned peer Disconnected
            Scenario.await(
                "pods 0 and 1 see pod " + DOWN + " Disconnected",
                Duration.ofSeconds(60),
                Duration.ofMillis(500),
                () ->
                    sandbox.glusterPod(0).seesDisconnected(fqdn)
                        && sandbox.glusterPod(1).seesDisconnected(fqdn));
            // past the client's 42 s ping timeout: it writes on the other two bricks by now
            Scenario.sleep(Duration.ofSeconds(30));
            sandbox.cluster().reschedule(DOWN);
            s.awaitConverged(
                "pod " + DOWN + " rescheduled at a new address, with data",
                12 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
          });

      assertThat(sandbox.dnsRecords().get(fqdn))
          .as("pod %d's address after the reschedule", DOWN)
          .isNotNull()
          .isNotEqualTo(before);
      s.assertExactPool(s.all());
      s.assertNothingDetached();
    }
  }
}
