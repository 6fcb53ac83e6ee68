package io.glusterctl.probe.verdict;

import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.plan.World;
import io.glusterctl.probe.reconcile.Reconciler;
import java.util.ArrayList;
import java.util.List;

/** Short output lines for probes and hooks: what was done and what is wrong, one line each. */
public final class Lines {
  private Lines() {}

  /** {@code 2/2 peers healthy; 1 action(s), 1 done, 0 not done}. */
  public static String summary(World w, Plan plan, List<Reconciler.Outcome> outcomes) {
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
  public static List<String> of(Plan plan, List<Reconciler.Outcome> outcomes, boolean terse) {
    List<String> lines = new ArrayList<>();
    for (Reconciler.Outcome o : outcomes) {
      lines.add(
          (o.done() ? "DONE " : "NOT DONE ")
              + o.action().line()
              + (o.done() ? "" : " -- " + o.message()));
    }
    for (Finding f : plan.findings()) {
      if (!terse || f.severity() != Finding.Severity.INFO) {
        lines.add(f.line());
      }
    }
    return lines;
  }
}
