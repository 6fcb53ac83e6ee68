package io.glusterctl.probe.run;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.observe.DesiredMembersSource;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.verdict.ExitCodes;
import io.glusterctl.probe.verdict.ReadinessVerdict;
import io.glusterctl.probe.verdict.Verdict;
import java.util.Optional;

/**
 * The readinessProbe's run: changes nothing in the pool. The desired members are asked only by a
 * pod that is alone (the founder rule); the heal gate only when the pod would otherwise be ready
 * (it takes the state lock only to record since when a heal query has gone unanswered).
 */
public record ReadinessProbe(
    Self self,
    PodState state,
    GlusterClient gluster,
    DesiredMembersSource members,
    Deadline deadline,
    HealGateCheck heal) {
  public Verdict check() {
    Optional<RepairLedger.Pending> pending = state.ledger().pending();
    if (pending.isPresent()) {
      return ReadinessVerdict.repairPending(pending.get());
    }
    GlusterClient.Liveness local = gluster.localPool();
    Observed<DesiredMembers> desired =
        ReadinessVerdict.needsDesired(local)
            ? members.desiredMembers(deadline).observed()
            : Observed.unknown("not looked at");
    Verdict pool = ReadinessVerdict.of(local, desired, self);
    return pool.exitCode() == ExitCodes.OK
        ? ReadinessVerdict.healGated(pool, heal.verdict())
        : pool;
  }
}
