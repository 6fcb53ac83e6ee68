package io.glusterctl.probe.cli;

import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.repair.RepairLedger;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The livenessProbe. Fails (non-zero) only when glusterd does not answer in time, or when this pod
 * needs a repair that {@code prestart} carries out after the kubelet restarts the container. As
 * side work, one bounded reconcile pass; its problems are printed, never a liveness failure.
 */
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
    return Verdicts.print(spec, opts, this::run);
  }

  private int run(PrintWriter out) {
    try (Session s = Session.open(opts, spec)) {
      Optional<String> pending = s.pendingRepair();
      if (pending.isPresent()) {
        out.println("UNHEALTHY repair pending: " + pending.get());
        return ExitCodes.REPAIR_PENDING;
      }
      GlusterClient.Liveness l = s.gluster().localPool();
      if (!l.alive()) {
        out.println("UNHEALTHY glusterd does not answer: " + l.problem());
        return ExitCodes.UNHEALTHY;
      }
      Optional<Session.Held> lock = s.lock("liveness");
      if (lock.isEmpty()) {
        out.println("OK glusterd answers; reconcile skipped: " + s.lockProblem());
        return ExitCodes.OK;
      }
      try (Session.Held held = lock.get()) {
        Reconciler.Pass pass =
            s.reconciler().observeAndPlan(s.self(), l.pool(), held.memory(), s.deadlineInstant());
        List<Reconciler.Outcome> outcomes =
            s.reconciler().act(pass.plan(), held.repairBook(), false, s.deadlineInstant());
        held.saveMemory(pass.plan().memory());
        Optional<Reconciler.Outcome> repair =
            outcomes.stream().filter(o -> o.action() instanceof Action.Repair).findFirst();
        if (repair.isPresent() && repair.get().done()) {
          out.println(
              "UNHEALTHY repair requested: "
                  + Report.actionLine(repair.get().action())
                  + " (the kubelet restarts the container; prestart repairs)");
          Lines.print(out, pass.plan(), outcomes, true);
          return ExitCodes.REPAIR_PENDING;
        }
        if (repair.isPresent()) {
          RepairLedger ledger = held.ledger();
          RepairLedger.Decision decision = s.lastRepairDecision().orElse(null);
          String why;
          if (s.repairNotRecorded().isPresent()) {
            // prestart would not see it: a restart would repair nothing
            why = "the request could not be recorded (" + s.repairNotRecorded().get() + ")";
          } else if (decision == RepairLedger.Decision.BACKING_OFF) {
            why = "backing off after " + ledger.attempts() + " attempt(s)";
          } else if (decision == RepairLedger.Decision.HISTORY_UNKNOWN) {
            why = historyUnknown(ledger, opts);
          } else {
            why = "GIVEN UP after " + ledger.attempts() + " attempts; repair by hand (see README)";
          }
          out.println(
              "OK glusterd answers; ERROR repair needed but "
                  + why
                  + ": "
                  + Report.actionLine(repair.get().action()));
          Lines.print(out, pass.plan(), outcomes, true);
          return ExitCodes.OK;
        }
        if (pass.world().pool() instanceof Observed.Known<PoolView> kp
            && !kp.value().alone()
            && kp.value().peers().stream().allMatch(Peer::healthy)) {
          RepairLedger ledger = held.ledger();
          RepairLedger reset = ledger.healthy();
          if (reset != ledger) {
            held.saveLedger(reset);
          }
        }
        out.println("OK glusterd answers; " + Lines.summary(pass.world(), pass.plan(), outcomes));
        Lines.print(out, pass.plan(), outcomes, true);
        return ExitCodes.OK;
      }
    }
  }

  /** Why a repair is not asked for while the repair history is unknown, and how that ends. */
  static String historyUnknown(RepairLedger ledger, CommonOptions opts) {
    Instant since = ledger.historyUnknownSince().orElseThrow();
    return "the repair history is unknown since "
        + since
        + " (the state file was damaged; kept aside in "
        + opts.stateDir
        + "); no repair is asked for before "
        + since.plus(RepairLedger.HISTORY_UNKNOWN_WAIT)
        + ", unless a person removes "
        + opts.stateDir.resolve("state.json");
  }
}
