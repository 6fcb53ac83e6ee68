package io.glusterctl.probe.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.parse.CliEnvelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The model's own rules, each against what real glusterd 10.3 did: its answers against the captured
 * fixtures (test-fixtures/), its behaviour against the lab's measured facts
 * (/work/shared/notes/glusterd-lab-facts.md). A rule the simulation relies on and nobody checked
 * would make its figures a guess.
 */
class GlusterdModelTest {
  private final EventLoop loop = new EventLoop(Instant.parse("2026-01-01T00:00:00Z"));
  private final Timings t = Timings.cluster();
  private final GlusterdModel model =
      new GlusterdModel(
          loop, t, new Random(7), new Self("glusterfs-0", "default", "glusterfs", "cluster.local"));

  private String fqdn(int o) {
    return model.fqdn(o);
  }

  private void pods(int n) {
    for (int o = 0; o < n; o++) {
      model.podCreated(o);
      model.start(o);
    }
  }

  private void run(Duration d) {
    loop.runUntil(loop.now().plus(d));
  }

  /** Pod 0 probes each of 1..n-1, and the pool settles. */
  private void pool(int n) {
    pods(n);
    for (int o = 1; o < n; o++) {
      assertThat(model.probeEnd(0, fqdn(o)).ok()).isTrue();
      run(Duration.ofSeconds(5));
    }
    run(Duration.ofSeconds(10));
  }

  private PeerState stateOf(int viewer, int peer) {
    return model.node(viewer).peerNamed(fqdn(peer)).orElseThrow().state;
  }

  private boolean connected(int viewer, int peer) {
    GlusterdModel.Node v = model.node(viewer);
    return v.connectedTo(v.peerNamed(fqdn(peer)).orElseThrow().uuid);
  }

  /** The fixture's opRet, opErrno and message (opErrstr, or output when that is empty). */
  private static GlusterdModel.Answer fixture(String name) throws Exception {
    String xml = Files.readString(Path.of("test-fixtures", name), StandardCharsets.UTF_8);
    CliEnvelope env = CliEnvelope.parse(xml);
    String text = env.opErrstr();
    if (text.isEmpty()) {
      Matcher m = Pattern.compile("<output>(.*)</output>").matcher(xml);
      text = m.find() ? m.group(1) : "";
    }
    return new GlusterdModel.Answer(env.opRet(), env.opErrno(), text);
  }

  @Test
  void answersAsTheCapturedFixturesDo() throws Exception {
    pods(3);
    // capture.sh's names: glusterfs-1 is probed by glusterfs-0, glusterfs-3 resolves to no one
    model.podCreated(3);
    model.cutLink(3);
    assertThat(model.probeCheck(0, fqdn(0))).isEqualTo(fixture("peer-probe-self-fqdn.xml"));
    assertThat(model.probeCheck(0, fqdn(3))).isEqualTo(fixture("peer-probe-unreachable.xml"));
    assertThat(model.detachCheck(0, fqdn(1), false))
        .isEqualTo(fixture("peer-detach-not-a-peer.xml"));
    model.probeEnd(0, fqdn(1));
    run(Duration.ofSeconds(5));
    assertThat(model.probeCheck(0, fqdn(1))).isEqualTo(fixture("peer-probe-already-in-pool.xml"));
    model.node(1).hostsBricks = true;
    assertThat(model.detachCheck(0, fqdn(1), false))
        .isEqualTo(fixture("peer-detach-brick-host.xml"));
    assertThat(model.detachCheck(0, fqdn(1), true))
        .isEqualTo(fixture("peer-detach-brick-host-force.xml"));
  }

  @Test
  void aProbeMakesBothSidesPeersInTheClusterAndTheUpdateSpreadsThroughThePool() {
    pool(4);
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        if (a != b) {
          assertThat(stateOf(a, b)).as("%d sees %d", a, b).isEqualTo(PeerState.PEER_IN_CLUSTER);
          assertThat(connected(a, b)).as("%d connected to %d", a, b).isTrue();
        }
      }
    }
    // "each side then lists the other by FQDN"
    assertThat(model.node(3).peerNamed(fqdn(0))).isPresent();
  }

  @Test
  void theProbersListingFailsWhileItsProbeWaitsForTheNewPeersUuid() {
    pods(2);
    RunTime time = new RunTime(loop.now());
    SimGluster g = new SimGluster(model, loop, t, 0, new RunCounts(), time, Instant.MAX);
    assertThat(g.probe(fqdn(1)).ok()).isTrue();
    boolean[] failedMeanwhile = new boolean[1];
    loop.after(t.probeCall().dividedBy(2), () -> failedMeanwhile[0] = model.listingFails(0));
    run(Duration.ofSeconds(5));
    assertThat(failedMeanwhile[0]).as("listing during the probe (lab: opRet -22)").isTrue();
    assertThat(model.listingFails(0)).as("after it").isFalse();
    assertThat(stateOf(0, 1)).isEqualTo(PeerState.PEER_IN_CLUSTER);
  }

  @Test
  void aTargetInAnotherPoolRefusesTheProbeUnlessItKnowsTheProber() throws Exception {
    pool(2); // 0 and 1
    model.podCreated(2);
    model.start(2);
    assertThat(model.probeCheck(2, fqdn(1))).isEqualTo(fixture("peer-probe-another-cluster.xml"));
  }

  @Test
  void theDocumentedRecoveryStickBothSidesInSentAndReceived() {
    // lab: the node that lost all but glusterd.info probes a good peer; both end in state 5
    pool(3);
    model.stop(2);
    model.forgetPeers(2);
    model.start(2);
    run(Duration.ofSeconds(10));
    assertThat(stateOf(0, 2)).as("amnesia: the pool rejects it").isEqualTo(PeerState.PEER_REJECTED);
    assertThat(connected(0, 2)).isTrue();
    assertThat(model.node(2).peers).as("it lists no peers").isEmpty();

    assertThat(model.probeEnd(2, fqdn(0)).ok()).isTrue();
    run(Duration.ofSeconds(10));
    assertThat(stateOf(2, 0)).isEqualTo(PeerState.SENT_AND_RECEIVED_PEER_REQUEST);
    assertThat(stateOf(0, 2)).isEqualTo(PeerState.SENT_AND_RECEIVED_PEER_REQUEST);
    model.stop(2);
    model.start(2);
    run(Duration.ofSeconds(10));
    assertThat(stateOf(2, 0))
        .as("kept across restarts")
        .isEqualTo(PeerState.SENT_AND_RECEIVED_PEER_REQUEST);
  }

  @Test
  void aRebuiltPeerListConvergesInOneRestart() {
    pool(3);
    model.stop(2);
    model.forgetPeers(2);
    model.start(2);
    run(Duration.ofSeconds(10));
    model.stop(2);
    model.rebuildFrom(2, 0, Optional.empty());
    model.start(2);
    run(Duration.ofSeconds(10));
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        if (a != b) {
          assertThat(stateOf(a, b)).as("%d sees %d", a, b).isEqualTo(PeerState.PEER_IN_CLUSTER);
        }
      }
    }
  }

  @Test
  void aLostVolumeShowsTheOldUuidRejected() {
    pool(3);
    String old = model.node(2).uuid;
    model.stop(2);
    model.loseVolume(2);
    model.start(2);
    run(Duration.ofSeconds(10));
    GlusterdModel.PeerRecord r = model.node(0).peerNamed(fqdn(2)).orElseThrow();
    assertThat(r.uuid).isEqualTo(old);
    assertThat(r.state).isEqualTo(PeerState.PEER_REJECTED);
    assertThat(model.node(2).peers).isEmpty();
  }

  @Test
  void aStoppedGlusterdIsSeenAtOnceACutLinkOnlyAfterAbout22Seconds() {
    pool(3);
    model.stop(2);
    assertThat(connected(0, 2)).isFalse();
    model.cutLink(1);
    run(Duration.ofSeconds(20));
    assertThat(connected(0, 1)).as("after 20 s: still Connected").isTrue();
    run(Duration.ofSeconds(3));
    assertThat(connected(0, 1)).as("after 23 s").isFalse();
    assertThat(stateOf(0, 1)).isEqualTo(PeerState.PEER_IN_CLUSTER);
  }

  @Test
  void aPodBackAtANewAddressIsSeenOnlyAfterThePeersReResolveItsName() {
    pool(3);
    model.stop(2);
    model.rescheduled(2);
    model.start(2);
    run(Duration.ofSeconds(10));
    assertThat(connected(2, 0)).as("the returning pod lists them connected").isTrue();
    assertThat(connected(0, 2)).as("they keep it Disconnected").isFalse();
    run(t.reResolveMin().minusSeconds(15));
    assertThat(connected(0, 2)).as("before the re-resolve").isFalse();
    run(t.reResolveMax());
    assertThat(connected(0, 2)).as("after it").isTrue();
  }

  @Test
  void aDetachWithoutForceIsRefusedWhileAnotherPeerIsDownAndForceSkipsOnlyThat() throws Exception {
    // capture-scale.sh: a pool of five, glusterd of 3 and 4 stopped
    pool(5);
    model.stop(3);
    model.stop(4);
    assertThat(model.detachCheck(0, fqdn(4), false))
        .isEqualTo(fixture("peer-detach-peer-down.xml"));
    model.node(4).hostsBricks = true;
    assertThat(model.detachCheck(0, fqdn(4), true).opErrno())
        .as("force does not get past bricks")
        .isEqualTo(3);
    model.node(4).hostsBricks = false;
    assertThat(model.detachEnd(0, fqdn(4), true))
        .isEqualTo(fixture("peer-detach-force-peer-down.xml"));
    assertThat(model.node(1).peerNamed(fqdn(4)))
        .as("peer-status-after-force-detach-node1")
        .isEmpty();
    assertThat(model.node(1).peerNamed(fqdn(3))).isPresent();
    assertThat(model.detachCheck(0, fqdn(3), false))
        .as("the only peer down is the target")
        .isEqualTo(fixture("peer-detach-target-down.xml"));
  }

  @Test
  void aDetachedPeerThatIsConnectedForgetsThePoolAndTheOthersForgetIt() {
    pool(4);
    assertThat(model.detachEnd(0, fqdn(3), false).ok()).isTrue();
    assertThat(model.node(3).peers).isEmpty();
    for (int o = 0; o < 3; o++) {
      assertThat(model.node(o).peerNamed(fqdn(3))).as("pod %d", o).isEmpty();
    }
  }

  @Test
  void aMemberThatMissedAForcedDetachBringsTheDetachedPeerBack() {
    // why glusterd refuses a detach without force while a peer is down
    pool(4);
    model.stop(2);
    model.stop(3);
    assertThat(model.detachEnd(0, fqdn(3), true).ok()).isTrue();
    assertThat(model.node(1).peerNamed(fqdn(3))).isEmpty();
    model.start(2);
    run(Duration.ofSeconds(10));
    assertThat(model.node(1).peerNamed(fqdn(3))).as("pod 2 told pod 1 about it again").isPresent();
  }

  @Test
  void aRestartKeepsThePeerListAndReconnectsWithinTheReconnectInterval() {
    pool(3);
    model.stop(1);
    model.start(1);
    run(t.reconnect().plusSeconds(1));
    assertThat(connected(0, 1)).isTrue();
    assertThat(connected(1, 0)).isTrue();
    assertThat(stateOf(1, 2)).isEqualTo(PeerState.PEER_IN_CLUSTER);
  }
}
