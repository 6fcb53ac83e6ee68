package io.glusterctl.probe.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The container's pre-start step ({@code glusterctl-probe prestart && exec glusterd -N}): prepares
 * the state directory and carries out a repair an earlier run asked for, before glusterd starts.
 * Never blocks the start for long: it is bounded by {@code --deadline}.
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
    return Verdicts.print(spec, opts, this::run);
  }

  private int run(PrintWriter out) {
    try (Session s = Session.open(opts, spec)) {
      Optional<String> pending = s.pendingRepair();
      if (pending.isEmpty()) {
        out.println("OK nothing to repair");
        return ExitCodes.OK;
      }
      return s.carryOutRepair(out, false);
    }
  }
}
