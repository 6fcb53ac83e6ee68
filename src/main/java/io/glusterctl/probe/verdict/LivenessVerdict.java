package io.glusterctl.probe.verdict;

import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.reconcile.RepairRequest;
import io.glusterctl.probe.reconcile.RunResult;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.verdict.Verdict.Kind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The livenessProbe's answer. It fails only when glusterd does not answer (exit 1), or when this
 * pod needs a repair that {@code prestart} carries out after the kubelet restarts the container
 * (exit 7). Otherwise it passes, after one reconcile run whose problems it prints, one short line
 * each: a pool problem is never a reason to restart glusterd.
 */
public final class LivenessVerdict {
  private LivenessVerdict() {}

  /** A repair an earlier run asked for is pending: restart, so that prestart carries it out. */
  public static Verdict repairPending(RepairLedger.Pending pending) {
    return Verdict.of(
        Kind.UNHEALTHY, ExitCodes.REPAIR_PENDING, "UNHEALTHY repair pending: " + pending.summary());
  }

  /** glusterd does not answer (dead, hung, stopped): the one reason to restart it. */
  public static Verdict silent(GlusterClient.Liveness local) {
    return Verdict.of(
        Kind.UNHEALTHY,
        ExitCodes.UNHEALTHY,
        "UNHEALTHY glusterd does not answer: " + local.problem());
  }

  /**
   * glusterd answered; the answer after the reconcile run.
   *
   * @param stateDir the state directory, named when a damaged state file was kept aside in it
   */
  public static Verdict of(RunResult result, Path stateDir) {
    if (result instanceof RunResult.Busy b) {
      return Verdict.of(
          Kind.OK, ExitCodes.OK, "OK glusterd answers; reconcile skipped: " + b.why());
    }
    RunResult.Ran ran = (RunResult.Ran) result;
    List<String> details = Lines.of(ran.plan(), ran.outcomes(), true);
    Optional<Reconciler.Outcome> repair = ran.repair();
    if (repair.isPresent() && repair.get().done()) {
      return new Verdict(
          Kind.UNHEALTHY,
          ExitCodes.REPAIR_PENDING,
          "UNHEALTHY repair requested: "
              + repair.get().action().line()
              + " (the kubelet restarts the container; prestart repairs)",
          details);
    }
    if (repair.isPresent()) {
      return new Verdict(
          Kind.OK,
          ExitCodes.OK,
          "OK glusterd answers; ERROR repair needed but "
              + whyNotRequested(repair.get().repair().orElseThrow(), stateDir)
              + ": "
              + repair.get().action().line(),
          details);
    }
    return new Verdict(
        Kind.OK,
        ExitCodes.OK,
        "OK glusterd answers; " + Lines.summary(ran.world(), ran.plan(), ran.outcomes()),
        details);
  }

  /** Why a repair the pool confirmed is not pending: a restart would repair nothing. */
  static String whyNotRequested(RepairRequest r, Path stateDir) {
    if (r.notRecorded().isPresent()) {
      return "the request could not be recorded (" + r.notRecorded().get() + ")";
    }
    if (r.decision() == RepairLedger.Decision.BACKING_OFF) {
      return "backing off after " + r.attempts() + " attempt(s)";
    }
    if (r.decision() == RepairLedger.Decision.HISTORY_UNKNOWN) {
      return historyUnknown(r.historyUnknownSince().orElseThrow(), stateDir);
    }
    return "GIVEN UP after " + r.attempts() + " attempts; repair by hand (see README)";
  }

  /** Why a repair is not asked for while the repair history is unknown, and how that ends. */
  private static String historyUnknown(Instant since, Path stateDir) {
    return "the repair history is unknown since "
        + since
        + " (the state file was damaged; kept aside in "
        + stateDir
        + "); no repair is asked for before "
        + since.plus(RepairLedger.HISTORY_UNKNOWN_WAIT)
        + ", unless a person removes "
        + stateDir.resolve("state.json");
  }
}
