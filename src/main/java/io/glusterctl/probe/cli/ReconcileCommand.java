package io.glusterctl.probe.cli;

import io.glusterctl.probe.reconcile.Reconciler;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One observe, plan, act pass, by hand. */
@Command(
    name = "reconcile",
    description = {"One observe/plan/act pass: probe, detach, or ask for a repair, with reasons."},
    mixinStandardHelpOptions = true)
final class ReconcileCommand implements Callable<Integer> {
  @Mixin CommonOptions opts;
  @Spec CommandSpec spec;

  @Option(names = "--dry-run", description = "Plan and print, change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Session s = Session.open(opts, spec)) {
      Optional<Session.Held> lock = s.lock("reconcile");
      if (lock.isEmpty()) {
        out.println("BUSY " + s.lockProblem());
        return ExitCodes.BUSY;
      }
      try (Session.Held held = lock.get()) {
        Reconciler.Pass pass = Passes.online(s, held.memory());
        List<Reconciler.Outcome> outcomes =
            s.reconciler().act(pass.plan(), held.repairBook(), dryRun, s.deadlineInstant());
        if (!dryRun) {
          held.saveMemory(pass.plan().memory());
        }
        if (opts.output == CommonOptions.OutputFormat.json) {
          out.println(Report.json(pass.world(), pass.plan(), outcomes, Optional.empty()));
        } else {
          out.println(
              (dryRun ? "DRY RUN " : "") + Lines.summary(pass.world(), pass.plan(), outcomes));
          Lines.print(out, pass.plan(), outcomes, false);
        }
        if (!pass.world().pool().isKnown() || !pass.world().desired().isKnown()) {
          return ExitCodes.CANNOT_SEE;
        }
        boolean failed = !dryRun && outcomes.stream().anyMatch(o -> !o.done());
        return failed ? ExitCodes.ACTION_FAILED : ExitCodes.OK;
      }
    }
  }
}
