package io.glusterctl.probe.cli;

import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.verdict.ExitCodes;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A table people read from {@code oc rsh}: self, desired, peers, bricks, planned actions. */
@Command(
    name = "status",
    description = {
      "Show this pod, the desired members, the peers with their state and bricks, and what"
          + " reconcile would do and why. Changes nothing.",
      "Offline: --peer-status-file FILE [--desired HOST,...] analyses a pasted 'gluster peer"
          + " status' (text or XML)."
    },
    mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {
  @Mixin CommonOptions opts;
  @Mixin OfflineOptions offline;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return show(spec, opts, offline, false);
  }

  /** Shared with {@code plan}: observe (or read the file), plan, print. */
  static int show(CommandSpec spec, CommonOptions opts, OfflineOptions offline, boolean planOnly) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Reconciler.Pass pass;
    Optional<String> repairLine = Optional.empty();
    Optional<PoolDetails> details = Optional.empty();
    if (offline.peerStatusFile != null) {
      try {
        pass = Passes.offline(offline, Instant.now());
      } catch (Passes.BadInput e) {
        err.println("ERROR " + e.getMessage());
        return ExitCodes.BAD_INPUT;
      } catch (Passes.BadOption e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    } else {
      if (offline.desired != null || offline.self != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            (offline.desired != null ? "--desired" : "--self") + " needs --peer-status-file");
      }
      try (Session s = Session.open(opts, spec)) {
        pass = Passes.online(s);
        repairLine = repairLine(s.state().ledger());
        if (!planOnly) {
          // status is for people: it also reads what the planner did not need
          details = Optional.of(PoolDetails.observe(s.gluster(), pass.world().bricks()));
          repairLine = repairLine.or(() -> Optional.of("none recorded"));
        }
      }
    }
    if (opts.output == CommonOptions.OutputFormat.json) {
      out.println(
          Report.json(pass.world(), pass.plan(), List.of(), repairLine.map(l -> "repair: " + l)));
    } else if (planOnly) {
      if (pass.plan().actions().isEmpty()) {
        out.println("no action");
      }
      pass.plan().actions().forEach(a -> out.println(a.line()));
      pass.plan().findings().forEach(f -> out.print(Report.finding("", f)));
    } else {
      out.print(Report.table(pass.world(), pass.plan(), List.of(), details));
      repairLine.ifPresent(l -> out.println("repair:   " + l));
    }
    boolean sees =
        pass.world().pool().isKnown()
            && (offline.peerStatusFile != null || pass.world().desired().isKnown());
    return sees ? ExitCodes.OK : ExitCodes.CANNOT_SEE;
  }

  /** The repair record in one line: pending, given up, or the last one and its backup. */
  static Optional<String> repairLine(RepairLedger l) {
    if (l.pending().isPresent()) {
      return Optional.of("PENDING " + l.pending().get().summary());
    }
    if (l.historyUnknownSince().isPresent()) {
      return Optional.of(
          "HISTORY UNKNOWN since "
              + l.historyUnknownSince().get()
              + " (the state file was damaged and kept aside): no repair is asked for before "
              + l.historyUnknownSince().get().plus(RepairLedger.HISTORY_UNKNOWN_WAIT));
    }
    if (l.givenUp()) {
      return Optional.of("GIVEN UP after " + l.attempts() + " attempts; last: " + l.lastSummary());
    }
    if (!l.lastSummary().isEmpty()) {
      return Optional.of("last: " + l.lastSummary() + " (" + l.attempts() + " in a row)");
    }
    return Optional.empty();
  }
}
