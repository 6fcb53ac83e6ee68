package io.glusterctl.probe.verdict;

import io.glusterctl.probe.model.RepairKind;
import io.glusterctl.probe.repair.RepairExecutor;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.verdict.Verdict.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers of {@code prestart} and {@code repair}: the pending request on the first line, then
 * each step of the repair (or of its plan, in a dry run), then what the repair record keeps of it.
 */
public final class RepairVerdict {
  private RepairVerdict() {}

  /** {@code prestart} with no request in the record. */
  public static Verdict nothingToRepair() {
    return Verdict.of(Kind.OK, ExitCodes.OK, "OK nothing to repair");
  }

  /** No request pending when the lock was held (and whether repairs were given up). */
  public static Verdict nothingPending(RepairLedger ledger) {
    return Verdict.of(
        Kind.OK,
        ExitCodes.OK,
        "OK no repair pending"
            + (ledger.givenUp() ? " (repairs were given up: " + ledger.lastSummary() + ")" : ""));
  }

  /** glusterd answers: the repair runs only while it is stopped. */
  public static Verdict refused(RepairLedger.Pending p) {
    return refusal(
        p,
        "REFUSED glusterd is running: the repair runs while it is stopped (prestart);"
            + " restart the container");
  }

  /** glusterd did not answer, but that is no proof that it is stopped: nothing is touched. */
  public static Verdict notProvenStopped(RepairLedger.Pending p, String why) {
    return refusal(
        p,
        "REFUSED glusterd is not proven stopped: "
            + why
            + "; nothing touched (the repair runs while it is stopped: restart the container)");
  }

  private static Verdict refusal(RepairLedger.Pending p, String why) {
    return new Verdict(
        Kind.REPAIR_REFUSED, ExitCodes.REPAIR_FAILED, "REPAIR " + p.summary(), List.of(why));
  }

  /** A dry run: each step the repair would take; exit 0 whatever the plan is. */
  public static Verdict dryRun(RepairLedger.Pending p, RepairExecutor.Result r) {
    return new Verdict(
        Kind.REPAIR_DRY_RUN, ExitCodes.OK, "DRY RUN REPAIR " + p.summary(), indented(r.steps()));
  }

  /** What the record keeps when the last attempt allowed has been made. */
  public static String givenUpSummary(RepairKind kind, int attempts, Instant at) {
    return kind.label()
        + " GIVEN UP after "
        + attempts
        + " attempts at "
        + at
        + "; repair by hand (see README)";
  }

  /**
   * Every attempt allowed was made: the pending repair is given up, nothing is touched.
   *
   * @param earlier what is said about earlier attempts
   */
  public static Verdict givenUp(RepairLedger.Pending p, List<String> earlier, String summary) {
    List<String> details = indented(earlier);
    details.add("REPAIR " + summary);
    return failed(p, details);
  }

  /** The attempt could not be counted in the record, so it is not made: nothing is touched. */
  public static Verdict notAttempted(
      RepairLedger.Pending p, List<String> earlier, String why, Instant at) {
    List<String> details = indented(earlier);
    details.add("  FAILED: cannot record the attempt (" + why + "): nothing touched");
    details.add("REPAIR " + p.kind().label() + " not attempted at " + at);
    return failed(p, details);
  }

  /**
   * An attempt made: carried out, failed, or found unconfirmed (touching nothing).
   *
   * @param earlier what is said about earlier attempts
   * @param summary what the repair record now keeps of it
   */
  public static Verdict carriedOut(
      RepairLedger.Pending p, List<String> earlier, RepairExecutor.Result r, String summary) {
    List<String> details = indented(earlier);
    details.addAll(indented(r.steps()));
    details.add("REPAIR " + summary);
    return switch (r.status()) {
      case FAILED -> failed(p, details);
      case NOT_CONFIRMED ->
          new Verdict(Kind.REPAIR_NOT_CONFIRMED, ExitCodes.OK, "REPAIR " + p.summary(), details);
      default -> new Verdict(Kind.REPAIR_DONE, ExitCodes.OK, "REPAIR " + p.summary(), details);
    };
  }

  private static Verdict failed(RepairLedger.Pending p, List<String> details) {
    return new Verdict(
        Kind.REPAIR_FAILED, ExitCodes.REPAIR_FAILED, "REPAIR " + p.summary(), details);
  }

  private static List<String> indented(List<String> steps) {
    List<String> lines = new ArrayList<>();
    steps.forEach(s -> lines.add("  " + s));
    return lines;
  }
}
