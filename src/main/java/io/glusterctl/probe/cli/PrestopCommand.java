package io.glusterctl.probe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The preStop hook: prints the answer of {@link io.glusterctl.probe.run.PrestopHook}. */
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
