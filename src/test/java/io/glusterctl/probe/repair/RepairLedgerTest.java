package io.glusterctl.probe.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.Reason;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.RepairKind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The repair record and its policy: request, back off, give up; and how it is stored. */
class RepairLedgerTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final Duration BASE = Duration.ofMinutes(2);
  static final String F0 = "glusterfs-0.glusterfs.default.svc.cluster.local";
  static final String F1 = "glusterfs-1.glusterfs.default.svc.cluster.local";
  static final Action.Repair DRIFT =
      new Action.Repair(F0, RepairKind.DRIFT, F1, Reason.of(ReasonCode.SELF_REJECTED, "by 2 of 2"));

  static RepairLedger ledger(int attempts, Instant lastAt, boolean givenUp) {
    return new RepairLedger(Optional.empty(), attempts, Optional.ofNullable(lastAt), "", givenUp);
  }

  static RepairLedger.Pending pending(Instant at) {
    return new RepairLedger.Pending(RepairKind.AMNESIA, F1, "asked earlier", at);
  }

  // ---- the policy

  static Stream<Arguments> requests() {
    return Stream.of(
        // ledger, now, decision
        Arguments.of("nothing yet", RepairLedger.EMPTY, NOW, RepairLedger.Decision.REQUESTED),
        Arguments.of(
            "one pending",
            new RepairLedger(
                Optional.of(pending(NOW.minusSeconds(30))), 0, Optional.empty(), "", false),
            NOW,
            RepairLedger.Decision.ALREADY_PENDING),
        Arguments.of(
            "1 attempt, 1m ago: backoff 2m",
            ledger(1, NOW.minusSeconds(60), false),
            NOW,
            RepairLedger.Decision.BACKING_OFF),
        Arguments.of(
            "1 attempt, 2m ago: backoff over",
            ledger(1, NOW.minusSeconds(120), false),
            NOW,
            RepairLedger.Decision.REQUESTED),
        Arguments.of(
            "2 attempts, 3m ago: backoff 4m",
            ledger(2, NOW.minusSeconds(180), false),
            NOW,
            RepairLedger.Decision.BACKING_OFF),
        Arguments.of(
            "2 attempts, 4m ago: backoff over",
            ledger(2, NOW.minusSeconds(240), false),
            NOW,
            RepairLedger.Decision.REQUESTED),
        Arguments.of(
            "3 attempts: given up",
            ledger(3, NOW.minusSeconds(3600), false),
            NOW,
            RepairLedger.Decision.GIVEN_UP),
        Arguments.of(
            "10 attempts: given up",
            ledger(10, NOW.minusSeconds(3600), false),
            NOW,
            RepairLedger.Decision.GIVEN_UP),
        Arguments.of("given up before", ledger(0, null, true), NOW, RepairLedger.Decision.GIVEN_UP),
        Arguments.of(
            "attempts but no time: no backoff",
            ledger(1, null, false),
            NOW,
            RepairLedger.Decision.REQUESTED),
        Arguments.of(
            "a time but no attempts: no backoff",
            ledger(0, NOW.minusSeconds(1), false),
            NOW,
            RepairLedger.Decision.REQUESTED),
        Arguments.of(
            "pending and given up: the pending one stays",
            new RepairLedger(Optional.of(pending(NOW)), 3, Optional.of(NOW), "", true),
            NOW,
            RepairLedger.Decision.ALREADY_PENDING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void request(String name, RepairLedger before, Instant now, RepairLedger.Decision expected) {
    RepairLedger.Request d = before.request(DRIFT, now, BASE);

    assertThat(d.decision()).isEqualTo(expected);
    RepairLedger after = d.ledger();
    switch (expected) {
      case REQUESTED -> {
        assertThat(after.pending())
            .contains(new RepairLedger.Pending(RepairKind.DRIFT, F1, DRIFT.reason().text(), now));
        assertThat(after.attempts()).isEqualTo(before.attempts());
        assertThat(after.lastAt()).isEqualTo(before.lastAt());
        assertThat(after.givenUp()).isFalse();
      }
      case ALREADY_PENDING, BACKING_OFF -> assertThat(after).isSameAs(before);
      case GIVEN_UP -> {
        assertThat(after.pending()).isEmpty();
        assertThat(after.givenUp()).isTrue();
        assertThat(after.attempts()).isEqualTo(before.attempts());
      }
    }
  }

  @Test
  void threeRepairsInARowThenGivenUpUntilThePoolIsHealthy() {
    RepairLedger l = RepairLedger.EMPTY;
    Instant t = NOW;
    for (int attempt = 1; attempt <= RepairLedger.MAX_ATTEMPTS; attempt++) {
      var d = l.request(DRIFT, t, BASE);
      assertThat(d.decision()).as("attempt %d", attempt).isEqualTo(RepairLedger.Decision.REQUESTED);
      l = d.ledger().begin(t).finished("drift done at " + t, Optional.empty());
      assertThat(l.pending()).isEmpty();
      assertThat(l.attempts()).isEqualTo(attempt);
      assertThat(l.lastAt()).contains(t);
      // the backoff doubles: 2m, 4m, ...; after the last attempt there is none to wait for
      Duration backoff = BASE.multipliedBy(1L << (attempt - 1));
      assertThat(l.request(DRIFT, t.plus(backoff).minusSeconds(1), BASE).decision())
          .isEqualTo(
              attempt < RepairLedger.MAX_ATTEMPTS
                  ? RepairLedger.Decision.BACKING_OFF
                  : RepairLedger.Decision.GIVEN_UP);
      t = t.plus(backoff);
    }
    var givenUp = l.request(DRIFT, t.plus(Duration.ofDays(1)), BASE);
    assertThat(givenUp.decision()).isEqualTo(RepairLedger.Decision.GIVEN_UP);
    l = givenUp.ledger();
    assertThat(l.givenUp()).isTrue();
    assertThat(RepairLedger.fromEntries(l.toEntries()).request(DRIFT, t, BASE).decision())
        .as("given up survives a restart")
        .isEqualTo(RepairLedger.Decision.GIVEN_UP);

    RepairLedger healthy = l.healthy();
    assertThat(healthy.attempts()).isZero();
    assertThat(healthy.givenUp()).isFalse();
    assertThat(healthy.request(DRIFT, t, BASE).decision())
        .isEqualTo(RepairLedger.Decision.REQUESTED);
  }

  /** Done, failed, not confirmed: each attempt counts, and the backoff runs from its start. */
  @ParameterizedTest
  @ValueSource(strings = {"done", "failed", "not_confirmed"})
  void everyFinishedAttemptCounts(String outcome) {
    RepairLedger requested = RepairLedger.EMPTY.request(DRIFT, NOW, BASE).ledger();

    RepairLedger after =
        requested.begin(NOW.plusSeconds(10)).finished("drift " + outcome, Optional.empty());

    assertThat(after.pending()).isEmpty();
    assertThat(after.attempts()).isEqualTo(1);
    assertThat(after.lastAt()).contains(NOW.plusSeconds(10));
    assertThat(after.interrupted()).isFalse();
    assertThat(after.lastSummary()).isEqualTo("drift " + outcome);
    assertThat(after.request(DRIFT, NOW.plusSeconds(11), BASE).decision())
        .isEqualTo(RepairLedger.Decision.BACKING_OFF);
    assertThat(after.request(DRIFT, NOW.plusSeconds(10).plus(BASE), BASE).decision())
        .isEqualTo(RepairLedger.Decision.REQUESTED);
  }

  /** A withdrawal is not an attempt: the count, the backoff and the series stay as they were. */
  @Test
  void aWithdrawnRequestIsNoLongerPendingAndCountsNoAttempt() {
    RepairLedger afterOne =
        RepairLedger.EMPTY
            .request(DRIFT, NOW, BASE)
            .ledger()
            .begin(NOW)
            .finished("drift done", Optional.of("/state/backups/b1"));
    RepairLedger again = afterOne.request(DRIFT, NOW.plus(BASE), BASE).ledger();
    assertThat(again.pending()).isPresent();

    RepairLedger w =
        RepairLedger.fromEntries(again.withdrawn("drift withdrawn: not confirmed").toEntries());

    assertThat(w.pending()).isEmpty();
    assertThat(w.attempts()).isEqualTo(1);
    assertThat(w.lastAt()).contains(NOW);
    assertThat(w.lastSummary()).isEqualTo("drift withdrawn: not confirmed");
    assertThat(w.seriesBackup()).contains("/state/backups/b1");
    assertThat(w.givenUp()).isFalse();
    // asked again at once if the pool rejects this pod again: the backoff runs from the last
    // attempt
    assertThat(w.request(DRIFT, NOW.plus(BASE), BASE).decision())
        .isEqualTo(RepairLedger.Decision.REQUESTED);
  }

  /** A killed attempt counts when it begins, and the next start sees that it never finished. */
  @Test
  void aKilledAttemptCountsAndIsSeenAsInterrupted() {
    RepairLedger l = RepairLedger.EMPTY.request(DRIFT, NOW, BASE).ledger();
    for (int killed = 1; killed <= RepairLedger.MAX_ATTEMPTS; killed++) {
      assertThat(l.mayAttempt()).as("before attempt %d", killed).isTrue();
      // written to the state file, then the run dies
      l = RepairLedger.fromEntries(l.begin(NOW.plusSeconds(killed)).toEntries());
      assertThat(l.interrupted()).isTrue();
      assertThat(l.pending()).as("still pending").isPresent();
      assertThat(l.attempts()).isEqualTo(killed);
    }
    assertThat(l.mayAttempt()).isFalse();
    RepairLedger givenUp = l.giveUp("drift GIVEN UP");
    assertThat(givenUp.pending()).isEmpty();
    assertThat(givenUp.givenUp()).isTrue();
    assertThat(givenUp.interrupted()).isFalse();
  }

  /** The first backup of a series is remembered until the pool is healthy again. */
  @Test
  void theSeriesBackupIsTheFirstAndLastsUntilThePoolIsHealthy() {
    RepairLedger l = RepairLedger.EMPTY.request(DRIFT, NOW, BASE).ledger();
    l = l.begin(NOW).finished("drift not_confirmed", Optional.empty());
    assertThat(l.seriesBackup()).isEmpty();
    l = l.request(DRIFT, NOW.plus(BASE), BASE).ledger();
    l = l.begin(NOW.plus(BASE)).finished("drift failed", Optional.of("/b/first"));
    l = l.request(DRIFT, NOW.plus(Duration.ofDays(1)), BASE).ledger();
    l = l.begin(NOW.plus(Duration.ofDays(1))).finished("drift done", Optional.of("/b/second"));

    assertThat(l.seriesBackup()).contains("/b/first");
    assertThat(RepairLedger.fromEntries(l.toEntries()).seriesBackup()).contains("/b/first");
    assertThat(l.healthy().seriesBackup()).isEmpty();
  }

  @Test
  void healthyWithNothingToResetIsTheSameLedger() {
    assertThat(RepairLedger.EMPTY.healthy()).isSameAs(RepairLedger.EMPTY);
    RepairLedger p = new RepairLedger(Optional.of(pending(NOW)), 2, Optional.of(NOW), "x", true);
    assertThat(p.healthy().pending()).isEqualTo(p.pending());
  }

  // ---- stored as entries

  static Stream<RepairLedger> ledgers() {
    return Stream.of(
        RepairLedger.EMPTY,
        new RepairLedger(Optional.of(pending(NOW)), 0, Optional.empty(), "", false),
        new RepairLedger(
            Optional.of(
                new RepairLedger.Pending(
                    RepairKind.LOST_IDENTITY,
                    F1,
                    "reason with = and \"quotes\"\nand a second line",
                    NOW.plusNanos(123_456_789))),
            2,
            Optional.of(NOW.minusSeconds(600)),
            "drift done at 2025-06-01T11:50:00Z, backup /var/lib/glusterctl-probe/backups/glusterd-x",
            false),
        new RepairLedger(Optional.empty(), 3, Optional.of(NOW), "given up", true));
  }

  @ParameterizedTest
  @MethodSource("ledgers")
  void entriesRoundTrip(RepairLedger l) {
    Map<String, String> entries = l.toEntries();

    assertThat(entries.keySet()).allMatch(k -> k.startsWith(RepairLedger.PREFIX));
    assertThat(RepairLedger.fromEntries(entries)).isEqualTo(l);
  }

  @ParameterizedTest
  @EnumSource(RepairKind.class)
  void everyKindRoundTrips(RepairKind kind) {
    RepairLedger l =
        new RepairLedger(
            Optional.of(new RepairLedger.Pending(kind, F1, "r", NOW)),
            1,
            Optional.of(NOW),
            "s",
            false);
    assertThat(RepairLedger.fromEntries(l.toEntries())).isEqualTo(l);
  }

  @Test
  void noEntriesIsTheEmptyLedger() {
    assertThat(RepairLedger.fromEntries(Map.of())).isEqualTo(RepairLedger.EMPTY);
    assertThat(RepairLedger.fromEntries(Map.of("memory.x", "1", "other", "2")))
        .isEqualTo(RepairLedger.EMPTY);
  }

  static Map<String, String> validPending() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("repair.pending.kind", "drift");
    m.put("repair.pending.reference", F1);
    m.put("repair.pending.reason", "why");
    m.put("repair.pending.at", NOW.toString());
    return m;
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("repair.pending.kind", null),
        Arguments.of("repair.pending.kind", ""),
        Arguments.of("repair.pending.kind", "Drift"),
        Arguments.of("repair.pending.kind", "DRIFT"),
        Arguments.of("repair.pending.kind", "rebuild-everything"),
        Arguments.of("repair.pending.at", null),
        Arguments.of("repair.pending.at", ""),
        Arguments.of("repair.pending.at", "yesterday"),
        Arguments.of("repair.pending.at", "2025-06-01 12:00:00"),
        Arguments.of("repair.pending.at", "1748779200"),
        Arguments.of("repair.pending.reference", null),
        Arguments.of("repair.pending.reference", ""),
        Arguments.of("repair.pending.reference", "   "),
        Arguments.of("repair.pending.reference", "glusterfs-1; rm -rf /"),
        Arguments.of("repair.pending.reference", "--remote-host=evil"),
        Arguments.of("repair.pending.reference", "glusterfs-1\nglusterfs-2"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("malformed")
  void aMalformedPendingEntryIsNoRequest(String key, String value) {
    Map<String, String> m = validPending();
    assertThat(RepairLedger.fromEntries(m).pending())
        .as("the valid entries are a request")
        .isPresent();
    if (value == null) {
      m.remove(key);
    } else {
      m.put(key, value);
    }

    assertThat(RepairLedger.fromEntries(m).pending()).isEmpty();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"x", "-5", "99999999999", "", "1.5"})
  void aMalformedAttemptCountIsZero(String value) {
    Map<String, String> m = new HashMap<>(validPending());
    m.put("repair.attempts", value);
    assertThat(RepairLedger.fromEntries(m).attempts()).isZero();
  }

  @Test
  void onlyTheWordTrueGivesUp() {
    assertThat(RepairLedger.fromEntries(Map.of("repair.givenUp", "true")).givenUp()).isTrue();
    assertThat(RepairLedger.fromEntries(Map.of("repair.givenUp", "TRUE")).givenUp()).isFalse();
    assertThat(RepairLedger.fromEntries(Map.of("repair.givenUp", "yes")).givenUp()).isFalse();
    assertThat(RepairLedger.fromEntries(Map.of("repair.last.at", "garbage")).lastAt()).isEmpty();
  }

  @Property(tries = 500)
  void anyEntriesReadWithoutThrowingAndAPendingRequestIsAlwaysWellFormed(
      @ForAll("entries") Map<String, String> entries) {
    RepairLedger l = RepairLedger.fromEntries(entries);

    assertThat(l.attempts()).isNotNegative();
    l.pending()
        .ifPresent(
            p -> {
              assertThat(entries.get("repair.pending.kind")).isEqualTo(p.kind().label());
              assertThat(io.glusterctl.probe.model.HostNames.isValid(p.reference())).isTrue();
              assertThat(Instant.parse(entries.get("repair.pending.at"))).isEqualTo(p.at());
            });
  }

  @Provide
  Arbitrary<Map<String, String>> entries() {
    Arbitrary<String> keys =
        Arbitraries.of(
            "repair.pending.kind",
            "repair.pending.reference",
            "repair.pending.reason",
            "repair.pending.at",
            "repair.attempts",
            "repair.last.at",
            "repair.last.summary",
            "repair.givenUp",
            "memory.surplus.x");
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.of(
                "drift",
                "amnesia",
                "stuck-handshake",
                "lost-identity",
                "true",
                "3",
                "-1",
                NOW.toString(),
                F1,
                "glusterfs-1",
                "",
                " ",
                "a b",
                "glusterfs-1;x"),
            Arbitraries.strings().ofMaxLength(20));
    return Arbitraries.maps(keys, values).ofMaxSize(9);
  }

  /** A record found damaged: nothing is asked for during the wait, then a series starts. */
  @Test
  void aDamagedRecordWaitsADayAndThePoolBeingHealthyEndsTheWait() {
    RepairLedger unknown = RepairLedger.historyUnknown(NOW);

    assertThat(unknown.request(DRIFT, NOW.plusSeconds(60), BASE).decision())
        .isEqualTo(RepairLedger.Decision.HISTORY_UNKNOWN);
    assertThat(
            RepairLedger.fromEntries(unknown.toEntries())
                .request(DRIFT, NOW.plus(RepairLedger.HISTORY_UNKNOWN_WAIT).minusSeconds(1), BASE)
                .decision())
        .isEqualTo(RepairLedger.Decision.HISTORY_UNKNOWN);
    assertThat(unknown.request(DRIFT, NOW.plus(RepairLedger.HISTORY_UNKNOWN_WAIT), BASE).decision())
        .isEqualTo(RepairLedger.Decision.REQUESTED);
    assertThat(unknown.healthy().request(DRIFT, NOW.plusSeconds(60), BASE).decision())
        .isEqualTo(RepairLedger.Decision.REQUESTED);
  }

  @ParameterizedTest
  @MethodSource("ledgers")
  void everyRecordThisProgramWritesReadsBackWhole(RepairLedger l) {
    assertThat(RepairLedger.damage(l.toEntries())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "repair.attempts=x",
        "repair.attempts=-1",
        "repair.givenUp=yes",
        "repair.last.at=yesterday",
        "repair.pending.kind=drift",
        "repair.pending.at=2025-06-01T12:00:00Z",
        "repair.unknown=1",
        "repair.historyUnknownSince=0"
      })
  void anEntryThatDoesNotReadBackIsDamage(String entry) {
    String[] kv = entry.split("=", 2);
    assertThat(RepairLedger.damage(Map.of(kv[0], kv[1], "memory.x", "not ours")))
        .get()
        .asString()
        .isNotEmpty();
  }
}
