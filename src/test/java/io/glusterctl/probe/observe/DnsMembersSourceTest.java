package io.glusterctl.probe.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Self;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real dnsmasq on 127.0.0.1, started and stopped by this test. */
class DnsMembersSourceTest {
  private static final String DOMAIN = "default.svc.cluster.local";
  private static final Duration TIMEOUT = Duration.ofMillis(1500);

  private static Path workDir;
  private static Dnsmasq dns;

  @BeforeAll
  static void startDnsmasq() throws Exception {
    Dnsmasq.assumeAvailable();
    workDir = Files.createTempDirectory("gad-dns-");
    List<String> records = new ArrayList<>();
    // glusterfs: three pods
    for (int i = 0; i < 3; i++) {
      String pod = "glusterfs-" + i + ".glusterfs." + DOMAIN;
      records.add("--srv-host=_glusterd._tcp.glusterfs." + DOMAIN + "," + pod + ",24007");
      records.add("--host-record=" + pod + ",10.0.0." + (10 + i));
    }
    // an IPv6-only pod
    records.add("--host-record=glusterfs-5.glusterfs." + DOMAIN + ",fd00::5");
    // mixed: one good pod, a garbage name, another StatefulSet's pod, a pod under another Service
    records.add(
        "--srv-host=_glusterd._tcp.mixed." + DOMAIN + ",glusterfs-4.mixed." + DOMAIN + ",24007");
    records.add(
        "--srv-host=_glusterd._tcp.mixed." + DOMAIN + ",bad_name.mixed." + DOMAIN + ",24007");
    records.add(
        "--srv-host=_glusterd._tcp.mixed." + DOMAIN + ",other-0.mixed." + DOMAIN + ",24007");
    records.add(
        "--srv-host=_glusterd._tcp.mixed."
            + DOMAIN
            + ",glusterfs-1.elsewhere."
            + DOMAIN
            + ",24007");
    // junk: nothing but a garbage name
    records.add(
        "--srv-host=_glusterd._tcp.junk." + DOMAIN + ",glusterfs-0_.junk." + DOMAIN + ",24007");
    // nodata: the name exists, but has no SRV record
    records.add("--txt-record=_glusterd._tcp.nodata." + DOMAIN + ",not-srv");
    // big: 60 pods, more than fits a 1232-byte UDP answer (truncated, retried over TCP)
    for (int i = 0; i < 60; i++) {
      records.add(
          "--srv-host=_glusterd._tcp.big."
              + DOMAIN
              + ",glusterfs-"
              + i
              + ".big."
              + DOMAIN
              + ",24007");
    }
    dns = Dnsmasq.start(workDir, records);
  }

  @AfterAll
  static void stopDnsmasq() throws Exception {
    if (dns != null) {
      dns.close();
    }
    if (workDir != null) {
      try (var files = Files.walk(workDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static DnsMembersSource source(String service, DnsServer server) {
    return new DnsMembersSource(
        new Self("glusterfs-1", "default", service, "cluster.local"), "glusterd", server, TIMEOUT);
  }

  @Test
  void threeSrvRecordsAreThreeMembers() {
    DnsMembersSource source = source("glusterfs", dns.server());
    assertThat(source.srvName()).isEqualTo("_glusterd._tcp.glusterfs.default.svc.cluster.local");

    Observation<DesiredMembers> o = source.desiredMembers();

    DesiredMembers members = o.observed().known().orElseThrow(() -> new AssertionError(o));
    assertThat(members.source()).isEqualTo(DesiredMembers.Source.DNS);
    assertThat(members.replicas()).isEqualTo(OptionalInt.empty());
    assertThat(members.members())
        .containsExactly(
            new Member(0, "glusterfs-0.glusterfs.default.svc.cluster.local"),
            new Member(1, "glusterfs-1.glusterfs.default.svc.cluster.local"),
            new Member(2, "glusterfs-2.glusterfs.default.svc.cluster.local"));
    assertThat(o.notes()).isEmpty();
  }

  @Test
  void anAnswerTooLargeForUdpIsFetchedOverTcp() {
    Observation<DesiredMembers> o = source("big", dns.server()).desiredMembers();
    DesiredMembers members = o.observed().known().orElseThrow(() -> new AssertionError(o));
    assertThat(members.members()).hasSize(60);
    assertThat(members.byOrdinal(59))
        .contains(new Member(59, "glusterfs-59.big.default.svc.cluster.local"));
  }

  @Test
  void targetsThatAreNotThisStatefulSetsPodsAreLeftOutWithANote() {
    Observation<DesiredMembers> o = source("mixed", dns.server()).desiredMembers();

    DesiredMembers members = o.observed().known().orElseThrow(() -> new AssertionError(o));
    assertThat(members.members())
        .containsExactly(new Member(4, "glusterfs-4.mixed.default.svc.cluster.local"));
    assertThat(o.notes())
        .containsExactlyInAnyOrder(
            "SRV target 'bad_name.mixed.default.svc.cluster.local' is not a valid host name; left out",
            "SRV target other-0.mixed.default.svc.cluster.local is not a pod of StatefulSet glusterfs"
                + " under mixed.default.svc.cluster.local; left out",
            "SRV target glusterfs-1.elsewhere.default.svc.cluster.local is not a pod of StatefulSet"
                + " glusterfs under mixed.default.svc.cluster.local; left out");
  }

  @Test
  void onlyGarbageTargetsIsUnknownNotEmpty() {
    Observation<DesiredMembers> o = source("junk", dns.server()).desiredMembers();

    assertThat(o.observed().unknownWhy())
        .contains(
            "no SRV target of _glusterd._tcp.junk.default.svc.cluster.local is a pod of StatefulSet glusterfs");
    assertThat(o.notes())
        .singleElement()
        .asString()
        .contains("glusterfs-0_.junk")
        .contains("not a valid host name");
  }

  @Test
  void nxdomainForTheWholeServiceIsUnknown() {
    Observation<DesiredMembers> o = source("nosuch", dns.server()).desiredMembers();

    assertThat(o.observed().isKnown()).isFalse();
    assertThat(o.observed().unknownWhy().orElseThrow())
        .startsWith(
            "_glusterd._tcp.nosuch.default.svc.cluster.local does not exist (NXDOMAIN from 127.0.0.1:");
  }

  @Test
  void noSrvRecordsIsUnknown() {
    Observation<DesiredMembers> o = source("nodata", dns.server()).desiredMembers();
    assertThat(o.observed().unknownWhy().orElseThrow())
        .startsWith("no SRV records for _glusterd._tcp.nodata.default.svc.cluster.local");
  }

  @Test
  void aServerThatRefusesIsUnknownWithItsAnswer() {
    // dnsmasq has no upstream for names outside cluster.local
    DnsMembersSource outside =
        new DnsMembersSource(
            new Self("glusterfs-1", "default", "glusterfs", "example.org"),
            "glusterd",
            dns.server(),
            TIMEOUT);

    Observation<DesiredMembers> o = outside.desiredMembers();

    assertThat(o.observed().unknownWhy().orElseThrow())
        .matches(
            "127\\.0\\.0\\.1:\\d+ answered (REFUSED|SERVFAIL) for SRV _glusterd\\._tcp\\.glusterfs\\.default\\.svc\\.example\\.org");
  }

  @Test
  void aServerThatNeverAnswersIsUnknownWithinTheTimeout() throws Exception {
    // a socket that takes the question and says nothing
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      DnsServer server = new DnsServer(InetAddress.getLoopbackAddress(), silent.getLocalPort());
      DnsMembersSource source =
          new DnsMembersSource(
              new Self("glusterfs-1", "default", "glusterfs", "cluster.local"),
              "glusterd",
              server,
              Duration.ofMillis(400));

      long start = System.nanoTime();
      Observation<DesiredMembers> o = source.desiredMembers();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      // the wait is what is left of the 400 ms when the question goes out (397 ms was seen at load)
      String why = o.observed().unknownWhy().orElseThrow();
      assertThat(why)
          .startsWith("no answer from " + server + " within ")
          .endsWith(" ms for SRV _glusterd._tcp.glusterfs.default.svc.cluster.local");
      assertThat(Integer.parseInt(why.replaceAll(".* within (\\d+) ms for .*", "$1")))
          .isBetween(300, 400);
      assertThat(took).isBetween(Duration.ofMillis(350), Duration.ofMillis(1500));
    }
  }

  @Test
  void theRunsDeadlineBoundsTheQuery() throws Exception {
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      DnsServer server = new DnsServer(InetAddress.getLoopbackAddress(), silent.getLocalPort());
      DnsMembersSource source =
          new DnsMembersSource(
              new Self("glusterfs-1", "default", "glusterfs", "cluster.local"),
              "glusterd",
              server,
              Duration.ofSeconds(10));

      long start = System.nanoTime();
      Observation<DesiredMembers> o = source.desiredMembers(Deadline.in(Duration.ofMillis(300)));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(o.observed().isKnown()).isFalse();
      assertThat(took).isLessThan(Duration.ofMillis(1200));
    }
  }

  @Test
  void aStoppedDnsmasqIsUnknownInBoundedTime() throws Exception {
    Dnsmasq second =
        Dnsmasq.start(
            workDir,
            List.of(
                "--srv-host=_glusterd._tcp.glusterfs."
                    + DOMAIN
                    + ",glusterfs-0.glusterfs."
                    + DOMAIN
                    + ",24007"));
    DnsMembersSource source;
    try {
      source = source("glusterfs", second.server());
      assertThat(source.desiredMembers().observed().isKnown()).isTrue();
    } finally {
      second.close();
    }

    long start = System.nanoTime();
    Observation<DesiredMembers> o = source.desiredMembers();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(o.observed().unknownWhy().orElseThrow())
        .contains(second.server().toString())
        .contains("SRV _glusterd._tcp.glusterfs.default.svc.cluster.local");
    assertThat(took).isLessThan(TIMEOUT.plusMillis(1000));
  }

  @Test
  void addressesOfAPod() {
    DnsMembersSource source = source("glusterfs", dns.server());
    Deadline d = Deadline.in(Duration.ofSeconds(5));

    assertThat(
            source
                .addressesOf("glusterfs-2.glusterfs.default.svc.cluster.local", d)
                .known()
                .orElseThrow())
        .extracting(InetAddress::getHostAddress)
        .containsExactly("10.0.0.12");
    assertThat(
            source
                .addressesOf("GLUSTERFS-0.glusterfs.default.svc.cluster.local.", d)
                .known()
                .orElseThrow())
        .extracting(InetAddress::getHostAddress)
        .containsExactly("10.0.0.10");
    // IPv6 only: no A record, an AAAA record
    assertThat(
            source
                .addressesOf("glusterfs-5.glusterfs.default.svc.cluster.local", d)
                .known()
                .orElseThrow())
        .extracting(InetAddress::getHostAddress)
        .containsExactly("fd00:0:0:0:0:0:0:5");
  }

  @Test
  void aPodThatIsNotThereHasNoAddressesAKnownAnswer() {
    Observed<List<InetAddress>> o =
        source("glusterfs", dns.server())
            .addressesOf(
                "glusterfs-9.glusterfs.default.svc.cluster.local",
                Deadline.in(Duration.ofSeconds(5)));
    assertThat(o.known()).contains(List.of());
  }

  @Test
  void anInvalidNameIsNeverAsked() {
    Observed<List<InetAddress>> o =
        source("glusterfs", dns.server())
            .addressesOf("glusterfs-0;rm -rf /", Deadline.in(Duration.ofSeconds(5)));
    assertThat(o.unknownWhy()).contains("not a valid host name: glusterfs-0;rm -rf /");
  }
}
