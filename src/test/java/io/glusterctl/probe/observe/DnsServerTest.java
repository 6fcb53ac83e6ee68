package io.glusterctl.probe.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DnsServerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "10.96.0.10, 10.96.0.10:53",
    "10.96.0.10:5353, 10.96.0.10:5353",
    "' 127.0.0.1:1053 ', 127.0.0.1:1053",
    "fd00::a, '[fd00:0:0:0:0:0:0:a]:53'",
    "'[fd00::a]:5353', '[fd00:0:0:0:0:0:0:a]:5353'",
    "'[::1]', '[0:0:0:0:0:0:0:1]:53'",
  })
  void parsesAddressAndPort(String text, String shown) {
    assertThat(DnsServer.parse(text)).hasToString(shown);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "kube-dns.kube-system",
        "10.96.0.10:0",
        "10.96.0.10:65536",
        "10.96.0.10:x",
        "[fd00::a",
        "[fd00::a]x",
        "300.1.1.1",
        "10.96.0.10:53:53"
      })
  void rejectsWhatIsNotAnAddress(String text) {
    assertThatThrownBy(() -> DnsServer.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
