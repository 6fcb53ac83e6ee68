package io.glusterctl.probe.run;

import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.verdict.LivenessVerdict;
import io.glusterctl.probe.verdict.Verdict;
import java.util.Optional;

/**
 * The livenessProbe's run: a pending repair first (restart for prestart, without asking glusterd,
 * unless the reference no longer confirms it: then it is withdrawn), then whether glusterd answers,
 * then one reconcile run as side work.
 */
public record LivenessProbe(
    PodState state, GlusterClient gluster, ReconcileRun reconcile, PendingRepair repairs) {
  public Verdict check() {
    Optional<RepairLedger.Pending> pending = state.ledger().pending();
    Optional<String> withdrawn = pending.flatMap(repairs::withdrawIfNotConfirmed);
    if (pending.isPresent() && withdrawn.isEmpty()) {
      return LivenessVerdict.repairPending(pending.get());
    }
    GlusterClient.Liveness local = gluster.localPool();
    if (!local.alive()) {
      return LivenessVerdict.silent(local).withdrawn(withdrawn);
    }
    return LivenessVerdict.of(reconcile.run("liveness", false, Optional.of(local)), state.dir())
        .withdrawn(withdrawn);
  }
}
