package io.glusterctl.probe.parse;

import static io.glusterctl.probe.model.PeerState.PEER_IN_CLUSTER;
import static io.glusterctl.probe.model.PeerState.PEER_REJECTED;
import static io.glusterctl.probe.model.PeerState.SENT_AND_RECEIVED_PEER_REQUEST;
import static io.glusterctl.probe.parse.Fixtures.F0;
import static io.glusterctl.probe.parse.Fixtures.F1;
import static io.glusterctl.probe.parse.Fixtures.F1_SHORT;
import static io.glusterctl.probe.parse.Fixtures.F1_UPPER;
import static io.glusterctl.probe.parse.Fixtures.F2;
import static io.glusterctl.probe.parse.Fixtures.U0;
import static io.glusterctl.probe.parse.Fixtures.U1;
import static io.glusterctl.probe.parse.Fixtures.U2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerStatusParserTest {

  private static Peer peer(String uuid, String host, PeerState state, boolean connected) {
    return Peer.of(uuid, host, state, connected);
  }

  private static final Peer G1_NAMES =
      new Peer(U1, F1, List.of(F1, F1_UPPER, F1_SHORT), PEER_IN_CLUSTER, true);

  /** Every peer-status fixture and exactly the peers it lists, in glusterd's order. */
  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("peer-status-0-peers.txt", List.of()),
        Arguments.of("peer-status-0-peers.xml", List.of()),
        Arguments.of("remote-host-peer-status.xml", List.of()),
        Arguments.of("remote-host-after-probe-peer-status.txt", List.of()),
        Arguments.of(
            "peer-status-2-peers.txt",
            List.of(peer(U1, F1, PEER_IN_CLUSTER, true), peer(U2, F2, PEER_IN_CLUSTER, true))),
        Arguments.of(
            "peer-status-2-peers.xml",
            List.of(peer(U1, F1, PEER_IN_CLUSTER, true), peer(U2, F2, PEER_IN_CLUSTER, true))),
        Arguments.of(
            "peer-status-2-peers-node1.txt",
            List.of(peer(U0, F0, PEER_IN_CLUSTER, true), peer(U2, F2, PEER_IN_CLUSTER, true))),
        Arguments.of(
            "peer-status-other-names.txt", List.of(G1_NAMES, peer(U2, F2, PEER_IN_CLUSTER, true))),
        Arguments.of(
            "peer-status-other-names.xml", List.of(G1_NAMES, peer(U2, F2, PEER_IN_CLUSTER, true))),
        Arguments.of(
            "peer-status-other-names-node2.txt",
            List.of(peer(U0, F0, PEER_IN_CLUSTER, true), G1_NAMES)),
        Arguments.of(
            "peer-status-other-names-node2.xml",
            List.of(peer(U0, F0, PEER_IN_CLUSTER, true), G1_NAMES)),
        Arguments.of(
            "peer-status-disconnected.txt",
            List.of(G1_NAMES, peer(U2, F2, PEER_IN_CLUSTER, false))),
        Arguments.of(
            "peer-status-disconnected.xml",
            List.of(G1_NAMES, peer(U2, F2, PEER_IN_CLUSTER, false))),
        Arguments.of(
            "peer-status-rejected.txt", List.of(G1_NAMES, peer(U2, F2, PEER_REJECTED, true))),
        Arguments.of(
            "peer-status-rejected.xml", List.of(G1_NAMES, peer(U2, F2, PEER_REJECTED, true))),
        Arguments.of(
            "peer-status-rejected-self.txt",
            List.of(
                new Peer(U1, F1, List.of(F1, F1_UPPER, F1_SHORT), PEER_REJECTED, true),
                peer(U0, F0, PEER_REJECTED, true))),
        Arguments.of(
            "peer-status-rejected-self.xml",
            List.of(
                new Peer(U1, F1, List.of(F1, F1_UPPER, F1_SHORT), PEER_REJECTED, true),
                peer(U0, F0, PEER_REJECTED, true))),
        Arguments.of(
            "peer-status-sent-and-received.txt",
            List.of(
                peer(U2, F2, PEER_REJECTED, true),
                peer(U0, F0, SENT_AND_RECEIVED_PEER_REQUEST, true))),
        Arguments.of(
            "peer-status-sent-and-received.xml",
            List.of(
                peer(U2, F2, PEER_REJECTED, true),
                peer(U0, F0, SENT_AND_RECEIVED_PEER_REQUEST, true))),
        // the seed: glusterfs of 2017 on OpenShift
        Arguments.of(
            "seed-exp1-3-nodes.txt",
            List.of(
                peer("d77f225f-14f9-4028-9ed1-02eff28cbc4c", seed(1), PEER_IN_CLUSTER, true),
                peer("19c08924-19f1-4160-a67b-048ed3de4b4a", seed(2), PEER_IN_CLUSTER, true))),
        Arguments.of(
            "seed-exp2-scaled-up-5.txt",
            List.of(
                peer("d77f225f-14f9-4028-9ed1-02eff28cbc4c", seed(1), PEER_IN_CLUSTER, true),
                peer("19c08924-19f1-4160-a67b-048ed3de4b4a", seed(2), PEER_IN_CLUSTER, true),
                peer("54b7cfc0-965e-4e4e-8491-d86df62a66fc", seed(3), PEER_IN_CLUSTER, true),
                peer("4076907a-f4c4-4c0a-b709-b36bf6e52644", seed(4), PEER_IN_CLUSTER, true))),
        Arguments.of(
            "seed-exp3-scaled-down-3.txt",
            List.of(
                peer("edb18957-b7f5-468d-baf8-19e0e02d20c7", seed(0), PEER_IN_CLUSTER, true),
                peer("19c08924-19f1-4160-a67b-048ed3de4b4a", seed(2), PEER_IN_CLUSTER, true))),
        Arguments.of(
            "seed-exp4-before-delete.txt",
            List.of(
                peer("d77f225f-14f9-4028-9ed1-02eff28cbc4c", seed(1), PEER_IN_CLUSTER, true),
                peer("19c08924-19f1-4160-a67b-048ed3de4b4a", seed(2), PEER_IN_CLUSTER, true),
                peer("55fff684-b838-4679-b590-cc5388148c8d", seed(3), PEER_IN_CLUSTER, true))),
        Arguments.of(
            "seed-exp4-rejected.txt",
            List.of(
                peer("d77f225f-14f9-4028-9ed1-02eff28cbc4c", seed(1), PEER_REJECTED, true),
                peer("19c08924-19f1-4160-a67b-048ed3de4b4a", seed(2), PEER_IN_CLUSTER, true),
                peer("55fff684-b838-4679-b590-cc5388148c8d", seed(3), PEER_IN_CLUSTER, true))));
  }

  private static String seed(int ordinal) {
    return "glusterfs-" + ordinal + ".glusterfs.default.svc.cluster.local";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void parsesEveryFixtureToExactlyItsPeers(String fixture, List<Peer> expected) throws Exception {
    PoolView view = PeerStatusParser.parse(Fixtures.read(fixture));

    assertThat(view.selfUuid()).isEmpty();
    assertThat(view.peers())
        .extracting(Peer::uuid, Peer::hostname, Peer::hostnames, Peer::state, Peer::connected)
        .containsExactlyElementsOf(
            expected.stream()
                .map(p -> tuple(p.uuid(), p.hostname(), p.hostnames(), p.state(), p.connected()))
                .toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void textAndXmlParsersAgreeWithTheDetectingParser(String fixture, List<Peer> expected)
      throws Exception {
    String out = Fixtures.read(fixture);
    PoolView view =
        fixture.endsWith(".xml") ? PeerStatusXmlParser.parse(out) : PeerStatusTextParser.parse(out);
    assertThat(view.peers()).isEqualTo(expected);
  }

  @Test
  void theSeedsRejectedPeerIsFoundByName() throws Exception {
    PoolView view = PeerStatusParser.parse(Fixtures.read("seed-exp4-rejected.txt"));

    Peer rejected = view.peerNamed("glusterfs-1.glusterfs.default.svc.cluster.local").orElseThrow();
    assertThat(rejected.state()).isEqualTo(PEER_REJECTED);
    assertThat(rejected.stateLine()).isEqualTo("Peer Rejected (Connected)");
    assertThat(view.peers()).filteredOn(Peer::healthy).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"peer-status-other-names.txt", "seed-exp4-rejected.txt"})
  void toleratesCrlfTrailingSpacesExtraBlankLinesAndAByteOrderMark(String fixture)
      throws Exception {
    String out = Fixtures.read(fixture);
    List<Peer> expected = PeerStatusParser.parse(out).peers();
    String crlf = out.replace("\n", "  \t\r\n");
    String blanks = "\n\n" + out.replace("\n\n", "\n\n\n") + "\n\n";

    assertThat(PeerStatusParser.parse(crlf).peers()).isEqualTo(expected);
    assertThat(PeerStatusParser.parse(blanks).peers()).isEqualTo(expected);
    assertThat(PeerStatusParser.parse("\uFEFF" + out).peers()).isEqualTo(expected);
  }

  // --- failures that glusterd reports: GlusterOpFailed, told apart from a parse error

  @Test
  void aHandshakeUnderWayFailsTheWholeXmlListingWithOpRetMinus22() {
    assertThatThrownBy(() -> PeerStatusParser.parse(Fixtures.read("peer-status-handshake.xml")))
        .isInstanceOfSatisfying(
            GlusterOpFailed.class,
            e -> {
              assertThat(e.envelope()).contains(new CliEnvelope(-22, 0, ""));
              assertThat(e.glusterdUnreachable()).isFalse();
            });
  }

  @Test
  void aHandshakeUnderWayLeavesTextStdoutEmptyAndSaysFailedOnStderr() {
    assertThat(Fixtures.read("peer-status-handshake.txt")).isEmpty();
    assertThatThrownBy(() -> PeerStatusParser.parse(Fixtures.read("peer-status-handshake.txt")))
        .isInstanceOf(ParseException.class)
        .hasMessage("empty output");
    String stderr = Fixtures.stderr("peer-status-handshake.txt").orElseThrow();
    assertThatThrownBy(() -> PeerStatusParser.parse(stderr))
        .isInstanceOfSatisfying(
            GlusterOpFailed.class, e -> assertThat(e.glusterdUnreachable()).isFalse())
        .hasMessageContaining("peer status: failed");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "connection-failed-peer-status.txt",
        "connection-failed-peer-status.xml",
        "timeout-peer-status.txt",
        "timeout-peer-status.xml"
      })
  void glusterdDownOrHungIsAnUnreachableFailureInBothForms(String fixture) {
    assertThatThrownBy(() -> PeerStatusParser.parse(Fixtures.read(fixture)))
        .isInstanceOfSatisfying(
            GlusterOpFailed.class,
            e -> {
              assertThat(e.glusterdUnreachable()).isTrue();
              assertThat(e.envelope()).isEmpty();
            });
  }

  // --- output that is not a complete peer status: ParseException, never a shorter list

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "",
        "   \n\n",
        "garbage",
        "No peers present",
        "Number of Peers: ",
        "Number of Peers: -1\n",
        "Number of Peers: 1\n",
        "Number of Peers: 3\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Cluster (Connected)\n",
        "Number of Peers: 0\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Cluster (Connected)\n",
        "Number of Peers: 1\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n",
        "Number of Peers: 1\n\nHostname: a\nUuid: d77f225f-14f9\n"
            + "State: Peer in Cluster (Connected)\n",
        "Number of Peers: 1\n\nHostname: \nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Cluster (Connected)\n",
        "Number of Peers: 1\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Clu",
        "Number of Peers: 1\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Cluster (Connected",
        "Number of Peers: 1\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Cluster\n",
        "Number of Peers: 1\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer In Cluster (Connected)\n",
        "Number of Peers: 1\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Cluster (Half-connected)\n",
        "Number of Peers: 1\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Cluster (Connected)\nOther names:\n",
        "Number of Peers: 1\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Cluster (Connected)\nOther names:\nb\nglusterfs-",
        "Number of Peers: 1\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Cluster (Connected)\nsomething else\n",
        "Number of Peers: 1\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Cluster (Connected)\n\ntrailing garbage\n",
        "Number of Peers: 1\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Cluster (Connected)\n",
        "Number of Peers: 1\n\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\nHostname: a\n"
            + "State: Peer in Cluster (Connected)\n",
        "\u0000\u0001\u0002\u00ff\ufffd",
      })
  void refusesTextThatIsNotACompletePeerStatus(String text) {
    assertThatThrownBy(() -> PeerStatusParser.parse(text)).isInstanceOf(ParseException.class);
  }

  @Test
  void aCountLargerThanTheListIsAnErrorNotAShorterList() {
    String two = Fixtures.read("peer-status-2-peers.txt");
    String saysThree = two.replace("Number of Peers: 2", "Number of Peers: 3");

    assertThatThrownBy(() -> PeerStatusParser.parse(saysThree))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("'Number of Peers: 3' but 2 peers listed");
  }

  @Test
  void anUnterminatedLastOtherNameIsRefusedButATerminatedOneIsRead() throws Exception {
    String full = Fixtures.read("peer-status-other-names-node2.txt");
    assertThat(full).endsWith("\nglusterfs-1\n");

    assertThat(PeerStatusParser.parse(full).peers().get(1).hostnames())
        .containsExactly(F1, F1_UPPER, F1_SHORT);
    assertThatThrownBy(() -> PeerStatusParser.parse(full.substring(0, full.length() - 1)))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("cut off");
    assertThatThrownBy(() -> PeerStatusParser.parse(full.substring(0, full.length() - 3)))
        .isInstanceOf(ParseException.class);
  }

  @Test
  void anUnterminatedLastStateLineIsCompleteAndRead() throws Exception {
    String full = Fixtures.read("seed-exp1-3-nodes.txt");

    assertThat(PeerStatusParser.parse(full.strip()).peers())
        .isEqualTo(PeerStatusParser.parse(full).peers());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "<cliOutput>",
        "<?xml version=\"1.0\"?><cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus>",
        "<notCli/>",
        "<cliOutput><opErrno>0</opErrno><peerStatus/></cliOutput>",
        "<cliOutput><opRet>zero</opRet><opErrno>0</opErrno><peerStatus/></cliOutput>",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno></cliOutput>",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus/><peerStatus/></cliOutput>",
        // a peer missing a field, or with a wrong one
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus><peer>"
            + "<hostname>a</hostname><connected>1</connected><state>3</state>"
            + "</peer></peerStatus></cliOutput>",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus><peer>"
            + "<uuid>d77f225f-14f9-4028-9ed1-02eff28cbc4c</uuid><hostname>a</hostname>"
            + "<connected>2</connected><state>3</state></peer></peerStatus></cliOutput>",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus><peer>"
            + "<uuid>d77f225f-14f9-4028-9ed1-02eff28cbc4c</uuid><hostname>a</hostname>"
            + "<connected>1</connected><state>12</state></peer></peerStatus></cliOutput>",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus><peer>"
            + "<uuid>d77f225f-14f9-4028-9ed1-02eff28cbc4c</uuid><hostname>a</hostname>"
            + "<connected>1</connected><state>3</state><stateStr>Peer Rejected</stateStr>"
            + "</peer></peerStatus></cliOutput>",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus><peer>"
            + "<uuid>d77f225f-14f9-4028-9ed1-02eff28cbc4c</uuid><hostname>a</hostname>"
            + "<hostnames><hostname>b</hostname><hostname>a</hostname></hostnames>"
            + "<connected>1</connected><state>3</state></peer></peerStatus></cliOutput>",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus><peer>"
            + "<uuid>d77f225f-14f9-4028-9ed1-02eff28cbc4c</uuid><uuid>"
            + "19c08924-19f1-4160-a67b-048ed3de4b4a</uuid><hostname>a</hostname>"
            + "<connected>1</connected><state>3</state></peer></peerStatus></cliOutput>",
        // a peer hidden where no peer belongs
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus><peers><peer>"
            + "<uuid>d77f225f-14f9-4028-9ed1-02eff28cbc4c</uuid><hostname>a</hostname>"
            + "<connected>1</connected><state>3</state></peer></peers></peerStatus></cliOutput>",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus/><peer>"
            + "<uuid>d77f225f-14f9-4028-9ed1-02eff28cbc4c</uuid><hostname>a</hostname>"
            + "<connected>1</connected><state>3</state></peer></cliOutput>",
      })
  void refusesXmlThatIsNotACompletePeerStatus(String xml) {
    assertThatThrownBy(() -> PeerStatusParser.parse(xml)).isInstanceOf(ParseException.class);
  }

  /**
   * A peer name must be a host name as RFC 1123 spells it (ASCII letters, digits, hyphens, dots; no
   * empty label): {@code ..} and {@code ...} made offline status fail with an index error (#11 of
   * issue 11), and invisible or reordering characters (U+009B, U+202E, U+200B, U+00A0) passed and
   * were printed raw (#15). In text and in XML, as primary name and as other name.
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "..",
        "...",
        ".",
        ".glusterfs-1",
        "glusterfs-1..glusterfs",
        "-rf",
        "glusterfs-1\u009b",
        "glusterfs\u202e1-",
        "glusterfs-\u200b1",
        "glusterfs-1\u00a0",
        "gl\u00fcsterfs-1",
        "a;b",
        "$(id)-1",
        "glusterfs_1",
      })
  void refusesAPeerNameThatIsNotAHostName(String name) {
    String text =
        "Number of Peers: 1\n\nHostname: "
            + name
            + "\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\nState: Peer in Cluster (Connected)\n";
    String other =
        "Number of Peers: 1\n\nHostname: glusterfs-1\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
            + "State: Peer in Cluster (Connected)\nOther names:\n"
            + name
            + "\n";
    String xml =
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus><peer>"
            + "<uuid>d77f225f-14f9-4028-9ed1-02eff28cbc4c</uuid><hostname>"
            + name
            + "</hostname><connected>1</connected><state>3</state></peer></peerStatus></cliOutput>";
    for (String output : List.of(text, other, xml)) {
      assertThatThrownBy(() -> PeerStatusParser.parse(output))
          .as(output)
          .isInstanceOf(ParseException.class)
          .hasMessageContaining("not a host name")
          .hasMessageMatching("[\\x20-\\x7e]*");
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "glusterfs-1",
        "GLUSTERFS-1.glusterfs.default.svc.cluster.local",
        "glusterfs-1.glusterfs.default.svc.cluster.local.",
        "10.244.1.7",
        "localhost",
      })
  void acceptsHostNamesInAnyCase(String name) throws Exception {
    String text =
        "Number of Peers: 1\n\nHostname: "
            + name
            + "\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\nState: Peer in Cluster (Connected)\n";

    assertThat(PeerStatusParser.parse(text).peers().get(0).hostname()).isEqualTo(name);
  }

  @Test
  void everyTruncationOfTheXmlFixtureIsRefused() {
    String full = Fixtures.read("peer-status-rejected.xml");
    int end = full.stripTrailing().length();
    for (int cut = 0; cut < end; cut++) {
      String prefix = full.substring(0, cut);
      assertThatThrownBy(() -> PeerStatusParser.parse(prefix))
          .as("cut at %d", cut)
          .isInstanceOf(ParseException.class);
    }
  }

  @Test
  void refusesADoctypeAndNeverReadsAnExternalEntity() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE cliOutput [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
            + "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus><peer>"
            + "<uuid>d77f225f-14f9-4028-9ed1-02eff28cbc4c</uuid><hostname>&x;</hostname>"
            + "<connected>1</connected><state>3</state></peer></peerStatus></cliOutput>";

    assertThatThrownBy(() -> PeerStatusParser.parse(xxe))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void ignoresAnUnknownLeafFieldThatANewerGlusterdMightAdd() throws Exception {
    String xml =
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><peerStatus><peer>"
            + "<uuid>d77f225f-14f9-4028-9ed1-02eff28cbc4c</uuid><hostname>a</hostname>"
            + "<hostnames><hostname>a</hostname></hostnames><connected>0</connected>"
            + "<state>8</state><stateStr>Probe Received from peer</stateStr><newField>x</newField>"
            + "</peer></peerStatus></cliOutput>";

    assertThat(PeerStatusParser.parse(xml).peers())
        .containsExactly(
            Peer.of(
                "d77f225f-14f9-4028-9ed1-02eff28cbc4c",
                "a",
                PeerState.PROBE_RECEIVED_FROM_PEER_LC,
                false));
  }

  @Test
  void readsEveryStateTextGlusterdPrintsExactlyAndCaseSensitively() throws Exception {
    for (PeerState state : PeerState.values()) {
      String text =
          "Number of Peers: 1\n\nHostname: a\nUuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c\n"
              + "State: "
              + state.text()
              + " (Disconnected)\n";
      assertThat(PeerStatusParser.parse(text).peers())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.state()).isEqualTo(state);
                assertThat(p.connected()).isFalse();
              });
    }
  }
}
