package io.glusterctl.probe.verdict;

import io.glusterctl.probe.reconcile.RunResult;
import io.glusterctl.probe.verdict.Verdict.Kind;

/**
 * The answer of {@code reconcile}: the summary and every action and finding; exit 3 when the pool
 * or the desired members could not be seen (nothing was done on their basis), 4 when an action
 * failed.
 */
public final class ReconcileVerdict {
  private ReconcileVerdict() {}

  public static Verdict of(RunResult result, boolean dryRun) {
    if (result instanceof RunResult.Busy b) {
      return Verdict.lockNotTaken(b.why(), b.unusable());
    }
    RunResult.Ran ran = (RunResult.Ran) result;
    String line =
        (dryRun ? "DRY RUN " : "") + Lines.summary(ran.world(), ran.plan(), ran.outcomes());
    var details = Lines.of(ran.plan(), ran.outcomes(), false);
    if (!ran.world().pool().isKnown() || !ran.world().desired().isKnown()) {
      return new Verdict(Kind.CANNOT_SEE, ExitCodes.CANNOT_SEE, line, details);
    }
    if (!dryRun && ran.outcomes().stream().anyMatch(o -> !o.done())) {
      return new Verdict(Kind.ACTION_FAILED, ExitCodes.ACTION_FAILED, line, details);
    }
    return new Verdict(Kind.OK, ExitCodes.OK, line, details);
  }
}
