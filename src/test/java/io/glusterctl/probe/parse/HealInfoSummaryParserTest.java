package io.glusterctl.probe.parse;

import static io.glusterctl.probe.parse.Fixtures.F0;
import static io.glusterctl.probe.parse.Fixtures.F1;
import static io.glusterctl.probe.parse.Fixtures.F2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.Observed;
import org.junit.jupiter.api.Test;

/** {@code gluster --xml volume heal v1 info summary}, as glusterd 10.3 printed it. */
class HealInfoSummaryParserTest {

  @Test
  void nothingToHeal() throws Exception {
    HealSummary h =
        HealInfoSummaryParser.parse("v1", Fixtures.read("heal-info-summary-healthy.xml"));
    assertThat(h.volume()).isEqualTo("v1");
    assertThat(h.bricks())
        .extracting(HealSummary.Brick::brick)
        .containsExactly(F0 + ":/srv/b", F1 + ":/srv/b", F2 + ":/srv/b");
    assertThat(h.bricks())
        .allSatisfy(
            b -> {
              assertThat(b.pending()).isEqualTo(Observed.known(0L));
              assertThat(b.splitBrain()).isEqualTo(Observed.known(0L));
            });
  }

  @Test
  void aDownBrickHasNoCountNotZero() throws Exception {
    HealSummary h =
        HealInfoSummaryParser.parse("v1", Fixtures.read("heal-info-summary-brick-down.xml"));
    assertThat(h.bricks().get(0).pending()).isEqualTo(Observed.known(6L));
    assertThat(h.bricks().get(1).pending()).isEqualTo(Observed.known(6L));
    HealSummary.Brick down = h.bricks().get(2);
    assertThat(down.pending().isKnown()).isFalse();
    assertThat(down.pending().unknownWhy().orElseThrow())
        .startsWith("brick " + F2 + ":/srv/b: Failed to process entries completely.")
        .contains("Transport endpoint is not connected");
  }

  @Test
  void aCutAnswerIsAParseError() {
    String xml = Fixtures.read("heal-info-summary-brick-down.xml");
    assertThatThrownBy(() -> HealInfoSummaryParser.parse("v1", xml.substring(0, 400)))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(
            () ->
                HealInfoSummaryParser.parse(
                    "v1",
                    xml.replace(
                        "<totalNumberOfEntries>6</totalNumberOfEntries>",
                        "<totalNumberOfEntries>-6</totalNumberOfEntries>")))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("negative");
  }
}
