package io.glusterctl.probe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What {@code reconcile} would do, and why. */
@Command(
    name = "plan",
    description = {
      "Print what reconcile would do, each action with its reason, and what it would leave"
          + " alone. Changes nothing. Takes the same offline options as status."
    },
    mixinStandardHelpOptions = true)
final class PlanCommand implements Callable<Integer> {
  @Mixin CommonOptions opts;
  @Mixin OfflineOptions offline;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return StatusCommand.show(spec, opts, offline, true);
  }
}
