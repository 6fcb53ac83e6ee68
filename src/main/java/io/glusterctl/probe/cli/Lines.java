package io.glusterctl.probe.cli;

import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.plan.World;
import io.glusterctl.probe.reconcile.Reconciler;
import java.io.PrintWriter;
import java.util.List;

/** Short output lines for probes and hooks: what was done and what is wrong, one line each. */
final class Lines {
  private Lines() {}

  static String summary(World w, Plan plan, List<Reconciler.Outcome> outcomes) {
    String peers =
        w.pool() instanceof Observed.Known<PoolView> k
            ? k.value().peers().stream().filter(Peer::healthy).count()
                + "/"
                + k.value().peers().size()
                + " peers healthy"
            : "pool unknown";
    long done = outcomes.stream().filter(Reconciler.Outcome::done).count();
    long failed = outcomes.size() - done;
    String acts =
        plan.actions().isEmpty()
            ? "no action"
            : plan.actions().size() + " action(s), " + done + " done, " + failed + " not done";
    return peers + "; " + acts;
  }

  /** Each action with its outcome, then the findings (only warnings and errors when terse). */
  static void print(PrintWriter out, Plan plan, List<Reconciler.Outcome> outcomes, boolean terse) {
    for (Reconciler.Outcome o : outcomes) {
      out.println(
          (o.done() ? "DONE " : "NOT DONE ")
              + Report.actionLine(o.action())
              + (o.done() ? "" : " -- " + o.message()));
    }
    for (Finding f : plan.findings()) {
      if (!terse || f.severity() != Finding.Severity.INFO) {
        out.println(f.line());
      }
    }
  }
}
