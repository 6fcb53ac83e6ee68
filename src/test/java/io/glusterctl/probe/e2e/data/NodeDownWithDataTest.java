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

  /**
   * How much longer than the end check's 3 probe periods the heals may take in this scenario (real
   * time: the kernel's, never scaled). Real glusterfs 10.3 behaviour, not the sandbox's: the
   * self-heal daemons of pods 0 and 1 lose pod 2's brick about 20 s after its node goes down and
   * reconnect to its name, which still resolves to the old address (the pod is not deleted yet).
   * That connect (to glusterd's port, for the brick's port) is a SYN nothing answers, and while it
   * is in progress rpc-clnt's reconnect every 3 s does nothing (socket.c, {@code socket_connect}:
   * the transport still has a socket). Their client translators run with {@code
   * transport.tcp-user-timeout 0}: volgen writes the volume option {@code
   * client.tcp-user-timeout}'s default, 0, the system default, into {@code v1-shd.vol} (the image's
   * glusterd.vol option is glusterd's own). So the kernel retries the SYN until {@code
   * tcp_syn_retries} 6 is spent: 127 s, 131 s on kernels with {@code tcp_syn_linear_timeouts} 4
   * (6.5 and later). Only the attempt after that resolves the new address; when pod 2's brick comes
   * up for them, each daemon crawls its own brick's index and heals what the writer's client wrote
   * on two bricks only, between its ping timeout and its reconnect to the brick's new address (the
   * new pod's daemon crawls only its own brick, which has none of those entries). The daemons' last
   * connect to the old address starts before the reschedule, so before the read-back: 131 s, the 3
   * s reconnect and the heal itself fit in 150 s from the read-back. Measured 2026-12-03 (two runs
   * with the 3 periods alone, `ss -tn` in the pods' namespaces): the daemons of pods 0 and 1 were
   * in SYN-SENT to the old address from about 24 s after the node went down until past the end
   * check (91 and 103 s later), with 26 and 28 entries pending on pods 0 and 1, none on pod 2
   * (docs/data-safety.md). A cluster whose network still routes a lost node's pod addresses to it,
   * without an answer, shows the same. The volume option {@code client.tcp-user-timeout} (the
   * user's, not this program's) sets TCP_USER_TIMEOUT on those sockets: with 10 set before {@code
   * volume start}, the daemons reached the new address 7 s after the pod came back; set after it,
   * the running daemons kept 0.
   */
  static final Duration SELF_HEAL_DAEMON_RECONNECT = Duration.ofSeconds(150);

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
          SELF_HEAL_DAEMON_RECONNECT,
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
