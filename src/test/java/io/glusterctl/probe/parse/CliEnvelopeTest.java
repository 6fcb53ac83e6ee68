package io.glusterctl.probe.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CliEnvelopeTest {

  @Test
  void readsTheEnvelopeOfASuccessAndOfAFailure() throws Exception {
    assertThat(CliEnvelope.parse(Fixtures.read("peer-status-2-peers.xml")))
        .isEqualTo(new CliEnvelope(0, 0, ""));
    CliEnvelope handshake = CliEnvelope.parse(Fixtures.read("peer-status-handshake.xml"));
    assertThat(handshake).isEqualTo(new CliEnvelope(-22, 0, ""));
    assertThat(handshake.ok()).isFalse();
    assertThatThrownBy(handshake::requireOk)
        .isInstanceOf(GlusterOpFailed.class)
        .hasMessage("gluster failed: opRet -22, opErrno 0");
  }

  @Test
  void keepsGlusterdsMessage() throws Exception {
    CliEnvelope e = CliEnvelope.parse(Fixtures.read("peer-detach-not-a-peer.xml"));

    assertThat(e.opRet()).isEqualTo(-1);
    assertThat(e.opErrno()).isEqualTo(2);
    assertThat(e.opErrstr())
        .isEqualTo("glusterfs-1.glusterfs.default.svc.cluster.local is not part of cluster");
  }

  @Test
  void plainTextFailuresAreGlusterFailuresAndOtherTextIsAParseError() {
    assertThatThrownBy(() -> CliEnvelope.parse(Fixtures.read("timeout-peer-status.xml")))
        .isInstanceOf(GlusterOpFailed.class);
    assertThatThrownBy(() -> CliEnvelope.parse("Number of Peers: 0\n"))
        .isInstanceOf(ParseException.class)
        .hasMessage("not XML: Number of Peers: 0");
    assertThatThrownBy(() -> CliEnvelope.parse("<cliOutput><opErrno>0</opErrno></cliOutput>"))
        .isInstanceOf(ParseException.class)
        .hasMessage("<cliOutput> has no <opRet>");
  }
}
