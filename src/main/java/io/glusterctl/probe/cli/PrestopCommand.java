package io.glusterctl.probe.cli;

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
    return Verdicts.answer(spec, opts, s -> s.prestop().run());
  }
}
