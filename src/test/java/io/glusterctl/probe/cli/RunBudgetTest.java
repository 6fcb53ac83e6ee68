package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The run's budget counts from the process start, not from when the command began: the kubelet's
 * {@code timeoutSeconds} covers the start of the program too, and on a loaded node a JVM start took
 * 5 to 8 s (measured in the sandbox at load 40 to 80: liveness runs of 25.3 and 26.1 s against the
 * 25 s timeout, killed by the kubelet and counted as failures). The start is only counted when it
 * is plausibly this run's own (at most half the deadline ago); otherwise (the program embedded in a
 * long-running JVM, a clock step) the whole deadline is left.
 */
class RunBudgetTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final Duration D = Duration.ofSeconds(20);

  static Stream<Arguments> budgets() {
    return Stream.of(
        Arguments.of("started just now", Optional.of(NOW), D),
        Arguments.of(
            "a JVM start of 2 s", Optional.of(NOW.minusSeconds(2)), Duration.ofSeconds(18)),
        Arguments.of(
            "a JVM start of 8 s on a loaded node",
            Optional.of(NOW.minusSeconds(8)),
            Duration.ofSeconds(12)),
        Arguments.of(
            "exactly half the deadline", Optional.of(NOW.minusSeconds(10)), Duration.ofSeconds(10)),
        Arguments.of(
            "longer than half: not this run's start", Optional.of(NOW.minusSeconds(11)), D),
        Arguments.of(
            "a JVM that runs for hours (in-process)", Optional.of(NOW.minusSeconds(7200)), D),
        Arguments.of("a start in the future (clock step)", Optional.of(NOW.plusSeconds(5)), D),
        Arguments.of("start unknown", Optional.empty(), D));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("budgets")
  void theBudgetIsTheDeadlineLessThisRunsOwnStart(
      String what, Optional<Instant> start, Duration expected) {
    assertThat(Session.runBudget(D, start, NOW)).isEqualTo(expected);
  }
}
