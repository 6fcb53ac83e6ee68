package io.glusterctl.probe.run;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.repair.RejectedPeerRepair;
import io.glusterctl.probe.repair.RepairCase;
import io.glusterctl.probe.repair.RepairExecutor;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.repair.RepairPlan;
import io.glusterctl.probe.verdict.RepairVerdict;
import io.glusterctl.probe.verdict.Verdict;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Carries out the repair an earlier run asked for ({@code prestart}, or {@code repair} by hand
 * while glusterd is stopped), under the run lock: looks at the reference afresh, plans ({@link
 * RejectedPeerRepair#plan}), carries the plan out or prints it (dry run), and keeps the result in
 * the repair record.
 *
 * @param selfUuid this node's UUID from {@code glusterd.info}, if there is one
 */
public record PendingRepair(
    Self self,
    GlusterClient gluster,
    PodState state,
    RepairExecutor executor,
    Supplier<Optional<String>> selfUuid,
    Deadline deadline) {
  /**
   * {@code prestart}: nothing to do unless a repair is pending; never blocks the start for long.
   */
  public Verdict prestart() {
    if (state.ledger().pending().isEmpty()) {
      return RepairVerdict.nothingToRepair();
    }
    return carryOut(false);
  }

  /** {@code repair [--dry-run]}. */
  public Verdict carryOut(boolean dryRun) {
    PodState.Lock lock = state.lock("repair");
    if (lock instanceof PodState.Busy busy) {
      return Verdict.busy(busy.why());
    }
    try (PodState.Held held = (PodState.Held) lock) {
      RepairLedger ledger = held.ledger();
      if (ledger.pending().isEmpty()) {
        return RepairVerdict.nothingPending(ledger);
      }
      RepairLedger.Pending p = ledger.pending().get();
      if (!dryRun && gluster.localPool().alive()) {
        return RepairVerdict.refused(p);
      }
      RepairPlan plan =
          RejectedPeerRepair.plan(
              new RepairCase(
                  p.kind(),
                  self.fqdn(),
                  selfUuid.get(),
                  RepairCase.Reference.of(
                      p.reference(),
                      gluster.remotePool(p.reference()),
                      gluster.remotePoolList(p.reference()))));
      if (dryRun) {
        return RepairVerdict.dryRun(p, executor.dryRun(plan));
      }
      Instant now = deadline.now();
      RepairExecutor.Result r = executor.carryOut(plan, now);
      String summary = r.summary(p.kind(), now);
      held.saveLedger(ledger.carriedOut(now, summary, r.status() == RepairExecutor.Status.DONE));
      return RepairVerdict.carriedOut(p, r, summary);
    }
  }
}
