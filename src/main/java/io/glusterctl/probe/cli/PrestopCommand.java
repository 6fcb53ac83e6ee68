package io.glusterctl.probe.cli;

import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.VolumeBricks;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The preStop hook. The kubelet runs it before every container kill: a scale-down, but also a pod
 * delete, a liveness restart, a node drain. Only the first is a reason to leave the pool, and only
 * the API can tell it ({@code ordinal >= spec.replicas}). Leaving means being detached by the
 * pool's coordinator (a node cannot detach itself, and detaching another node from here would make
 * that node forget the pool): this hook checks that this pod hosts no bricks and waits, within its
 * deadline, until the coordinator has detached it.
 */
@Command(
    name = "prestop",
    description = {
      "The preStop hook: leave the pool only when this pod is being scaled away (ordinal >="
          + " spec.replicas per the API); otherwise do nothing and say why."
    },
    mixinStandardHelpOptions = true)
final class PrestopCommand implements Callable<Integer> {
  @Mixin CommonOptions opts;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Verdicts.print(spec, opts, this::run);
  }

  private int run(PrintWriter out) {
    try (Session s = Session.open(opts, spec)) {
      if (s.self().ordinal().isEmpty()) {
        out.println("STAYING pod name '" + s.self().podName() + "' has no ordinal");
        return ExitCodes.CANNOT_SEE;
      }
      int me = s.self().ordinal().getAsInt();
      Observed<Integer> replicas = s.apiReplicas();
      if (!(replicas instanceof Observed.Known<Integer> kr)) {
        out.println(
            "STAYING cannot tell a scale-down from a restart: spec.replicas unknown ("
                + replicas.unknownWhy().orElse("")
                + ")");
        return ExitCodes.CANNOT_SEE;
      }
      if (me < kr.value()) {
        out.println(
            "STAYING ordinal "
                + me
                + " < spec.replicas "
                + kr.value()
                + ": a pod delete, restart or drain, not a scale-down");
        return ExitCodes.OK;
      }
      Observed<VolumeBricks> bricks = s.gluster().bricks();
      if (!(bricks instanceof Observed.Known<VolumeBricks> kb)) {
        out.println("STAYING scaled away, but bricks unknown: " + bricks.unknownWhy().orElse(""));
        return ExitCodes.CANNOT_SEE;
      }
      boolean hosts =
          kb.value().bricks().stream()
              .anyMatch(b -> s.self().ordinalOf(b.host()).equals(s.self().ordinal()));
      if (hosts) {
        out.println(
            "STAYING scaled away, but this pod hosts bricks of "
                + kb.value().volumes()
                + ": remove them first (remove-brick / replace-brick); never detached with bricks");
        return ExitCodes.UNHEALTHY;
      }
      while (true) {
        GlusterClient.Liveness l = s.gluster().localPool();
        if (l.pool() instanceof Observed.Known<PoolView> kp && kp.value().alone()) {
          out.println(
              "LEFT ordinal "
                  + me
                  + " >= spec.replicas "
                  + kr.value()
                  + ": detached from the pool");
          return ExitCodes.OK;
        }
        if (s.remaining().compareTo(Duration.ofSeconds(2)) < 0) {
          out.println(
              "NOT LEFT ordinal "
                  + me
                  + " >= spec.replicas "
                  + kr.value()
                  + ": still in the pool at the deadline; the coordinator detaches it later");
          return ExitCodes.UNHEALTHY;
        }
        s.sleep(Duration.ofSeconds(1));
      }
    }
  }
}
