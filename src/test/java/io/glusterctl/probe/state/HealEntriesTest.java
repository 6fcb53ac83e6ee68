package io.glusterctl.probe.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealEntriesTest {
  static final Instant T = Instant.parse("2026-12-01T12:00:00Z");

  @Test
  void theRecordRoundTripsThroughTheStateFileEntries() {
    Map<String, Instant> since = Map.of("v1", T, ".store", T.plusSeconds(5));

    Map<String, String> entries = HealEntries.toEntries(since);

    assertThat(entries)
        .containsOnlyKeys("heal.unansweredSince.v1", "heal.unansweredSince..store")
        .containsEntry("heal.unansweredSince.v1", "2026-12-01T12:00:00Z");
    Loaded<Map<String, Instant>> back =
        HealEntries.fromEntries(new Loaded<>(entries, Loaded.Status.FOUND, List.of()));
    assertThat(back.value()).isEqualTo(since);
    assertThat(back.warnings()).isEmpty();
  }

  @Test
  void entriesThatCannotBeReadAreLeftOutWithAWarningAndOthersAreIgnored() {
    Map<String, String> entries =
        Map.of(
            "heal.unansweredSince.v1", "yesterday",
            "heal.unansweredSince.../x", T.toString(),
            "heal.other", "x",
            "memory.disconnectedSince.x", T.toString(),
            "heal.unansweredSince.v2", T.toString());

    Loaded<Map<String, Instant>> back =
        HealEntries.fromEntries(new Loaded<>(entries, Loaded.Status.FOUND, List.of()));

    assertThat(back.value()).containsExactly(Map.entry("v2", T));
    assertThat(back.warnings()).hasSize(3);
  }
}
