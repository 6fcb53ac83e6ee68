package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void aHandshakeStuckOnOneSideIsRepairedInOneRestart() {
    try (Scenario s =
        Scenario.repair("repair: stuck handshake").env("GLUSTERCTL_STUCK_GRACE", "3s").start()) {
      Sandbox sandbox = s.sandbox();
      GlusterVolume v1 = s.createVolume(0, 1, 2);
      v1.awaitDefinitionEverywhere(4);
      String otherUuid = sandbox.glusterPod(OTHER).uuid().orElseThrow();

      Path peerFile = sandbox.glusterPod(STUCK).glusterdDir().resolve("peers").resolve(otherUuid);
      s.whileStopped(
          STUCK,
          () -> {
            String before = Scenario.read(peerFile);
            assertThat(before).as("pod %d's file for pod %d", STUCK, OTHER).contains("state=3\n");
            Scenario.write(peerFile, before.replace("state=3\n", "state=5\n"));
          });
      List<Peer> seen = sandbox.glusterPod(STUCK).peerStatus();
      assertThat(seen)
          .as("pod %d's peers after the edit", STUCK)
          .anyMatch(
              p ->
                  p.knownAs(sandbox.fqdn(OTHER))
                      && p.state() == PeerState.SENT_AND_RECEIVED_PEER_REQUEST);

      s.awaitConverged(
          "pod " + STUCK + " stuck in a handshake with pod " + OTHER + " and repaired",
          Scenario.REPAIR_BUDGET);
      s.assertRepairedOnce(STUCK, "stuck-handshake");
      assertThat(Scenario.read(peerFile))
          .as("pod %d's file for pod %d after the repair", STUCK, OTHER)
          .contains("state=3\n");
    }
  }
}
