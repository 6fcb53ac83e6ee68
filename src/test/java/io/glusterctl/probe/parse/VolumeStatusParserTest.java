package io.glusterctl.probe.parse;

import static io.glusterctl.probe.parse.Fixtures.F0;
import static io.glusterctl.probe.parse.Fixtures.F1;
import static io.glusterctl.probe.parse.Fixtures.F2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.glusterctl.probe.model.BrickProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code gluster --xml volume status all}, as glusterd 10.3 printed it (capture-volumes.sh). */
class VolumeStatusParserTest {

  @Test
  void everyBrickOnline() throws Exception {
    BrickProcesses p = VolumeStatusParser.parse(Fixtures.read("volume-status-replica3.xml"));
    assertThat(p.bricks())
        .extracting(
            BrickProcesses.Brick::volume,
            BrickProcesses.Brick::host,
            BrickProcesses.Brick::path,
            BrickProcesses.Brick::online)
        .as("the three bricks; the self-heal daemons are left out")
        .containsExactly(
            tuple("v1", F0, "/srv/b", true),
            tuple("v1", F1, "/srv/b", true),
            tuple("v1", F2, "/srv/b", true));
  }

  @Test
  void aKilledBrickIsOffline() throws Exception {
    BrickProcesses p = VolumeStatusParser.parse(Fixtures.read("volume-status-all-brick-down.xml"));
    assertThat(p.bricks())
        .extracting(BrickProcesses.Brick::host, BrickProcesses.Brick::online)
        .containsExactly(tuple(F0, true), tuple(F1, true), tuple(F2, false));
    assertThat(p.bricks().get(2).hostUuid()).isEqualTo("66b12063-266f-4d50-87a3-57c0c26f91c4");
  }

  @ParameterizedTest
  @ValueSource(strings = {"volume-status-no-volumes.xml", "volume-status-not-started.xml"})
  void noStartedVolumeHasNoBrickProcess(String fixture) throws Exception {
    assertThat(VolumeStatusParser.parse(Fixtures.read(fixture)).bricks()).isEmpty();
  }

  @Test
  void aCutOrInconsistentAnswerIsAParseError() {
    String xml = Fixtures.read("volume-status-all-brick-down.xml");
    assertThatThrownBy(() -> VolumeStatusParser.parse(xml.substring(0, xml.length() / 2)))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("malformed XML at line");
    assertThatThrownBy(
            () ->
                VolumeStatusParser.parse(
                    xml.replace("<nodeCount>6</nodeCount>", "<nodeCount>7</nodeCount>")))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("<nodeCount> says 7 but 6 nodes are listed");
    assertThatThrownBy(
            () ->
                VolumeStatusParser.parse(
                    xml.replaceFirst("<status>1</status>", "<status>yes</status>")))
        .isInstanceOf(ParseException.class);
  }

  @Test
  void aFailedStatusIsGlustersFailure() {
    assertThatThrownBy(
            () -> VolumeStatusParser.parse(Fixtures.read("connection-failed-peer-status.xml")))
        .isInstanceOf(GlusterOutputException.class);
  }
}
