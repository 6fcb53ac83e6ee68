package io.glusterctl.probe.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.plan.RejectionCheck.Testimonies;
import io.glusterctl.probe.plan.RejectionCheck.Testimony;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one majority rule every repair of this pod needs, read as a table. */
class TestimoniesTest {

  @ParameterizedTest(name = "{0} of {1} answered, {2} desired: {3}")
  @CsvSource({
    // witnesses, answered, desired members, confirmed
    "2, 2, 3, true",
    "1, 1, 3, true", // one answered, with this pod two of three
    "1, 2, 3, false", // a tie among those that answered
    "1, 1, 5, false", // two of five: too few reached
    "2, 2, 5, true",
    "2, 3, 5, true",
    "0, 0, 3, false", // nobody answered: a partitioned pod confirms nothing
    "0, 0, 1, false",
    "1, 1, 2, true", // a pool of two: the other side alone decides
    "3, 5, 7, true",
    "2, 5, 7, false"
  })
  void aRepairNeedsMostOfThoseThatAnsweredAndAMajorityWithThisPod(
      int witnesses, int answered, int desired, boolean confirmed) {
    Testimony one = new Testimony(0, Optional.empty(), true);
    Testimonies t = new Testimonies(Collections.nCopies(answered, one), desired);

    assertThat(t.confirmedBy(Collections.nCopies(witnesses, one))).isEqualTo(confirmed);
  }

  @ParameterizedTest(name = "listed {0}, healthy peer {1}: forgot {2}")
  @CsvSource({"false, true, true", "false, false, false", "true, true, false"})
  void aMemberForgetsThisPodOnlyFromAWorkingPool(boolean listed, boolean healthy, boolean forgot) {
    Testimony t =
        new Testimony(0, listed ? Optional.of(Pools.healthy(1)) : Optional.empty(), healthy);

    assertThat(t.forgot()).isEqualTo(forgot);
  }

  @ParameterizedTest(name = "listed under {0}, this pod has {1}: other identity {2}, rejects {3}")
  @CsvSource({
    // how the member lists this pod (its UUID, rejected or not), this pod's UUID
    "own, own, false, true",
    "old, own, true, false", // a rejection under the old UUID is a lost identity, not a drift
    "own, unknown, false, true"
  })
  void aRejectionUnderAnotherUuidIsALostIdentity(
      String listedAs, String mine, boolean otherIdentity, boolean rejects) {
    Peer listed =
        Peer.of(
            listedAs.equals("own") ? Pools.uuid(1) : Pools.newUuid(1),
            Pools.fqdn(1),
            PeerState.PEER_REJECTED,
            true);
    Optional<String> myUuid = mine.equals("own") ? Optional.of(Pools.uuid(1)) : Optional.empty();
    Testimony t = new Testimony(0, Optional.of(listed), true);

    assertThat(t.otherIdentity(myUuid)).isEqualTo(otherIdentity);
    assertThat(t.rejects(myUuid)).isEqualTo(rejects);
  }
}
