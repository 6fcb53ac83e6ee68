package io.glusterctl.probe.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResolvConfTest {

  @Test
  void aPodsResolvConf() {
    ResolvConf rc =
        ResolvConf.parse(
            """
            search default.svc.cluster.local svc.cluster.local cluster.local
            nameserver 10.96.0.10
            options ndots:5
            """);

    assertThat(rc.nameservers()).containsExactly("10.96.0.10");
    assertThat(rc.search())
        .containsExactly("default.svc.cluster.local", "svc.cluster.local", "cluster.local");
    assertThat(rc.options()).containsExactly(Map.entry("ndots", "5"));
    assertThat(rc.intOption("ndots")).isEqualTo(OptionalInt.of(5));
    assertThat(rc.firstNameserver()).contains("10.96.0.10");
    assertThat(rc.clusterDomain("default")).contains("cluster.local");
  }

  @Test
  void commentsSeveralServersOptionsAndTheLastSearchLine() {
    ResolvConf rc =
        ResolvConf.parse(
            """
            # generated
            ; also a comment
            nameserver 10.0.0.1
            nameserver   fd00::10
            search first.example
            domain Second.Example.
            search gluster.svc.k8s.example.com svc.k8s.example.com k8s.example.com  # trailing
            options ndots:2 timeout:1
            options attempts:3 edns0 rotate
            sortlist 130.155.160.0/255.255.240.0
            garbage line here
            """);

    assertThat(rc.nameservers()).containsExactly("10.0.0.1", "fd00::10");
    assertThat(rc.search())
        .containsExactly("gluster.svc.k8s.example.com", "svc.k8s.example.com", "k8s.example.com");
    assertThat(rc.options())
        .containsExactly(
            Map.entry("ndots", "2"),
            Map.entry("timeout", "1"),
            Map.entry("attempts", "3"),
            Map.entry("edns0", ""),
            Map.entry("rotate", ""));
    assertThat(rc.intOption("edns0")).isEmpty();
    assertThat(rc.intOption("missing")).isEmpty();
    assertThat(rc.clusterDomain("gluster")).contains("k8s.example.com");
  }

  @Test
  void domainIsASearchListOfOne() {
    ResolvConf rc = ResolvConf.parse("search a.example b.example\ndomain Corp.Example.\n");
    assertThat(rc.search()).containsExactly("corp.example");
  }

  @ParameterizedTest(name = "search [{0}], namespace {1} -> [{2}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "default.svc.cluster.local svc.cluster.local cluster.local | default | cluster.local",
        "storage.svc.my.domain svc.my.domain my.domain             | storage | my.domain",
        // another namespace's entry first: svc.<domain> still gives it
        "other.svc.cluster.local svc.cluster.local                | default | cluster.local",
        "svc.cluster.local                                        | default | cluster.local",
        "example.com                                              | default | ''",
        "''                                                       | default | ''",
        "default.svc.bad_domain                                   | default | ''",
      })
  void clusterDomainFromTheSearchList(String search, String namespace, String domain) {
    ResolvConf rc = ResolvConf.parse("nameserver 10.96.0.10\nsearch " + search + "\n");
    assertThat(rc.clusterDomain(namespace))
        .isEqualTo(domain.isEmpty() ? Optional.empty() : Optional.of(domain));
  }

  @Test
  void emptyAndBinaryInputNeverFail() {
    assertThat(ResolvConf.parse("")).isEqualTo(ResolvConf.EMPTY);
    ResolvConf junk = ResolvConf.parse("\u0000\u0001nameserver\n\tsearch\noptions\n\uFFFF");
    assertThat(junk.nameservers()).isEmpty();
    assertThat(junk.search()).isEmpty();
    assertThat(junk.firstNameserver()).isEmpty();
    assertThat(junk.clusterDomain("default")).isEmpty();
  }

  @Test
  void nameserverWithoutAddressIsSkipped() {
    assertThat(ResolvConf.parse("nameserver\nnameserver 1.1.1.1\n").nameservers())
        .isEqualTo(List.of("1.1.1.1"));
  }
}
