package io.glusterctl.probe.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one rule for "hosts bricks", for a peer (the planner's detach guard, status) and for this pod
 * (prestop): a brick is a member's by its {@code <hostUuid>}, by one of the member's names, or by
 * naming the same pod of the StatefulSet.
 */
class VolumeBricksTest {
  static final Self POD1 = new Self("glusterfs-1", "default", "glusterfs", "cluster.local");
  static final String F3 = "glusterfs-3.glusterfs.default.svc.cluster.local";
  static final String U3 = "33333333-3333-4333-8333-333333333333";
  static final String OTHER = "99999999-9999-4999-8999-999999999999";

  @ParameterizedTest(name = "brick on {0} (hostUuid {1}): pod 3 hosts it {2}")
  @CsvSource({
    // the brick's host, its hostUuid, whether glusterfs-3 (F3, U3) hosts it
    "glusterfs-3.glusterfs.default.svc.cluster.local, " + U3 + ", true",
    "glusterfs-3.glusterfs.default.svc.cluster.local, " + OTHER + ", true",
    "10.0.0.7, " + U3 + ", true",
    "glusterfs-3, " + OTHER + ", true",
    "GLUSTERFS-3.glusterfs.default.svc.cluster.local., " + OTHER + ", true",
    "glusterfs-3.glusterfs, " + OTHER + ", true",
    "glusterfs-30.glusterfs.default.svc.cluster.local, " + OTHER + ", false",
    "glusterfs-3.other.default.svc.cluster.local, " + OTHER + ", false",
    "10.0.0.7, " + OTHER + ", false"
  })
  void aBrickIsAMembersByItsUuidItsNamesOrItsPod(String host, String uuid, boolean hosts) {
    VolumeBricks bricks =
        new VolumeBricks(List.of(new VolumeBricks.Brick("v1", host, "/srv/b", uuid)));
    Self pod3 = new Self("glusterfs-3", "default", "glusterfs", "cluster.local");

    assertThat(bricks.hosts(POD1, Peer.of(U3, F3, PeerState.PEER_IN_CLUSTER, true)))
        .as("the peer glusterfs-3, seen from glusterfs-1")
        .isEqualTo(hosts);
    assertThat(bricks.hostsSelf(pod3, Optional.of(U3)))
        .as("glusterfs-3 itself (prestop)")
        .isEqualTo(hosts);
    assertThat(bricks.hostedBy(POD1, Peer.of(U3, F3, PeerState.PEER_IN_CLUSTER, true)))
        .as("the bricks status lists for glusterfs-3")
        .hasSize(hosts ? 1 : 0);
  }

  @ParameterizedTest(name = "peer named {0}")
  @CsvSource({"10.0.0.7", "glusterfs-3"})
  void aPeerKnownByAnotherNameIsMatchedByThatName(String name) {
    VolumeBricks bricks =
        new VolumeBricks(List.of(new VolumeBricks.Brick("v1", name, "/srv/b", OTHER)));
    Peer peer = new Peer(U3, F3, List.of(F3, name), PeerState.PEER_IN_CLUSTER, true);

    assertThat(bricks.hosts(POD1, peer)).isTrue();
  }

  @Test
  void thisPodWithoutAKnownUuidIsMatchedByNameOnly() {
    Self pod3 = new Self("glusterfs-3", "default", "glusterfs", "cluster.local");
    VolumeBricks elsewhere =
        new VolumeBricks(List.of(new VolumeBricks.Brick("v1", "10.0.0.7", "/srv/b", U3)));

    assertThat(elsewhere.hostsSelf(pod3, Optional.empty())).isFalse();
    assertThat(elsewhere.hostsSelf(pod3, Optional.of(U3))).isTrue();
  }
}
