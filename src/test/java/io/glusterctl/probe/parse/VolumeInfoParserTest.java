package io.glusterctl.probe.parse;

import static io.glusterctl.probe.parse.Fixtures.F0;
import static io.glusterctl.probe.parse.Fixtures.F1;
import static io.glusterctl.probe.parse.Fixtures.F2;
import static io.glusterctl.probe.parse.Fixtures.U0;
import static io.glusterctl.probe.parse.Fixtures.U1;
import static io.glusterctl.probe.parse.Fixtures.U2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.model.VolumeBricks.Brick;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeInfoParserTest {
  static final Self SELF = new Self("glusterfs-0", "default", "glusterfs", "cluster.local");

  @Test
  void readsTheBricksOfAReplica3Volume() throws Exception {
    VolumeBricks bricks = VolumeInfoParser.parse(Fixtures.read("volume-info-replica3.xml"));

    assertThat(bricks.bricks())
        .containsExactly(
            new Brick("v1", F0, "/srv/b", U0),
            new Brick("v1", F1, "/srv/b", U1),
            new Brick("v1", F2, "/srv/b", U2));
    assertThat(bricks.volumes()).containsExactly("v1");
    assertThat(bricks.hosts(SELF, Peer.of(U1, F1, PeerState.PEER_IN_CLUSTER, true))).isTrue();
    assertThat(
            bricks.hosts(
                SELF,
                Peer.of(
                    "d77f225f-14f9-4028-9ed1-02eff28cbc4c",
                    "glusterfs-3.glusterfs.default.svc.cluster.local",
                    PeerState.PEER_IN_CLUSTER,
                    true)))
        .isFalse();
  }

  @Test
  void noVolumesIsNoBricks() throws Exception {
    assertThat(VolumeInfoParser.parse(Fixtures.read("volume-info-no-volumes.xml")).bricks())
        .isEmpty();
  }

  @Test
  void theTextFormIsNotRead() {
    assertThatThrownBy(() -> VolumeInfoParser.parse(Fixtures.read("volume-info-replica3.txt")))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("not XML");
  }

  @Test
  void everyTruncationIsRefused() {
    String full = Fixtures.read("volume-info-replica3.xml");
    int end = full.stripTrailing().length();
    for (int cut = 0; cut < end; cut += 7) {
      String prefix = full.substring(0, cut);
      assertThatThrownBy(() -> VolumeInfoParser.parse(prefix))
          .as("cut at %d", cut)
          .isInstanceOf(ParseException.class);
    }
  }

  @Test
  void aBrickCountThatDoesNotMatchTheListIsAnError() {
    String xml =
        Fixtures.read("volume-info-replica3.xml")
            .replace("<brickCount>3</brickCount>", "<brickCount>4</brickCount>");

    assertThatThrownBy(() -> VolumeInfoParser.parse(xml))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("<brickCount> says 4 but 3 bricks are listed");
  }

  @Test
  void aVolumeCountThatDoesNotMatchTheListIsAnError() {
    String xml =
        Fixtures.read("volume-info-replica3.xml").replace("<count>1</count>", "<count>2</count>");

    assertThatThrownBy(() -> VolumeInfoParser.parse(xml))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("<count> says 2 volumes but 1 are listed");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno></cliOutput>",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><volInfo/></cliOutput>",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><volInfo><volumes><volume><name>v"
            + "</name><brickCount>1</brickCount><bricks><brick><name>nohostpath</name></brick>"
            + "</bricks></volume><count>1</count></volumes></volInfo></cliOutput>",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><volInfo><volumes><volume><name>v"
            + "</name><brickCount>1</brickCount><bricks><brick><name>h:/p</name>"
            + "<hostUuid>nope</hostUuid></brick></bricks></volume><count>1</count></volumes>"
            + "</volInfo></cliOutput>",
      })
  void refusesIncompleteVolumeInfo(String xml) {
    assertThatThrownBy(() -> VolumeInfoParser.parse(xml)).isInstanceOf(ParseException.class);
  }

  @Test
  void aFailedListingIsAGlusterFailure() {
    String xml =
        "<cliOutput><opRet>-1</opRet><opErrno>0</opErrno><opErrstr>Volume v9 does not exist"
            + "</opErrstr></cliOutput>";

    assertThatThrownBy(() -> VolumeInfoParser.parse(xml))
        .isInstanceOf(GlusterOpFailed.class)
        .hasMessage("gluster failed: opRet -1, opErrno 0: Volume v9 does not exist");
  }
}
