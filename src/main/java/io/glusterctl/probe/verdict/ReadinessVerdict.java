package io.glusterctl.probe.verdict;

import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.plan.HealGate;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.verdict.Verdict.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The readinessProbe's answer: ready when this pod is a healthy member of the pool (at least one
 * peer in the cluster and connected), or when it is alone and is the pool's founder; not ready
 * while a repair is pending, while glusterd does not answer, or while every peer is rejected or
 * disconnected.
 */
public final class ReadinessVerdict {
  private ReadinessVerdict() {}

  /** A repair is pending: this pod is not ready until it is repaired. */
  public static Verdict repairPending(RepairLedger.Pending pending) {
    return notReady("repair pending: " + pending.summary());
  }

  /** Whether the answer needs the desired members: only a pod that is alone asks. */
  public static boolean needsDesired(GlusterClient.Liveness local) {
    return local.alive() && local.pool().known().map(PoolView::alone).orElse(false);
  }

  /**
   * @param local whether this node's glusterd answered, and its pool
   * @param desired the desired members, when {@link #needsDesired} (else not looked at)
   */
  public static Verdict of(
      GlusterClient.Liveness local, Observed<DesiredMembers> desired, Self self) {
    if (!local.alive()) {
      return notReady("glusterd does not answer: " + local.problem());
    }
    if (!(local.pool() instanceof Observed.Known<PoolView> kp)) {
      return notReady("pool unknown: " + local.pool().unknownWhy().orElse(""));
    }
    PoolView pool = kp.value();
    long healthy = pool.peers().stream().filter(Peer::healthy).count();
    if (healthy > 0) {
      return Verdict.of(
          Kind.READY,
          ExitCodes.OK,
          "READY member of a pool of "
              + (pool.peers().size() + 1)
              + ", "
              + healthy
              + " peers healthy");
    }
    if (!pool.alone()) {
      return notReady(
          "no healthy peer among " + pool.peers().size() + " (rejected or disconnected)");
    }
    if (!(desired instanceof Observed.Known<DesiredMembers> kd)) {
      return notReady("alone, and desired members unknown: " + desired.unknownWhy().orElse(""));
    }
    int me = self.ordinal().orElse(-1);
    if (founds(kd.value(), me)) {
      return Verdict.of(
          Kind.READY, ExitCodes.OK, "READY alone, the pool's founder (ordinal " + me + ")");
    }
    return notReady("alone; waiting for the pool to probe this pod");
  }

  /**
   * A ready pod held back by the heal gate: not ready while a started volume with a brick here has
   * entries pending heal (or a brick not reached, or a query unanswered within the grace), one line
   * per problem; else ready, naming the volumes found clean, with the gate's warnings after it.
   */
  public static Verdict healGated(Verdict ready, HealGate.Verdict heal) {
    if (!heal.ready()) {
      List<String> rest = heal.problems().stream().skip(1).map(p -> "NOT READY " + p).toList();
      return new Verdict(
          Kind.NOT_READY, ExitCodes.UNHEALTHY, "NOT READY " + heal.problems().get(0), rest);
    }
    List<String> details = new ArrayList<>(ready.details());
    heal.warnings().forEach(w -> details.add("WARN " + w));
    return new Verdict(
        ready.kind(),
        ready.exitCode(),
        ready.line()
            + (heal.checked().isEmpty()
                ? ""
                : "; nothing to heal on " + String.join(", ", heal.checked())),
        details);
  }

  /**
   * The founder rule: a pod that is alone is ready when no desired member has a lower ordinal (it
   * forms the pool, the others join it), or when it is the only desired member.
   */
  static boolean founds(DesiredMembers desired, int me) {
    Optional<Member> lowest = desired.members().stream().findFirst();
    return lowest.isEmpty() || lowest.get().ordinal() >= me;
  }

  private static Verdict notReady(String why) {
    return Verdict.of(Kind.NOT_READY, ExitCodes.UNHEALTHY, "NOT READY " + why);
  }
}
