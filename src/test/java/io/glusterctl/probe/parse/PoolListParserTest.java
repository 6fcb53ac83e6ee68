package io.glusterctl.probe.parse;

import static io.glusterctl.probe.parse.Fixtures.F0;
import static io.glusterctl.probe.parse.Fixtures.F1;
import static io.glusterctl.probe.parse.Fixtures.F2;
import static io.glusterctl.probe.parse.Fixtures.U0;
import static io.glusterctl.probe.parse.Fixtures.U1;
import static io.glusterctl.probe.parse.Fixtures.U2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glusterctl.probe.parse.PoolList.Entry;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PoolListParserTest {
  private static final Entry LOCAL_0 = new Entry(U0, "localhost", true);
  private static final List<Entry> POOL_OF_3 =
      List.of(new Entry(U1, F1, true), new Entry(U2, F2, true), LOCAL_0);

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("pool-list-alone.txt", U0, List.of(LOCAL_0)),
        Arguments.of("pool-list-alone.xml", U0, List.of(LOCAL_0)),
        Arguments.of("remote-host-pool-list.xml", U0, List.of(LOCAL_0)),
        Arguments.of("pool-list-3.txt", U0, POOL_OF_3),
        Arguments.of("pool-list-3.xml", U0, POOL_OF_3),
        Arguments.of("remote-host-pool-list-3.xml", U0, POOL_OF_3),
        // only the primary name, even when the peer has other names
        Arguments.of("pool-list-other-names.txt", U0, POOL_OF_3),
        Arguments.of("pool-list-other-names.xml", U0, POOL_OF_3),
        // no state column: a rejected peer is just Connected
        Arguments.of("pool-list-rejected.txt", U0, POOL_OF_3),
        Arguments.of("pool-list-rejected.xml", U0, POOL_OF_3),
        Arguments.of(
            "pool-list-disconnected.txt",
            U0,
            List.of(new Entry(U1, F1, true), new Entry(U2, F2, false), LOCAL_0)),
        Arguments.of(
            "pool-list-disconnected.xml",
            U0,
            List.of(new Entry(U1, F1, true), new Entry(U2, F2, false), LOCAL_0)),
        Arguments.of(
            "pool-list-sent-and-received.xml",
            U1,
            List.of(
                new Entry(U2, F2, true),
                new Entry(U0, F0, true),
                new Entry(U1, "localhost", true))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void parsesEveryFixture(String fixture, String localUuid, List<Entry> entries) throws Exception {
    PoolList list = PoolListParser.parse(Fixtures.read(fixture));

    assertThat(list.localUuid()).isEqualTo(localUuid);
    assertThat(list.entries()).containsExactlyElementsOf(entries);
    assertThat(list.others()).containsExactlyElementsOf(entries.subList(0, entries.size() - 1));
  }

  @Test
  void aHandshakeUnderWayFailsTheListingWithOpRetMinus22() {
    assertThatThrownBy(() -> PoolListParser.parse(Fixtures.read("pool-list-handshake.xml")))
        .isInstanceOfSatisfying(
            GlusterOpFailed.class,
            e -> assertThat(e.envelope().orElseThrow().opRet()).isEqualTo(-22));
    assertThat(Fixtures.stderr("pool-list-handshake.txt")).contains("pool list: failed\n");
    assertThatThrownBy(() -> PoolListParser.parse(Fixtures.read("pool-list-handshake.txt")))
        .isInstanceOf(ParseException.class);
  }

  @Test
  void everyTruncationOfTheTextFormIsRefusedUntilTheLocalhostRowIsComplete() throws Exception {
    String full = Fixtures.read("pool-list-3.txt");
    PoolList expected = PoolListParser.parse(full);
    int localhostState = full.lastIndexOf("Connected") + "Connected".length();
    for (int cut = 0; cut < full.length(); cut++) {
      String prefix = full.substring(0, cut);
      if (cut < localhostState) {
        assertThatThrownBy(() -> PoolListParser.parse(prefix))
            .as("cut at %d", cut)
            .isInstanceOf(ParseException.class);
      } else {
        assertThat(PoolListParser.parse(prefix)).as("cut at %d", cut).isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "",
        "UUID\tHostname\tState\n",
        "UUID\tHostname\tState\n0eb3bacf-13ce-452a-8eb7-f74357da77ef\tglusterfs-1\tConnected\n",
        "UUID\tHostname\tState\n0eb3bacf-13ce-452a-8eb7-f74357da77ef\tlocalhost\tConnected\n"
            + "ebb353ee-8f0a-481a-b685-00761eac2483\tglusterfs-1\tConnected\n",
        "UUID\tHostname\tState\n0eb3bacf-13ce-452a-8eb7-f74357da77ef\tlocalhost\tAlive\n",
        "UUID\tHostname\tState\n0eb3bacf\tlocalhost\tConnected\n",
        "0eb3bacf-13ce-452a-8eb7-f74357da77ef\tlocalhost\tConnected\n",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus/></cliOutput>",
        "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><peerStatus><peer>"
            + "<uuid>0eb3bacf-13ce-452a-8eb7-f74357da77ef</uuid><hostname>localhost</hostname>"
            + "<connected>1</connected></peer><peer>"
            + "<uuid>ebb353ee-8f0a-481a-b685-00761eac2483</uuid><hostname>localhost</hostname>"
            + "<connected>1</connected></peer></peerStatus></cliOutput>",
      })
  void refusesAListWithoutExactlyOneLocalhostOrWithBadRows(String output) {
    assertThatThrownBy(() -> PoolListParser.parse(output)).isInstanceOf(ParseException.class);
  }

  @Test
  void glusterdNotRunningIsAnUnreachableFailure() {
    assertThatThrownBy(() -> PoolListParser.parse(GlusterOpFailed.CONNECTION_FAILED + "\n"))
        .isInstanceOfSatisfying(
            GlusterOpFailed.class, e -> assertThat(e.glusterdUnreachable()).isTrue());
  }
}
