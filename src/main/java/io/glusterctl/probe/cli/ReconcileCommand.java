package io.glusterctl.probe.cli;

import io.glusterctl.probe.reconcile.RunResult;
import io.glusterctl.probe.verdict.ReconcileVerdict;
import io.glusterctl.probe.verdict.Verdict;
import java.io.PrintWriter;
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
      RunResult result = s.reconcileRun().run("reconcile", dryRun, Optional.empty());
      Verdict v = ReconcileVerdict.of(result, dryRun);
      if (result instanceof RunResult.Ran ran && opts.output == CommonOptions.OutputFormat.json) {
        out.println(Report.json(ran.world(), ran.plan(), ran.outcomes(), Optional.empty()));
      } else {
        v.lines().forEach(out::println);
      }
      return v.exitCode();
    }
  }
}
