package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stuck handshake: pod 2's file for pod 0 says {@code state=5} (Sent and Received peer request),
 * written while pod 2's glusterd was stopped, as the documented recovery leaves it. glusterd keeps
 * that state across its own restarts while pod 0 lists pod 2 as {@code Peer in Cluster}. After
 * {@code --stuck-grace} (one probe period here, {@code GLUSTERCTL_STUCK_GRACE}), pod 2's liveness
 * asks for a repair, prestart sets the file to {@code state=3}, and the pool converges.
 */
class RepairE2eStuckHandshakeTest {
  static final int STUCK = 2;
  static final int OTHER = 0;

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void aHandshakeStuckOnOneSideIsRepairedInOneRestart() {
    try (RepairScenario s =
        RepairScenario.start(
            "repair: stuck handshake", 3, b -> b.env("GLUSTERCTL_STUCK_GRACE", "3s"))) {
      Sandbox sandbox = s.sandbox;
      s.createVolume(0, 1, 2);
      String definition = s.volumeDefinitions().get(0);
      s.assertVolumeEverywhere(definition, 4);
      String otherUuid = sandbox.glusterPod(OTHER).uuid().orElseThrow();

      sandbox.faults().stopContainer(STUCK);
      Path peerFile = s.glusterdDir(STUCK).resolve("peers").resolve(otherUuid);
      String before = RepairScenario.read(peerFile);
      assertThat(before).as("pod %d's file for pod %d", STUCK, OTHER).contains("state=3\n");
      RepairScenario.write(peerFile, before.replace("state=3\n", "state=5\n"));
      sandbox.faults().startContainer(STUCK); // the fault's own restart, before the mark
      s.markRestarts();
      List<Peer> seen = sandbox.glusterPod(STUCK).peerStatus();
      assertThat(seen)
          .as("pod %d's peers after the edit", STUCK)
          .anyMatch(
              p ->
                  p.knownAs(sandbox.fqdn(OTHER))
                      && p.state() == PeerState.SENT_AND_RECEIVED_PEER_REQUEST);

      int periods = sandbox.pool().awaitConverged(s.all, RepairScenario.REPAIR_BUDGET);
      s.report(
          "pod " + STUCK + " stuck in a handshake with pod " + OTHER + " and repaired", periods);
      s.assertRestartedOnly(STUCK);
      s.assertBackupOnlyOn(STUCK, "stuck-handshake");
      assertThat(RepairScenario.read(peerFile))
          .as("pod %d's file for pod %d after the repair", STUCK, OTHER)
          .contains("state=3\n");
      s.assertVolumeEverywhere(definition, 4);
      s.assertNoRepairRequestedBesides(STUCK);
      s.assertStatusShowsRepair(STUCK, "stuck-handshake");
      s.assertStaysConverged(3);
      SeedExperiments.assertNothingDetached(s.watch);
    }
  }
}
