package io.glusterctl.probe.gluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.StoredVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** glusterd's store on the PV, laid out with the files capture-heal.sh copied from a real pod. */
class GlusterdStoreTest {
  static final Path FIXTURES = Path.of("test-fixtures");
  static final String U0 = "04ddef14-8fcf-49f9-8fb9-e0ed80af2af8";
  static final String U1 = "8090a16d-b477-4ee2-8bd4-2e08635ff951";

  @TempDir(factory = io.glusterctl.probe.GctTempDir.class)
  Path glusterd;

  private void volume(String name, String infoFixture, String... brickFixtures) throws IOException {
    Path dir = Files.createDirectories(glusterd.resolve("vols").resolve(name).resolve("bricks"));
    Files.copy(FIXTURES.resolve(infoFixture), dir.getParent().resolve("info"));
    int i = 0;
    for (String b : brickFixtures) {
      Files.copy(FIXTURES.resolve(b), dir.resolve("host" + i++ + ":-srv-" + name));
    }
  }

  @Test
  void aNodeThatNeverHadAVolumeHasNone() {
    assertThat(new GlusterdStore(glusterd).volumes()).isEqualTo(Observed.known(List.of()));
  }

  @Test
  void eachVolumeWithItsStatusAndTheUuidsOfItsBrickHosts() throws IOException {
    volume("v1", "store-vol-info-started.txt", "store-brick-node0.txt", "store-brick-node1.txt");
    volume("v0", "store-vol-info-created.txt", "store-brick-node1.txt");

    List<StoredVolume> vols = new GlusterdStore(glusterd).volumes().known().orElseThrow();

    assertThat(vols)
        .containsExactly(
            new StoredVolume("v0", StoredVolume.Status.CREATED, List.of(brick(1, U1))),
            new StoredVolume(
                "v1", StoredVolume.Status.STARTED, List.of(brick(0, U0), brick(1, U1))));
    assertThat(vols.get(1).hasBrickOn(U0.toUpperCase(java.util.Locale.ROOT))).isTrue();
    assertThat(vols.get(0).hasBrickOn(U0)).isFalse();
  }

  /** The brick of glusterfs-N in the capture's volume v1 ({@code /srv/v1}). */
  static StoredVolume.Brick brick(int ordinal, String uuid) {
    return new StoredVolume.Brick(
        "glusterfs-" + ordinal + ".glusterfs.default.svc.cluster.local",
        "/srv/v1",
        java.util.Optional.of(uuid));
  }

  @Test
  void aVolumeDirectoryWithoutItsInfoFileIsUnknownNotMissing() throws IOException {
    Files.createDirectories(glusterd.resolve("vols/v1/bricks"));

    assertThat(new GlusterdStore(glusterd).volumes().unknownWhy())
        .get()
        .asString()
        .contains("volume v1")
        .contains("no info file");
  }

  @Test
  void aDirectoryThatIsNoVolumeNameIsUnknown() throws IOException {
    Files.createDirectories(glusterd.resolve("vols/-rf"));

    assertThat(new GlusterdStore(glusterd).volumes().unknownWhy())
        .get()
        .asString()
        .contains("'-rf' is not a volume name");
  }

  @Test
  void aBrokenBrickFileIsUnknown() throws IOException {
    volume("v1", "store-vol-info-started.txt");
    Files.writeString(glusterd.resolve("vols/v1/bricks/h:-srv-v1"), "uuid=not-a-uuid\n");

    assertThat(new GlusterdStore(glusterd).volumes().isKnown()).isFalse();
  }
}
