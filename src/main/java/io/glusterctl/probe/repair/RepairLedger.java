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
 * request, how many repairs were tried in a row, the last one's result and backup. Also the policy:
 * a repair is requested again only after a backoff that doubles with each attempt, and after {@link
 * #MAX_ATTEMPTS} attempts without a healthy pool in between it is given up, loudly, instead of
 * restarting the container forever.
 *
 * @param pending a repair asked for and not yet carried out
 * @param attempts repairs carried out since the pool was last seen healthy
 * @param lastAt when the last repair was carried out
 * @param lastSummary what the last repair did (kind, result, backup)
 * @param givenUp whether repairs were given up
 */
public record RepairLedger(
    Optional<Pending> pending,
    int attempts,
    Optional<Instant> lastAt,
    String lastSummary,
    boolean givenUp) {

  public static final int MAX_ATTEMPTS = 3;
  public static final String PREFIX = "repair.";
  public static final RepairLedger EMPTY =
      new RepairLedger(Optional.empty(), 0, Optional.empty(), "", false);

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
    GIVEN_UP
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
    if (givenUp || attempts >= MAX_ATTEMPTS) {
      return new Request(
          new RepairLedger(pending, attempts, lastAt, lastSummary, true), Decision.GIVEN_UP);
    }
    if (lastAt.isPresent() && attempts > 0) {
      Instant notBefore = lastAt.get().plus(base.multipliedBy(1L << Math.min(attempts - 1, 10)));
      if (now.isBefore(notBefore)) {
        return new Request(this, Decision.BACKING_OFF);
      }
    }
    Pending p = new Pending(r.kind(), r.reference(), r.reason().text(), now);
    return new Request(
        new RepairLedger(Optional.of(p), attempts, lastAt, lastSummary, false), Decision.REQUESTED);
  }

  /** After a repair was carried out (or found unconfirmed): no longer pending. */
  public RepairLedger carriedOut(Instant now, String summary, boolean performed) {
    return new RepairLedger(
        Optional.empty(),
        performed ? attempts + 1 : attempts,
        performed ? Optional.of(now) : lastAt,
        summary,
        givenUp);
  }

  /** The pool was seen healthy: the attempt count starts over. */
  public RepairLedger healthy() {
    if (attempts == 0 && !givenUp) {
      return this;
    }
    return new RepairLedger(pending, 0, lastAt, lastSummary, false);
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
        "true".equals(m.get(PREFIX + "givenUp")));
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
