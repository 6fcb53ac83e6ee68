package io.glusterctl.probe.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.HealSummary.BrickHeal;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.plan.HealGate.Check;
import io.glusterctl.probe.plan.HealGate.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The readiness gate on healing: given these checks and this record, this verdict. */
class HealGateTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final Duration GRACE = Duration.ofMinutes(5);

  static HealSummary summary(String volume, long... pending) {
    List<BrickHeal> bricks = new java.util.ArrayList<>();
    for (int i = 0; i < pending.length; i++) {
      bricks.add(
          pending[i] < 0
              ? new BrickHeal(
                  "h" + i + ":/b", "Transport endpoint is not connected", OptionalLong.empty())
              : new BrickHeal("h" + i + ":/b", "Connected", OptionalLong.of(pending[i])));
    }
    return new HealSummary(volume, bricks);
  }

  static Check known(String volume, long... pending) {
    return new Check(volume, Observed.known(summary(volume, pending)));
  }

  static Check unknown(String volume, String why) {
    return new Check(volume, Observed.unknown(why));
  }

  @Test
  void noStartedVolumeWithABrickHereIsReady() {
    Verdict v = HealGate.decide(List.of(), Map.of(), NOW, GRACE);

    assertThat(v.ready()).isTrue();
    assertThat(v.problems()).isEmpty();
    assertThat(v.warnings()).isEmpty();
    assertThat(v.unansweredSince()).isEmpty();
  }

  @Test
  void nothingPendingOnAnyBrickIsReady() {
    Verdict v = HealGate.decide(List.of(known("v1", 0, 0, 0)), Map.of(), NOW, GRACE);

    assertThat(v.ready()).isTrue();
    assertThat(v.checked()).containsExactly("v1");
  }

  @Test
  void entriesPendingOnAnyBrickHoldThePodAndTheReasonNamesTheVolumeAndTheCount() {
    Verdict v =
        HealGate.decide(
            List.of(known("v1", 0, 0, 0), known("v2", 22, 0, 22)), Map.of(), NOW, GRACE);

    assertThat(v.ready()).isFalse();
    assertThat(v.problems())
        .containsExactly("volume v2: 44 entries pending heal (counted over 3 of 3 bricks)");
    assertThat(v.checked()).containsExactly("v1");
  }

  @Test
  void aBrickThatWasNotReachedHoldsThePodEvenWithNoEntriesCounted() {
    Verdict v = HealGate.decide(List.of(known("v1", 0, -1, 0)), Map.of(), NOW, GRACE);

    assertThat(v.ready()).isFalse();
    assertThat(v.problems())
        .containsExactly(
            "volume v1: brick h1:/b not reached (Transport endpoint is not connected); its entries"
                + " cannot be counted");
  }

  @Test
  void pendingAndUnreachedAreBothSaid() {
    Verdict v = HealGate.decide(List.of(known("v1", 22, -1, 22)), Map.of(), NOW, GRACE);

    assertThat(v.problems())
        .containsExactly(
            "volume v1: 44 entries pending heal (counted over 2 of 3 bricks)",
            "volume v1: brick h1:/b not reached (Transport endpoint is not connected); its entries"
                + " cannot be counted");
  }

  @Test
  void aBrickOfThisPodWithoutItsDirectoryComesFirstWithTheCommandThatRebuildsIt() {
    Check v1 = new Check("v1", Observed.known(summary("v1", 22, -1, 22)), List.of("h1:/b"));
    Verdict v = HealGate.decide(List.of(known("v0", 1, 0, 0), v1), Map.of(), NOW, GRACE);

    assertThat(v.ready()).isFalse();
    assertThat(v.problems())
        .containsExactly(
            "volume v1: brick h1:/b has no directory on this pod (its data is gone: a lost or new"
                + " volume), so glusterd cannot start it; to rebuild it from the other replicas"
                + " run in this pod: mkdir /b /b/.glusterfs && gluster volume start v1 force && gluster volume"
                + " heal v1 full (glusterctl-probe does not run it)",
            "volume v0: 1 entry pending heal (counted over 3 of 3 bricks)",
            "volume v1: 44 entries pending heal (counted over 2 of 3 bricks)");
  }

  @Test
  void aMissingBrickThatWasReachedIsNotReported() {
    Check v1 = new Check("v1", Observed.known(summary("v1", 0, 0, 0)), List.of("h1:/b"));
    Verdict v = HealGate.decide(List.of(v1), Map.of(), NOW, GRACE);

    assertThat(v.ready()).isTrue();
    assertThat(v.checked()).containsExactly("v1");
  }

  @Test
  void theDirectoryOfTheCommandIsTheBricksPathQuotedForTheShell() {
    assertThat(HealGate.restore("v 1", "h1:/bricks/my b"))
        .contains(
            "run in this pod: mkdir '/bricks/my b' '/bricks/my b/.glusterfs' && gluster volume start 'v 1' force && gluster"
                + " volume heal 'v 1' full (");
  }

  @Test
  void wordsOfTheCommandThatAreNotPlainAreQuotedForTheShell() {
    assertThat(HealGate.shellWord("glusterfs-1.glusterfs.default.svc.cluster.local:/bricks/v1"))
        .isEqualTo("glusterfs-1.glusterfs.default.svc.cluster.local:/bricks/v1");
    assertThat(HealGate.shellWord("h:/my bricks/it's")).isEqualTo("'h:/my bricks/it'\\''s'");
    assertThat(HealGate.shellWord("h:/$(reboot)")).isEqualTo("'h:/$(reboot)'");
  }

  @Test
  void aFirstUnansweredQueryHoldsThePodAndStartsTheClock() {
    Verdict v =
        HealGate.decide(List.of(unknown("v1", "timed out after 6.0s")), Map.of(), NOW, GRACE);

    assertThat(v.ready()).isFalse();
    assertThat(v.problems())
        .containsExactly(
            "volume v1: heal state unknown for 0s (timed out after 6.0s); not ready for at most 300s");
    assertThat(v.unansweredSince()).containsExactly(Map.entry("v1", NOW));
  }

  @Test
  void anUnansweredQueryWithinTheGraceKeepsItsFirstTime() {
    Instant first = NOW.minusSeconds(200);
    Verdict v = HealGate.decide(List.of(unknown("v1", "exit 1")), Map.of("v1", first), NOW, GRACE);

    assertThat(v.ready()).isFalse();
    assertThat(v.problems().get(0)).startsWith("volume v1: heal state unknown for 200s (exit 1)");
    assertThat(v.unansweredSince()).containsExactly(Map.entry("v1", first));
  }

  @Test
  void pastTheGraceAnUnansweredQueryNoLongerHoldsThePodButIsWarnedAbout() {
    Instant first = NOW.minus(GRACE);
    Verdict v = HealGate.decide(List.of(unknown("v1", "exit 1")), Map.of("v1", first), NOW, GRACE);

    assertThat(v.ready()).isTrue();
    assertThat(v.warnings())
        .containsExactly(
            "volume v1: heal state unknown for 300s (exit 1); ready without it after 300s");
    assertThat(v.unansweredSince()).containsExactly(Map.entry("v1", first));
  }

  @Test
  void anAnswerEndsTheRecordAndPendingEntriesHoldThePodAgain() {
    Verdict v =
        HealGate.decide(
            List.of(known("v1", 3, 0, 0)), Map.of("v1", NOW.minusSeconds(3600)), NOW, GRACE);

    assertThat(v.ready()).isFalse();
    assertThat(v.unansweredSince()).isEmpty();
  }

  @Test
  void aRecordOfAVolumeNoLongerCheckedIsDropped() {
    Verdict v =
        HealGate.decide(List.of(known("v1", 0)), Map.of("gone", NOW.minusSeconds(60)), NOW, GRACE);

    assertThat(v.unansweredSince()).isEmpty();
  }

  @Test
  void aRecordFromTheFutureCountsFromNow() {
    Verdict v =
        HealGate.decide(
            List.of(unknown("v1", "exit 1")), Map.of("v1", NOW.plusSeconds(3600)), NOW, GRACE);

    assertThat(v.ready()).isFalse();
    assertThat(v.unansweredSince()).containsExactly(Map.entry("v1", NOW));
  }

  @Test
  void anUnreadableStoreIsTreatedLikeAnUnansweredQuery() {
    Verdict v =
        HealGate.decide(
            List.of(unknown(HealGate.STORE, "cannot list /var/lib/glusterd/vols")),
            Map.of(),
            NOW,
            GRACE);

    assertThat(v.ready()).isFalse();
    assertThat(v.problems().get(0))
        .startsWith(
            "the glusterd store: heal state unknown for 0s (cannot list /var/lib/glusterd/vols)");
  }
}
