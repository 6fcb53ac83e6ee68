package io.glusterctl.probe.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.Self;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Cluster DNS down while its address still answers (the DNS pod's process gone, the node up): the
 * query gets an ICMP port unreachable at once. That is Unknown, said in words a person reads in a
 * kubelet event, not as a Java exception's name. Nothing listens on 127.0.0.1:1.
 */
class DnsServerDownTest {
  @Test
  void aDnsServerThatIsNotListeningIsUnknownInPlainWords() {
    DnsMembersSource source =
        new DnsMembersSource(
            new Self("glusterfs-1", "default", "glusterfs", "cluster.local"),
            "glusterd",
            DnsServer.parse("127.0.0.1:1"),
            Duration.ofSeconds(2));

    Observation<?> o = source.desiredMembers();

    assertThat(o.observed().isKnown()).isFalse();
    assertThat(o.observed().unknownWhy())
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .isEqualTo(
                        "no DNS server listens at 127.0.0.1:1 (port unreachable) for SRV"
                            + " _glusterd._tcp.glusterfs.default.svc.cluster.local"));
  }
}
