package io.glusterctl.probe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The rejected-peer repair by hand, from {@code oc rsh}. */
@Command(
    name = "repair",
    description = {
      "Repair this pod's glusterd state by hand (the rejected-peer recovery): confirm from a fresh"
          + " observation, back up, rebuild peers from a healthy member. glusterd must be stopped"
          + " (run from prestart, or stop it first); --dry-run shows each step."
    },
    mixinStandardHelpOptions = true)
final class RepairCommand implements Callable<Integer> {
  @Mixin CommonOptions opts;
  @Spec CommandSpec spec;

  @Option(names = "--dry-run", description = "Show each step, change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    return Verdicts.answer(spec, opts, s -> s.pendingRepair().carryOut(dryRun));
  }
}
