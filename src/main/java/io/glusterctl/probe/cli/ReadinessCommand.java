package io.glusterctl.probe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The readinessProbe: prints the answer of {@link io.glusterctl.probe.run.ReadinessProbe}. */
@Command(
    name = "readiness",
    description = {
      "The readinessProbe: exit 0 when this pod is a healthy member of the pool (or alone and the"
          + " pool's founder) and no started volume with a brick on it has entries pending heal,"
          + " 1 otherwise. Changes nothing in the pool."
    },
    mixinStandardHelpOptions = true)
final class ReadinessCommand implements Callable<Integer> {
  @Mixin CommonOptions opts;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Verdicts.answer(spec, opts, s -> s.readiness().check());
  }
}
