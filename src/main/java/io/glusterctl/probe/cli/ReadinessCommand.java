package io.glusterctl.probe.cli;

import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The readinessProbe: ready when this pod is a healthy member of the pool (at least one peer in the
 * cluster and connected), or when it is alone and is the pool's founder (the lowest desired
 * ordinal, or the only desired member). Read-only; takes no lock.
 */
@Command(
    name = "readiness",
    description = {
      "The readinessProbe: exit 0 when this pod is a healthy member of the pool (or alone and the"
          + " pool's founder), 1 otherwise. Changes nothing."
    },
    mixinStandardHelpOptions = true)
final class ReadinessCommand implements Callable<Integer> {
  @Mixin CommonOptions opts;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Verdicts.print(spec, opts, this::run);
  }

  private int run(PrintWriter out) {
    try (Session s = Session.open(opts, spec)) {
      Optional<String> pending = s.pendingRepair();
      if (pending.isPresent()) {
        out.println("NOT READY repair pending: " + pending.get());
        return ExitCodes.UNHEALTHY;
      }
      GlusterClient.Liveness l = s.gluster().localPool();
      if (!l.alive()) {
        out.println("NOT READY glusterd does not answer: " + l.problem());
        return ExitCodes.UNHEALTHY;
      }
      if (!(l.pool() instanceof Observed.Known<PoolView> kp)) {
        out.println("NOT READY pool unknown: " + l.pool().unknownWhy().orElse(""));
        return ExitCodes.UNHEALTHY;
      }
      PoolView pool = kp.value();
      long healthy = pool.peers().stream().filter(Peer::healthy).count();
      if (healthy > 0) {
        out.println(
            "READY member of a pool of "
                + (pool.peers().size() + 1)
                + ", "
                + healthy
                + " peers healthy");
        return ExitCodes.OK;
      }
      if (!pool.alone()) {
        out.println(
            "NOT READY no healthy peer among "
                + pool.peers().size()
                + " (rejected or disconnected)");
        return ExitCodes.UNHEALTHY;
      }
      Observed<DesiredMembers> desired = s.members().desired();
      if (!(desired instanceof Observed.Known<DesiredMembers> kd)) {
        out.println(
            "NOT READY alone, and desired members unknown: " + desired.unknownWhy().orElse(""));
        return ExitCodes.UNHEALTHY;
      }
      int me = s.self().ordinal().orElse(-1);
      Optional<Member> lowest = kd.value().members().stream().findFirst();
      if (lowest.isEmpty() || lowest.get().ordinal() >= me) {
        out.println("READY alone, the pool's founder (ordinal " + me + ")");
        return ExitCodes.OK;
      }
      out.println("NOT READY alone; waiting for the pool to probe this pod");
      return ExitCodes.UNHEALTHY;
    }
  }
}
