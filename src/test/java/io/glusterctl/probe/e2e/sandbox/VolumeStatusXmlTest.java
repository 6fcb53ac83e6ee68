package io.glusterctl.probe.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The tests' read of {@code volume status --xml}, against glusterd 10.3's output (no root needed).
 */
class VolumeStatusXmlTest {

  @Test
  void aKilledBrickIsOfflineWithoutAPidAndTheOthersOnline() throws Exception {
    String xml = Files.readString(Path.of("test-fixtures/volume-status-brick-down.xml"));

    assertThat(VolumeStatusXml.parse(xml))
        .extracting(VolumeStatusXml.Brick::name, VolumeStatusXml.Brick::online)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "glusterfs-0.glusterfs.default.svc.cluster.local:/srv/v1", true),
            org.assertj.core.groups.Tuple.tuple(
                "glusterfs-1.glusterfs.default.svc.cluster.local:/srv/v1", false),
            org.assertj.core.groups.Tuple.tuple(
                "glusterfs-2.glusterfs.default.svc.cluster.local:/srv/v1", true));
    assertThat(VolumeStatusXml.parse(xml).get(1).pid()).isEqualTo(-1);
    assertThat(VolumeStatusXml.parse(xml).get(0).pid()).isPositive();
  }
}
