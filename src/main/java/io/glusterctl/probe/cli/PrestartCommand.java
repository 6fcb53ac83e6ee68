package io.glusterctl.probe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The container's pre-start step ({@code glusterctl-probe prestart && exec glusterd -N}): prints
 * the answer of {@link io.glusterctl.probe.run.PendingRepair#prestart}.
 */
@Command(
    name = "prestart",
    description = {
      "The container's pre-start step: prepare the state directory and carry out a repair an"
          + " earlier run asked for, before glusterd starts. Bounded by --deadline."
    },
    mixinStandardHelpOptions = true)
final class PrestartCommand implements Callable<Integer> {
  @Mixin CommonOptions opts;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Verdicts.answer(spec, opts, s -> s.pendingRepair().prestart());
  }
}
