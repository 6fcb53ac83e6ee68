package io.glusterctl.probe.run;

import io.glusterctl.probe.events.KubeEvent;
import io.glusterctl.probe.events.RunEvents;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.repair.RejectedPeerRepair;
import io.glusterctl.probe.repair.RepairCase;
import io.glusterctl.probe.repair.RepairExecutor;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.repair.RepairPlan;
import io.glusterctl.probe.verdict.RepairVerdict;
import io.glusterctl.probe.verdict.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Carries out the repair an earlier run asked for ({@code prestart}, or {@code repair} by hand
 * while glusterd is stopped), under the run lock: only with positive proof that glusterd is
 * stopped; every attempt counted before anything is touched, whatever becomes of it; the reference
 * looked at afresh, the plan made ({@link RejectedPeerRepair#plan}) and carried out, or printed
 * (dry run); the result kept in the repair record.
 *
 * @param glusterd this pod's glusterd directory, its UUID, and whether it is proven stopped
 * @param executor carries the plan out in that directory
 * @param events where the steps carried out, or the repairs given up, are posted as Events, after
 *     the run lock is released
 */
public record PendingRepair(
    Self self,
    GlusterClient gluster,
    PodState state,
    LocalGlusterd glusterd,
    RepairExecutor executor,
    EventPosting events) {

  /**
   * {@code prestart}: nothing to do unless a repair is pending; never blocks the start for long.
   */
  public Verdict prestart() {
    if (state.ledger().pending().isEmpty()) {
      return RepairVerdict.nothingToRepair();
    }
    return carryOut(false);
  }

  /**
   * {@code liveness}, while a repair is pending: asks the reference the question {@code prestart}'s
   * confirm step will ask ({@link RejectedPeerRepair#notConfirmed}). When the answer no longer
   * confirms the repair (the pool took this pod back meanwhile: a coordinator's probe of a
   * forgotten pod, measured in {@code ScaleDownWhileAwayTest}), the request is withdrawn before any
   * attempt: the restart it asks for would repair nothing and take this pod's bricks down for
   * nothing. The request stands when the reference cannot be seen, when the lock is busy, or when
   * the record cannot be written: then the restart and {@code prestart}'s own confirm step decide,
   * as before.
   *
   * @return what was withdrawn and why, or empty when the request stands
   */
  public Optional<String> withdrawIfNotConfirmed(RepairLedger.Pending p) {
    Observed<PoolView> view = gluster.remotePool(p.reference());
    if (!(view instanceof Observed.Known<PoolView> known)) {
      return Optional.empty();
    }
    Optional<String> no =
        RejectedPeerRepair.notConfirmed(p.kind(), self.fqdn(), glusterd.uuid(), known.value());
    if (no.isEmpty()) {
      return Optional.empty();
    }
    String summary =
        p.kind().label()
            + " repair from "
            + p.reference()
            + " withdrawn before any attempt ("
            + state.now()
            + "): not confirmed any more: "
            + no.get();
    if (!(state.lock("liveness") instanceof PodState.Held held)) {
      return Optional.empty();
    }
    try (held) {
      RepairLedger ledger = held.ledger();
      if (!ledger.pending().equals(Optional.of(p))
          || held.saveLedger(ledger.withdrawn(summary)).isPresent()) {
        return Optional.empty();
      }
    }
    events.post(e -> List.of(e.repairStep(RunEvents.RepairStep.WITHDRAWN, summary)));
    return Optional.of(summary);
  }

  /** {@code repair [--dry-run]}. */
  public Verdict carryOut(boolean dryRun) {
    Attempted a = underLock(dryRun);
    events.post(a.events());
    return a.verdict();
  }

  /** A run's answer, and the Events of what it did (none when it did nothing). */
  private record Attempted(Verdict verdict, Function<RunEvents, List<KubeEvent>> events) {
    Attempted(Verdict verdict) {
      this(verdict, e -> List.of());
    }
  }

  private Attempted underLock(boolean dryRun) {
    PodState.Lock lock = state.lock("repair");
    if (lock instanceof PodState.Busy busy) {
      return new Attempted(Verdict.lockNotTaken(busy.why(), busy.unusable()));
    }
    try (PodState.Held held = (PodState.Held) lock) {
      RepairLedger ledger = held.ledger();
      if (ledger.pending().isEmpty()) {
        return new Attempted(RepairVerdict.nothingPending(ledger));
      }
      RepairLedger.Pending p = ledger.pending().get();
      if (dryRun) {
        return new Attempted(RepairVerdict.dryRun(p, executor.dryRun(plan(p))));
      }
      if (gluster.localPool().alive()) {
        return new Attempted(RepairVerdict.refused(p));
      }
      Optional<String> running = glusterd.whyNotProvenStopped();
      if (running.isPresent()) {
        return new Attempted(RepairVerdict.notProvenStopped(p, running.get()));
      }
      return attempt(held, ledger, p);
    }
  }

  /**
   * One attempt: counted before anything is touched (so that one killed half way counts too), and
   * not made at all past the last attempt allowed or when it cannot be counted.
   */
  private Attempted attempt(PodState.Held held, RepairLedger ledger, RepairLedger.Pending p) {
    List<String> earlier = new ArrayList<>();
    if (ledger.interrupted()) {
      earlier.add(
          "an earlier attempt (begun "
              + ledger.attemptStartedAt().get()
              + ") did not finish: it counts as one");
    }
    Instant now = state.now();
    if (!ledger.mayAttempt()) {
      String summary = RepairVerdict.givenUpSummary(p.kind(), ledger.attempts(), now);
      held.saveLedger(ledger.giveUp(summary));
      return new Attempted(
          RepairVerdict.givenUp(p, earlier, summary), e -> List.of(e.repairGivenUp(summary)));
    }
    RepairLedger begun = ledger.begin(now);
    Optional<String> notCounted = held.saveLedger(begun);
    if (notCounted.isPresent()) {
      String why = notCounted.get();
      return new Attempted(
          RepairVerdict.notAttempted(p, earlier, why, now),
          e ->
              List.of(
                  e.repairStep(
                      RunEvents.RepairStep.FAILED,
                      p.kind().label()
                          + " repair not attempted: it could not be counted: "
                          + why)));
    }
    RepairPlan plan = plan(p);
    RepairExecutor.Result r = executor.carryOut(plan, now, begun.seriesBackup().map(Path::of));
    String summary = r.summary(p.kind(), now, begun.attempts());
    held.saveLedger(begun.finished(summary, r.backup().map(Path::toString)));
    return new Attempted(
        RepairVerdict.carriedOut(p, earlier, r, summary), e -> e.ofRepair(p.kind(), plan, r));
  }

  /** The reference's answers, asked now, and the plan made from them. */
  private RepairPlan plan(RepairLedger.Pending p) {
    return RejectedPeerRepair.plan(
        new RepairCase(
            p.kind(),
            self.fqdn(),
            glusterd.uuid(),
            glusterd.dir(),
            RepairCase.Reference.of(
                p.reference(),
                gluster.remotePool(p.reference()),
                gluster.remotePoolList(p.reference()))));
  }
}
