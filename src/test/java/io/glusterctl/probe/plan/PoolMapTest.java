package io.glusterctl.probe.plan;

import static io.glusterctl.probe.plan.Pools.disconnected;
import static io.glusterctl.probe.plan.Pools.fqdn;
import static io.glusterctl.probe.plan.Pools.healthy;
import static io.glusterctl.probe.plan.Pools.pod;
import static io.glusterctl.probe.plan.Pools.rejected;
import static io.glusterctl.probe.plan.Pools.uuid;
import static io.glusterctl.probe.plan.Pools.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Which StatefulSet pod a name is, and who coordinates. */
class PoolMapTest {

  /** Seen from glusterfs-1 of StatefulSet glusterfs, Service glusterfs, namespace default. */
  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "glusterfs-2,                                            2",
        "glusterfs-0,                                            0",
        "glusterfs-2.glusterfs,                                  2",
        "glusterfs-2.glusterfs.default,                          2",
        "glusterfs-2.glusterfs.default.svc,                      2",
        "glusterfs-2.glusterfs.default.svc.cluster,              2",
        "glusterfs-2.glusterfs.default.svc.cluster.local,        2",
        "glusterfs-2.glusterfs.default.svc.cluster.local.,       2",
        "GLUSTERFS-2.GlusterFS.Default.SVC.Cluster.Local,        2",
        "' glusterfs-12.glusterfs.default.svc.cluster.local ',   12",
        "glusterfs-123456789,                                    123456789",
        // another StatefulSet, Service, namespace or domain
        "glusterfs-data-2,                                       none",
        "gluster-2,                                              none",
        "glusterfs-2.other,                                      none",
        "glusterfs-2.glusterfs.kube-system,                      none",
        "glusterfs-2.glusterfs.default.svc.cluster.loc,          none",
        "glusterfs-2.glusterfs.default.svc.cluster.local.evil.com, none",
        "glusterfs-2.default,                                    none",
        // not an ordinal
        "glusterfs-02,                                           none",
        "glusterfs-,                                             none",
        "glusterfs,                                              none",
        "glusterfs--2,                                           none",
        "glusterfs-1234567890,                                   none",
        "glusterfs-2a,                                           none",
        // addresses are never mapped
        "10.0.0.2,                                               none",
        "192.168.7.12,                                           none",
        "fd00::2,                                                none",
        "localhost,                                              none",
      })
  void selfOrdinalOf(String name, Integer expected) {
    Self self = pod(1);
    OptionalInt want = expected == null ? OptionalInt.empty() : OptionalInt.of(expected);
    assertThat(self.ordinalOf(name)).isEqualTo(want);
    Peer peer = Peer.of(uuid(9), name, PeerState.PEER_IN_CLUSTER, true);
    assertThat(new PoolMap(self, PoolView.of(List.of(peer))).ordinalOf(peer)).isEqualTo(want);
  }

  @Test
  void aStatefulSetWhoseNameHasAHyphenAndAnOrdinalLikeSuffix() {
    Self self = new Self("glusterfs-data-1", "default", "glusterfs-data", "cluster.local");
    assertThat(self.statefulSet()).isEqualTo("glusterfs-data");
    assertThat(self.ordinalOf("glusterfs-data-3")).hasValue(3);
    assertThat(self.ordinalOf("glusterfs-3")).isEmpty();
    assertThat(self.ordinalOf("glusterfs-data-3.glusterfs-data.default.svc.cluster.local"))
        .hasValue(3);
    assertThat(self.ordinalOf("glusterfs-data-3.glusterfs.default.svc.cluster.local")).isEmpty();
  }

  @Test
  void aPeerIsMappedByAnyOfItsNames() {
    Peer byIpFirst =
        new Peer(
            uuid(3),
            "10.0.0.3",
            List.of("10.0.0.3", "GLUSTERFS-3.glusterfs.default.svc.cluster.local"),
            PeerState.PEER_IN_CLUSTER,
            true);
    Peer ipOnly = Peer.of(uuid(4), "10.0.0.4", PeerState.PEER_IN_CLUSTER, true);
    PoolMap map = new PoolMap(pod(0), PoolView.of(List.of(byIpFirst, ipOnly)));
    assertThat(map.ordinalOf(byIpFirst)).hasValue(3);
    assertThat(map.ordinalOf(ipOnly)).isEmpty();
    assertThat(map.peerWithOrdinal(3)).containsSame(byIpFirst);
    assertThat(map.peerWithOrdinal(4)).isEmpty();
  }

  static Stream<Arguments> coordinator() {
    // self, self's view, the coordinator's ordinal (-1: none), does self coordinate?
    return Stream.of(
        arguments("pod-0 with healthy peers", 0, view(0, healthy(1), healthy(2)), 0),
        arguments("pod-2 with healthy peers", 2, view(2, healthy(0), healthy(1)), 0),
        arguments("pod-1, pod-0 disconnected", 1, view(1, disconnected(0), healthy(2)), 1),
        arguments("pod-1, pod-0 rejected", 1, view(1, rejected(0), healthy(2)), 1),
        arguments("pod-2 cut off from everyone", 2, view(2, disconnected(0), disconnected(1)), -1),
        arguments("pod-0 cut off from everyone", 0, view(0, disconnected(1), disconnected(2)), -1),
        arguments("pod-1 sees only rejections", 1, view(1, rejected(0), rejected(2)), -1),
        arguments("pod-1 alone", 1, view(1), 1),
        arguments(
            "a healthy peer that is not one of the pods does not coordinate",
            1,
            PoolView.of(List.of(Peer.of(uuid(9), "10.0.0.9", PeerState.PEER_IN_CLUSTER, true))),
            1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("coordinator")
  void coordinator(String name, int self, PoolView pool, int expected) {
    PoolMap map = new PoolMap(pod(self), pool);
    assertThat(map.coordinator())
        .isEqualTo(expected < 0 ? OptionalInt.empty() : OptionalInt.of(expected));
    assertThat(map.selfCoordinates()).isEqualTo(expected == self);
  }

  @Test
  void fqdnOfAndServiceDomain() {
    assertThat(pod(1).fqdnOf(4)).isEqualTo(fqdn(4));
    assertThat(pod(1).fqdn()).isEqualTo(fqdn(1));
    assertThat(pod(1).serviceDomain()).isEqualTo("glusterfs.default.svc.cluster.local");
  }
}
