package io.glusterctl.probe.repair;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.HostNames;
import io.glusterctl.probe.model.RepairKind;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The record of repairs kept in the state file (entries under {@code repair.}): the pending
 * request, how many repairs were attempted in a row (a series: since the pool was last seen
 * healthy), the last one's result and backup. Also the policy: a repair is requested again only
 * after a backoff that doubles with each attempt, and after {@link #MAX_ATTEMPTS} attempts it is
 * given up, loudly, instead of restarting the container forever.
 *
 * <p>Every attempt counts, whatever becomes of it: done, failed, not confirmed, or killed. An
 * attempt is counted when it begins ({@link #begin}), before anything is touched, so that one
 * killed half way (a prestart that dies, again and again) counts too; {@link #interrupted()} tells
 * it at the next start. The backup taken by the series' first attempt is kept while the series
 * lasts ({@link #seriesBackup()}).
 *
 * @param pending a repair asked for and not yet carried out
 * @param attempts repair attempts since the pool was last seen healthy, whatever became of them
 * @param lastAt when the last attempt began
 * @param lastSummary what the last attempt did (kind, result, backup)
 * @param givenUp whether repairs were given up
 * @param attemptStartedAt when the attempt under way began; present after it only when it never
 *     finished (killed)
 * @param seriesBackup the backup taken before the first attempt of this series, which is never
 *     pruned while the series lasts
 * @param historyUnknownSince when the record was found damaged (and kept aside): from then on the
 *     repair history is unknown, and no repair is asked for until {@link #HISTORY_UNKNOWN_WAIT} has
 *     passed, the pool is seen healthy, or a person removes the state file. A record that cannot be
 *     read must never un-give-up a repair.
 */
public record RepairLedger(
    Optional<Pending> pending,
    int attempts,
    Optional<Instant> lastAt,
    String lastSummary,
    boolean givenUp,
    Optional<Instant> attemptStartedAt,
    Optional<String> seriesBackup,
    Optional<Instant> historyUnknownSince) {

  public static final int MAX_ATTEMPTS = 3;

  /** How long no repair is asked for after the record was found damaged: a day. */
  public static final Duration HISTORY_UNKNOWN_WAIT = Duration.ofDays(1);

  public static final String PREFIX = "repair.";
  public static final RepairLedger EMPTY =
      new RepairLedger(Optional.empty(), 0, Optional.empty(), "", false);

  /** A ledger with no attempt under way and no series backup. */
  public RepairLedger(
      Optional<Pending> pending,
      int attempts,
      Optional<Instant> lastAt,
      String lastSummary,
      boolean givenUp) {
    this(
        pending,
        attempts,
        lastAt,
        lastSummary,
        givenUp,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** The record of a run that found the state file damaged: the history is unknown from now. */
  public static RepairLedger historyUnknown(Instant now) {
    return new RepairLedger(
        Optional.empty(),
        0,
        Optional.empty(),
        "",
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.of(now));
  }

  /**
   * A requested repair.
   *
   * @param kind what went wrong
   * @param reference the member to rebuild from
   * @param reason why, as a person reads it
   * @param at when it was asked for
   */
  public record Pending(RepairKind kind, String reference, String reason, Instant at) {
    public String summary() {
      return kind.label() + " from " + reference + " (asked " + at + "): " + reason;
    }
  }

  /** What {@link #request} decided. */
  public enum Decision {
    REQUESTED,
    ALREADY_PENDING,
    BACKING_OFF,
    GIVEN_UP,
    /** The record was found damaged: the history is unknown, nothing is asked for yet. */
    HISTORY_UNKNOWN
  }

  /**
   * What {@link #request} decided, and the record after it.
   *
   * @param ledger the record to keep (unchanged when nothing is to be written)
   * @param decision what was decided
   */
  public record Request(RepairLedger ledger, Decision decision) {
    /** Whether the record changed and must be written for the decision to hold. */
    public boolean toWrite() {
      return decision == Decision.REQUESTED || decision == Decision.GIVEN_UP;
    }
  }

  /**
   * Asks for a repair, or declines by policy. Pure.
   *
   * @param base the first backoff (doubled with each attempt)
   */
  public Request request(Action.Repair r, Instant now, Duration base) {
    if (pending.isPresent()) {
      return new Request(this, Decision.ALREADY_PENDING);
    }
    if (historyUnknownSince.isPresent()
        && now.isBefore(historyUnknownSince.get().plus(HISTORY_UNKNOWN_WAIT))) {
      return new Request(this, Decision.HISTORY_UNKNOWN);
    }
    if (givenUp || attempts >= MAX_ATTEMPTS) {
      return new Request(
          new RepairLedger(
              pending,
              attempts,
              lastAt,
              lastSummary,
              true,
              attemptStartedAt,
              seriesBackup,
              historyUnknownSince),
          Decision.GIVEN_UP);
    }
    if (lastAt.isPresent() && attempts > 0) {
      Instant notBefore = lastAt.get().plus(base.multipliedBy(1L << Math.min(attempts - 1, 10)));
      if (now.isBefore(notBefore)) {
        return new Request(this, Decision.BACKING_OFF);
      }
    }
    Pending p = new Pending(r.kind(), r.reference(), r.reason().text(), now);
    return new Request(
        new RepairLedger(
            Optional.of(p),
            attempts,
            lastAt,
            lastSummary,
            false,
            attemptStartedAt,
            seriesBackup,
            historyUnknownSince),
        Decision.REQUESTED);
  }

  /** Whether an attempt began and never finished: the run that made it was killed. */
  public boolean interrupted() {
    return attemptStartedAt.isPresent();
  }

  /** Whether the pending repair may be attempted (again): fewer than {@link #MAX_ATTEMPTS} made. */
  public boolean mayAttempt() {
    return !givenUp && attempts < MAX_ATTEMPTS;
  }

  /**
   * An attempt of the pending repair begins: it counts from now on, whatever becomes of it. To be
   * recorded before anything is touched.
   */
  public RepairLedger begin(Instant now) {
    return new RepairLedger(
        pending,
        attempts + 1,
        Optional.of(now),
        lastSummary,
        givenUp,
        Optional.of(now),
        seriesBackup,
        historyUnknownSince);
  }

  /**
   * The attempt ended (done, failed or not confirmed): no longer pending. The first backup of the
   * series is remembered.
   */
  public RepairLedger finished(String summary, Optional<String> backup) {
    return notPending(summary, givenUp, Optional.empty(), seriesBackup.or(() -> backup));
  }

  /**
   * The pending repair is withdrawn before any attempt: the reference no longer confirms it (the
   * pool took this pod back meanwhile). Not an attempt: the count and the backoff stay as they are.
   */
  public RepairLedger withdrawn(String summary) {
    return notPending(summary, givenUp, attemptStartedAt, seriesBackup);
  }

  /** The pending repair is given up: no attempt is left. */
  public RepairLedger giveUp(String summary) {
    return notPending(summary, true, Optional.empty(), seriesBackup);
  }

  /** This record with nothing pending any more, and what became of the request. */
  private RepairLedger notPending(
      String summary,
      boolean givenUp,
      Optional<Instant> attemptStartedAt,
      Optional<String> seriesBackup) {
    return new RepairLedger(
        Optional.empty(),
        attempts,
        lastAt,
        summary,
        givenUp,
        attemptStartedAt,
        seriesBackup,
        historyUnknownSince);
  }

  /** The pool was seen healthy: the series is over, and the attempt count starts over. */
  public RepairLedger healthy() {
    if (attempts == 0 && !givenUp && seriesBackup.isEmpty() && historyUnknownSince.isEmpty()) {
      return this;
    }
    return new RepairLedger(
        pending,
        0,
        lastAt,
        lastSummary,
        false,
        attemptStartedAt,
        Optional.empty(),
        Optional.empty());
  }

  public Map<String, String> toEntries() {
    Map<String, String> m = new LinkedHashMap<>();
    pending.ifPresent(
        p -> {
          m.put(PREFIX + "pending.kind", p.kind().label());
          m.put(PREFIX + "pending.reference", p.reference());
          m.put(PREFIX + "pending.reason", p.reason());
          m.put(PREFIX + "pending.at", p.at().toString());
        });
    m.put(PREFIX + "attempts", Integer.toString(attempts));
    lastAt.ifPresent(t -> m.put(PREFIX + "last.at", t.toString()));
    if (!lastSummary.isEmpty()) {
      m.put(PREFIX + "last.summary", lastSummary);
    }
    if (givenUp) {
      m.put(PREFIX + "givenUp", "true");
    }
    attemptStartedAt.ifPresent(t -> m.put(PREFIX + "attempt.startedAt", t.toString()));
    seriesBackup.ifPresent(b -> m.put(PREFIX + "series.backup", b));
    historyUnknownSince.ifPresent(t -> m.put(PREFIX + "historyUnknownSince", t.toString()));
    return m;
  }

  /**
   * Reads the entries; anything malformed reads as absent (never as a request): a pending request
   * needs a known kind, an ISO-8601 time and a reference that is a valid host name.
   */
  public static RepairLedger fromEntries(Map<String, String> m) {
    Optional<Pending> pending = Optional.empty();
    Optional<RepairKind> kind =
        Optional.ofNullable(m.get(PREFIX + "pending.kind")).flatMap(RepairKind::fromLabel);
    Optional<Instant> at = instant(m.get(PREFIX + "pending.at"));
    String ref = m.get(PREFIX + "pending.reference");
    if (kind.isPresent() && at.isPresent() && HostNames.isValid(ref)) {
      pending =
          Optional.of(
              new Pending(
                  kind.get(), ref, m.getOrDefault(PREFIX + "pending.reason", ""), at.get()));
    }
    int attempts = 0;
    try {
      attempts = Math.max(0, Integer.parseInt(m.getOrDefault(PREFIX + "attempts", "0")));
    } catch (NumberFormatException e) {
      attempts = 0;
    }
    return new RepairLedger(
        pending,
        attempts,
        instant(m.get(PREFIX + "last.at")),
        m.getOrDefault(PREFIX + "last.summary", ""),
        "true".equals(m.get(PREFIX + "givenUp")),
        instant(m.get(PREFIX + "attempt.startedAt")),
        Optional.ofNullable(m.get(PREFIX + "series.backup")).filter(b -> !b.isBlank()),
        instant(m.get(PREFIX + "historyUnknownSince")));
  }

  /**
   * What is wrong with the record's entries, if anything: this program writes every one of them, so
   * an entry that does not read back (a count that is not a number, a time that is not one, a
   * pending request without its kind, an entry it does not know) means the file was damaged. Empty
   * when the record reads back whole.
   */
  public static Optional<String> damage(Map<String, String> m) {
    for (Map.Entry<String, String> e : m.entrySet()) {
      String key = e.getKey();
      String v = e.getValue();
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String name = key.substring(PREFIX.length());
      boolean ok =
          switch (name) {
            case "attempts" -> v.matches("[0-9]{1,9}");
            case "givenUp" -> v.equals("true");
            case "last.at", "pending.at", "attempt.startedAt", "historyUnknownSince" ->
                instant(v).isPresent();
            case "pending.kind" -> RepairKind.fromLabel(v).isPresent();
            case "pending.reference" -> HostNames.isValid(v);
            case "last.summary", "pending.reason", "series.backup" -> true;
            default -> false;
          };
      if (!ok) {
        return Optional.of("repair record entry " + key + " does not read back");
      }
    }
    boolean anyPending = m.keySet().stream().anyMatch(k -> k.startsWith(PREFIX + "pending."));
    if (anyPending && fromEntries(m).pending().isEmpty()) {
      return Optional.of("the pending repair in the record is incomplete");
    }
    return Optional.empty();
  }

  private static Optional<Instant> instant(String s) {
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
