package io.glusterctl.probe.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glusterctl.probe.model.StoredVolume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** glusterd 10.3's store files of a volume (capture-heal.sh copied them from a pod's PV). */
class VolumeStoreParserTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "store-vol-info-created.txt, CREATED",
    "store-vol-info-started.txt, STARTED",
    "store-vol-info-stopped.txt, STOPPED",
  })
  void theInfoFileSaysWhetherTheVolumeIsStarted(String fixture, StoredVolume.Status status)
      throws Exception {
    assertThat(VolumeStoreParser.status(Fixtures.read(fixture))).isEqualTo(status);
  }

  @Test
  void aBrickFileNamesTheUuidOfItsHost() throws Exception {
    assertThat(VolumeStoreParser.brickHostUuid(Fixtures.read("store-brick-node0.txt")))
        .contains("04ddef14-8fcf-49f9-8fb9-e0ed80af2af8");
    assertThat(VolumeStoreParser.brickHostUuid(Fixtures.read("store-brick-node1.txt")))
        .contains("8090a16d-b477-4ee2-8bd4-2e08635ff951");
  }

  @Test
  void aBrickFileNamesItsHostAndDirectory() throws Exception {
    StoredVolume.Brick b = VolumeStoreParser.brick(Fixtures.read("store-brick-node1.txt"));

    assertThat(b.hostname()).isEqualTo("glusterfs-1.glusterfs.default.svc.cluster.local");
    assertThat(b.path()).isEqualTo("/srv/v1");
    assertThat(b.hostUuid()).contains("8090a16d-b477-4ee2-8bd4-2e08635ff951");
    assertThat(b.id()).isEqualTo("glusterfs-1.glusterfs.default.svc.cluster.local:/srv/v1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"uuid=\npath=/p\n", "hostname=h\n", "hostname=h\npath=p\n"})
  void aBrickFileWithoutHostOrAbsolutePathIsAnError(String text) {
    assertThatThrownBy(() -> VolumeStoreParser.brick(text)).isInstanceOf(ParseException.class);
  }

  @Test
  void aBrickFileWithoutAUuidYetHasNone() throws Exception {
    String text = Fixtures.read("store-brick-node0.txt").replaceFirst("(?m)^uuid=.*\n", "");
    assertThat(VolumeStoreParser.brickHostUuid(text)).isEmpty();
    assertThat(
            VolumeStoreParser.brickHostUuid(
                "uuid=00000000-0000-0000-0000-000000000000\nhostname=h\npath=/p\n"))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"type=2\ncount=3\n", "status=7\n", "status=on\n", "status\n", "garbage"})
  void anInfoFileWithoutAKnownStatusIsAnError(String text) {
    assertThatThrownBy(() -> VolumeStoreParser.status(text)).isInstanceOf(ParseException.class);
  }

  @Test
  void aBrickUuidThatIsNotAUuidIsAnError() {
    assertThatThrownBy(() -> VolumeStoreParser.brickHostUuid("uuid=../../etc\n"))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("not a UUID");
  }

  @Test
  void aFileLargerThanAnyStoreFileIsNotRead() {
    String big = "status=1\n" + "x=y\n".repeat(VolumeStoreParser.MAX_CHARS / 4);
    assertThatThrownBy(() -> VolumeStoreParser.status(big))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("too large");
  }
}
