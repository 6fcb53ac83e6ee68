package io.glusterctl.probe.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  private final ManualTime time = new ManualTime();

  @Test
  void remainingShrinksAsTimePassesAndNeverGoesNegative() {
    Deadline d = Deadline.in(Duration.ofSeconds(20), time);
    assertThat(d.remaining()).isEqualTo(Duration.ofSeconds(20));
    assertThat(d.expired()).isFalse();

    time.advance(Duration.ofSeconds(15));
    assertThat(d.remaining()).isEqualTo(Duration.ofSeconds(5));

    time.advance(Duration.ofSeconds(5));
    assertThat(d.remaining()).isEqualTo(Duration.ZERO);
    assertThat(d.expired()).isTrue();

    time.advance(Duration.ofSeconds(5));
    assertThat(d.remaining()).isEqualTo(Duration.ZERO);
  }

  @Test
  void minGivesTheSmallerOfTheTimeLeftAndTheCallsOwnTimeout() {
    Deadline d = Deadline.in(Duration.ofSeconds(20), time);
    assertThat(d.min(Duration.ofSeconds(8))).isEqualTo(Duration.ofSeconds(8));
    time.advance(Duration.ofSeconds(17));
    assertThat(d.min(Duration.ofSeconds(8))).isEqualTo(Duration.ofSeconds(3));
    assertThat(d.min(Duration.ofSeconds(-1))).isEqualTo(Duration.ZERO);
  }

  @Test
  void withinNeverExtendsTheDeadline() {
    Deadline d = Deadline.in(Duration.ofSeconds(10), time);
    assertThat(d.within(Duration.ofSeconds(3)).remaining()).isEqualTo(Duration.ofSeconds(3));
    assertThat(d.within(Duration.ofSeconds(30)).remaining()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aNegativeOrHugeDurationIsHandled() {
    assertThat(Deadline.in(Duration.ofSeconds(-1), time).expired()).isTrue();
    Deadline far = Deadline.in(Duration.ofSeconds(Long.MAX_VALUE), time);
    assertThat(far.expired()).isFalse();
    assertThat(far.remaining()).isGreaterThan(Duration.ofDays(365));
  }

  @Test
  void aCallFitsOnlyWithTheSafetyMarginToSpare() {
    Deadline d = Deadline.in(Duration.ofSeconds(20), time);
    assertThat(d.hasRoomFor(Duration.ofSeconds(17))).isTrue();
    assertThat(d.hasRoomFor(Duration.ofSeconds(18))).isFalse();
    time.advance(Duration.ofSeconds(17));
    assertThat(d.hasRoomFor(Duration.ZERO)).as("3 s left").isTrue();
    time.advance(Duration.ofSeconds(1));
    assertThat(d.hasRoomFor(Duration.ZERO)).as("the margin only").isFalse();
  }

  @Test
  void aCallIsGivenWhatFitsBeforeTheDeadlineWithTheMarginToSpare() {
    Deadline d = Deadline.in(Duration.ofSeconds(20), time);
    assertThat(d.callTimeout(Duration.ofSeconds(8)))
        .as("20 s left")
        .isEqualTo(Duration.ofSeconds(8));
    time.advance(Duration.ofSeconds(13));
    assertThat(d.callTimeout(Duration.ofSeconds(8)))
        .as("7 s left: 5 s, so that it ends 2 s before the deadline")
        .isEqualTo(Duration.ofSeconds(5));
    time.advance(Duration.ofSeconds(6));
    assertThat(d.callTimeout(Duration.ofSeconds(8))).as("1 s left").isEqualTo(Duration.ZERO);
  }

  @Test
  void nowIsTheWallClockForRecords() {
    Deadline d = Deadline.in(Duration.ofSeconds(20), time);
    java.time.Instant start = d.now();
    time.advance(Duration.ofSeconds(3));
    assertThat(d.now()).isEqualTo(start.plusSeconds(3));
  }
}
