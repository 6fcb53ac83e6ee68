package io.glusterctl.probe.run;

import io.glusterctl.probe.events.KubeEvent;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.reconcile.RepairBook;
import io.glusterctl.probe.reconcile.RepairRequest;
import io.glusterctl.probe.reconcile.RunResult;
import io.glusterctl.probe.repair.RepairLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one reconcile entry point, which {@code liveness} and {@code reconcile} both call: take the
 * run lock, observe, plan, act, save what the next run must know, and say what came of it. A run
 * that cannot take the lock does nothing. After the lock is released, what it did is posted as
 * Events ({@link EventPosting}; never for a dry run): its actions, refused actions, and the end of
 * a repair series when the pool is seen healthy again.
 */
public record ReconcileRun(
    Self self, GlusterClient gluster, Reconciler reconciler, PodState state, EventPosting events) {
  /** The first wait before a repair is asked for again; it doubles with each attempt. */
  static final Duration REPAIR_BACKOFF = Duration.ofMinutes(2);

  /**
   * @param holder who runs ({@code liveness}, {@code reconcile}), for a run that finds the lock
   *     busy
   * @param dryRun plan and say, change nothing (no action, no state written)
   * @param local this node's pool when the caller has just read it; else it is read under the lock
   */
  public RunResult run(String holder, boolean dryRun, Optional<GlusterClient.Liveness> local) {
    PodState.Lock lock = state.lock(holder);
    if (lock instanceof PodState.Busy busy) {
      return new RunResult.Busy(busy.why(), busy.unusable());
    }
    RunResult.Ran ran;
    Optional<String> repairVerified = Optional.empty();
    try (PodState.Held held = (PodState.Held) lock) {
      Observed<PoolView> pool = local.orElseGet(gluster::localPool).pool();
      Reconciler.Pass pass = reconciler.observeAndPlan(self, pool, held.memory());
      List<Reconciler.Outcome> outcomes = reconciler.act(pass.plan(), book(held), dryRun);
      ran = new RunResult.Ran(pass.world(), pass.plan(), outcomes);
      if (dryRun) {
        return ran;
      }
      held.saveMemory(pass.plan().memory());
      if (ran.repair().isEmpty() && healthy(pool)) {
        RepairLedger ledger = held.ledger();
        RepairLedger reset = ledger.healthy();
        if (reset != ledger && held.saveLedger(reset).isEmpty() && ledger.attempts() > 0) {
          repairVerified = Optional.of(ledger.lastSummary());
        }
      }
    }
    Optional<String> verified = repairVerified;
    events.post(
        e -> {
          List<KubeEvent> made = new ArrayList<>(e.ofRun(ran));
          verified.ifPresent(v -> made.add(e.repairVerified(v)));
          return made;
        });
    return ran;
  }

  /** Records a repair request under the record's policy (backoff, give up). */
  private RepairBook book(PodState.Held held) {
    return r -> {
      RepairLedger before = held.ledger();
      RepairLedger.Request decided = before.request(r, state.now(), REPAIR_BACKOFF);
      Optional<String> notRecorded =
          decided.toWrite() ? held.saveLedger(decided.ledger()) : Optional.empty();
      return new RepairRequest(
          decided.decision(), before.attempts(), notRecorded, before.historyUnknownSince());
    };
  }

  /** A pool seen healthy: not alone, every peer in the cluster and connected. */
  private static boolean healthy(Observed<PoolView> pool) {
    return pool instanceof Observed.Known<PoolView> kp && kp.value().healthy();
  }
}
