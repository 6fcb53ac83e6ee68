package io.glusterctl.probe.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.HealSummary.BrickHeal;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code gluster --xml volume heal v1 info summary} as glusterd 10.3 prints it (capture-heal.sh).
 */
class HealSummaryParserTest {
  static final String B0 = "glusterfs-0.glusterfs.default.svc.cluster.local:/srv/v1";
  static final String B1 = "glusterfs-1.glusterfs.default.svc.cluster.local:/srv/v1";
  static final String B2 = "glusterfs-2.glusterfs.default.svc.cluster.local:/srv/v1";

  static HealSummary read(String fixture) throws GlusterOutputException {
    return HealSummaryParser.parse("v1", Fixtures.read(fixture));
  }

  @Test
  void aHealthyVolumeHasNothingPendingOnEveryBrick() throws Exception {
    HealSummary h = read("heal-summary-healthy.xml");

    assertThat(h.volume()).isEqualTo("v1");
    assertThat(h.bricks())
        .containsExactly(
            new BrickHeal(B0, "Connected", OptionalLong.of(0)),
            new BrickHeal(B1, "Connected", OptionalLong.of(0)),
            new BrickHeal(B2, "Connected", OptionalLong.of(0)));
    assertThat(h.pendingEntries()).isZero();
    assertThat(h.unreached()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "heal-summary-healthy.xml, 0, 0",
    "heal-summary-healthy-node2.xml, 0, 0",
    "heal-summary-pending.xml, 44, 0",
    "heal-summary-pending-node1.xml, 44, 0",
    "heal-summary-brick-down.xml, 44, 1",
    "heal-summary-healed.xml, 0, 0",
  })
  void pendingEntriesAreCountedOverAllTheBricks(String fixture, long pending, int unreached)
      throws Exception {
    HealSummary h = read(fixture);

    assertThat(h.bricks()).hasSize(3);
    assertThat(h.pendingEntries()).isEqualTo(pending);
    assertThat(h.unreached()).hasSize(unreached);
  }

  @Test
  void afterABrickRestartTheEntriesAreListedOnTheOtherBricks() throws Exception {
    // asked on glusterfs-1, whose brick was down: its own brick lists nothing, the others 22 each
    HealSummary h = read("heal-summary-pending-node1.xml");

    assertThat(h.bricks())
        .extracting(BrickHeal::pending)
        .containsExactly(OptionalLong.of(22), OptionalLong.of(0), OptionalLong.of(22));
  }

  @Test
  void aBrickThatWasNotReachedHasNoCountAndItsStatusSaysWhy() throws Exception {
    HealSummary h = read("heal-summary-brick-down.xml");

    BrickHeal down = h.unreached().get(0);
    assertThat(down.brick()).isEqualTo(B1);
    assertThat(down.pending()).isEmpty();
    // glfsheal runs the next field's name into the status text; that is no count
    assertThat(down.status())
        .isEqualTo(
            "Failed to process entries completely. (Transport endpoint is not"
                + " connected)totalNumberOfEntries0");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "heal-summary-not-started.xml, 'opRet -1, opErrno 5: v1: Not able to fetch volfile from glusterd'",
    "heal-summary-stopped.xml, 'opRet -1, opErrno 5: v1: Not able to fetch volfile from glusterd'",
    "heal-summary-no-volume.xml, 'opRet -1, opErrno 2: Volume v1 does not exist'",
  })
  void aVolumeThatIsNotStartedOrDoesNotExistIsGlustersFailure(String fixture, String message) {
    assertThatThrownBy(() -> read(fixture))
        .isInstanceOf(GlusterOpFailed.class)
        .hasMessageContaining(message);
  }

  @Test
  void everyTruncationIsRefused() {
    String full = Fixtures.read("heal-summary-pending.xml");
    int end = full.stripTrailing().length();
    for (int cut = 0; cut < end; cut += 5) {
      String prefix = full.substring(0, cut);
      assertThatThrownBy(() -> HealSummaryParser.parse("v1", prefix))
          .as("cut at %d", cut)
          .isInstanceOf(GlusterOutputException.class);
    }
  }

  @Test
  void aCountThatIsNotANumberIsAnError() {
    String xml =
        Fixtures.read("heal-summary-pending.xml")
            .replaceFirst(
                "<totalNumberOfEntries>22</totalNumberOfEntries>",
                "<totalNumberOfEntries>-</totalNumberOfEntries>");

    assertThatThrownBy(() -> HealSummaryParser.parse("v1", xml))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("<totalNumberOfEntries> is not a count: '-'");
  }

  @Test
  void aSummaryWithoutBricksIsNoSummary() {
    String xml =
        Fixtures.read("heal-summary-healthy.xml")
            .replaceAll("(?s)<bricks>.*</bricks>", "<bricks/>");

    assertThatThrownBy(() -> HealSummaryParser.parse("v1", xml))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("no <brick> listed");
  }

  @Test
  void otherOutputIsNotASummary() {
    assertThatThrownBy(
            () -> HealSummaryParser.parse("v1", Fixtures.read("peer-status-2-peers.xml")))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> HealSummaryParser.parse("v1", "Brick x:/y\nStatus: Connected\n"))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("not XML");
  }

  // capture-volumes.sh's capture (bricks /srv/b, glusterfs-2's brick killed): the same reading
  @Test
  void capturedWithStatusVolumesNothingToHeal() throws Exception {
    HealSummary h = read("heal-info-summary-healthy.xml");
    assertThat(h.bricks())
        .extracting(BrickHeal::brick, BrickHeal::pending)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Fixtures.F0 + ":/srv/b", OptionalLong.of(0)),
            org.assertj.core.groups.Tuple.tuple(Fixtures.F1 + ":/srv/b", OptionalLong.of(0)),
            org.assertj.core.groups.Tuple.tuple(Fixtures.F2 + ":/srv/b", OptionalLong.of(0)));
  }

  @Test
  void capturedWithStatusVolumesADownBrickHasNoCountNotZero() throws Exception {
    HealSummary h = read("heal-info-summary-brick-down.xml");
    assertThat(h.bricks().get(0).pending()).isEqualTo(OptionalLong.of(6));
    assertThat(h.bricks().get(1).pending()).isEqualTo(OptionalLong.of(6));
    BrickHeal down = h.bricks().get(2);
    assertThat(down.reached()).isFalse();
    assertThat(down.status()).contains("Transport endpoint is not connected");
    assertThat(h.pendingEntries()).isEqualTo(12);
    assertThat(h.unreached()).containsExactly(down);
  }

  @Test
  void capturedWithStatusVolumesACutOrNegativeCountIsAParseError() {
    String xml = Fixtures.read("heal-info-summary-brick-down.xml");
    assertThatThrownBy(() -> HealSummaryParser.parse("v1", xml.substring(0, 400)))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(
            () ->
                HealSummaryParser.parse(
                    "v1",
                    xml.replace(
                        "<totalNumberOfEntries>6</totalNumberOfEntries>",
                        "<totalNumberOfEntries>-6</totalNumberOfEntries>")))
        .isInstanceOf(ParseException.class);
  }
}
