package io.glusterctl.probe.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The host name check accepts exactly RFC 1123 (#15 of issue 11): lower-casing first let a KELVIN
 * SIGN (U+212A) through as {@code k}, and the name that became an argument was the one with it.
 */
class HostNamesTest {
  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "glusterfs-1.glusterfs.default.svc.cluster.\u212Aube",
        "\u212Aglusterfs-1",
        "glusterfs-1\u00a0",
        "glusterfs-1\u200b",
        "glusterfs-1\u202e",
        "glusterfs-1\u009b",
        "\u0130stanbul",
        " glusterfs-1",
        "glusterfs-1\n",
        "..",
        "-rf",
      })
  void refusesWhatIsNotRfc1123(String name) {
    assertThat(HostNames.isValid(name)).isFalse();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {"glusterfs-1", "GLUSTERFS-1.glusterfs.default.svc.cluster.local.", "10.0.0.1"})
  void acceptsHostNamesInAnyCase(String name) {
    assertThat(HostNames.isValid(name)).isTrue();
  }
}
