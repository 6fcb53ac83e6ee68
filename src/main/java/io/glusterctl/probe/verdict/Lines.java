package io.glusterctl.probe.verdict;

import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.plan.World;
import io.glusterctl.probe.reconcile.Reconciler;
import java.util.ArrayList;
import java.util.List;

/** Short output lines for probes and hooks: what was done and what is wrong, one line each. */
public final class Lines {
  private Lines() {}

  /**
   * {@code 2/2 peers healthy; 1 action(s), 1 done, 0 not done}, and when the run's deadline came
   * before it had looked at or done everything it needed, what it did not get to: a run that says
   * "no action" because it ran out of time must not read like one that found nothing to do.
   */
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
    List<String> cut = cutByDeadline(w, plan, outcomes);
    return peers
        + "; "
        + acts
        + (cut.isEmpty()
            ? ""
            : "; run deadline reached before "
                + String.join(", ", cut)
                + " (the next run goes on)");
  }

  /** What the run did not get to because its deadline came first; empty when it got through. */
  static List<String> cutByDeadline(World w, Plan plan, List<Reconciler.Outcome> outcomes) {
    List<String> cut = new ArrayList<>();
    if (w.bricks().unknownWhy().filter(Reconciler.DEADLINE_REACHED::equals).isPresent()) {
      cut.add("reading the bricks");
    }
    long targets =
        plan.findings().stream()
            .filter(f -> f.reason().code() == ReasonCode.TARGET_NOT_CHECKED)
            .count();
    if (targets > 0) {
      cut.add("checking " + targets + " member(s)");
    }
    long views =
        w.remoteViews().values().stream()
            .filter(v -> v.unknownWhy().filter(Reconciler.DEADLINE_REACHED::equals).isPresent())
            .count();
    if (views > 0) {
      cut.add("asking " + views + " member(s) for their view");
    }
    long actions =
        outcomes.stream().filter(o -> Reconciler.SKIPPED_AT_DEADLINE.equals(o.message())).count();
    if (actions > 0) {
      cut.add(actions + " action(s)");
    }
    return cut;
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
