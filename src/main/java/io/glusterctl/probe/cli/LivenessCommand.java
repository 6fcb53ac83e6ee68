package io.glusterctl.probe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The livenessProbe: prints the answer of {@link io.glusterctl.probe.run.LivenessProbe}. */
@Command(
    name = "liveness",
    description = {
      "The livenessProbe: exit 1 when the local glusterd does not answer in time, 7 when a repair"
          + " of this pod is pending; otherwise 0, after one bounded reconcile pass whose problems"
          + " are printed, one short line each."
    },
    mixinStandardHelpOptions = true)
final class LivenessCommand implements Callable<Integer> {
  @Mixin CommonOptions opts;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Verdicts.answer(spec, opts, s -> s.liveness().check());
  }
}
