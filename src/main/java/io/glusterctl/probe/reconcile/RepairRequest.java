package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.repair.RepairLedger;
import java.time.Instant;
import java.util.Optional;

/**
 * What became of a run's request for this pod's repair.
 *
 * @param decision what the repair record's policy decided (requested, already pending, backing off,
 *     given up)
 * @param attempts repairs carried out since the pool was last seen healthy
 * @param notRecorded why the record could not be written, if it could not: then {@code prestart}
 *     would not see the request, and a restart would repair nothing
 * @param historyUnknownSince when the repair record was found damaged, if it was: until a while
 *     after that, no repair is asked for
 */
public record RepairRequest(
    RepairLedger.Decision decision,
    int attempts,
    Optional<String> notRecorded,
    Optional<Instant> historyUnknownSince) {

  /** A request decided from a record whose history is known. */
  public RepairRequest(RepairLedger.Decision decision, int attempts, Optional<String> notRecorded) {
    this(decision, attempts, notRecorded, Optional.empty());
  }

  /** A repair is pending now: {@code prestart} carries it out at the next container start. */
  public boolean pending() {
    return notRecorded.isEmpty()
        && (decision == RepairLedger.Decision.REQUESTED
            || decision == RepairLedger.Decision.ALREADY_PENDING);
  }
}
