package io.glusterctl.probe.events;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.RepairKind;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.reconcile.RunResult;
import io.glusterctl.probe.repair.RepairExecutor;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.repair.RepairPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a run did, as Events: pure. Everything is posted on this pod, whose UID the downward API
 * gives, so that {@code kubectl describe pod} shows it; what changes the pool (a probe, a detach, a
 * blocked one) also on the StatefulSet. A steady, healthy pool makes none: only actions, blocked
 * actions and repair steps become Events, never a finding that just describes the pool.
 */
public final class RunEvents {
  /** Findings that are an action refused for a reason a person may have to act on. */
  static final Set<ReasonCode> BLOCKED_DETACH =
      Set.of(
          ReasonCode.DETACH_BLOCKED_BRICKS,
          ReasonCode.DETACH_BLOCKED_QUORUM,
          ReasonCode.DETACH_BLOCKED_PEER_DOWN);

  static final Set<ReasonCode> BLOCKED_PROBE = Set.of(ReasonCode.POOL_EXISTS);

  /** The steps of a repair that are Events of their own. */
  public enum RepairStep {
    BACKED_UP(EventReason.RepairBackedUp),
    CLEARED(EventReason.RepairCleared),
    REBUILT(EventReason.RepairRebuilt),
    VERIFIED(EventReason.RepairVerified),
    WITHDRAWN(EventReason.RepairWithdrawn),
    FAILED(EventReason.RepairFailed);

    final EventReason reason;

    RepairStep(EventReason reason) {
      this.reason = reason;
    }
  }

  private final ObjectRef pod;
  private final ObjectRef statefulSet;

  /**
   * @param pod this pod, the one the program runs in
   * @param statefulSet its StatefulSet
   */
  public RunEvents(ObjectRef pod, ObjectRef statefulSet) {
    this.pod = Objects.requireNonNull(pod, "pod");
    this.statefulSet = Objects.requireNonNull(statefulSet, "statefulSet");
  }

  /**
   * An action of the plan, carried out ({@code done}) or tried and failed.
   *
   * @param outcome what the attempt said (the gluster CLI's answer, why it was not done)
   */
  public List<KubeEvent> ofAction(Action action, boolean done, String outcome) {
    String message =
        action.host()
            + ": "
            + action.reason().text()
            + (done || outcome.isBlank() ? "" : "; not done: " + outcome);
    if (action instanceof Action.Probe p) {
      return onPoolChange(
          done ? EventReason.PeerProbed : EventReason.PeerProbeFailed, p.host(), message);
    }
    if (action instanceof Action.Detach d) {
      return onPoolChange(
          done ? EventReason.PeerDetached : EventReason.PeerDetachFailed, d.host(), message);
    }
    Action.Repair r = (Action.Repair) action;
    return List.of(
        new KubeEvent(
            pod,
            done ? EventReason.RepairRequested : EventReason.RepairFailed,
            r.kind().label(),
            r.kind().label()
                + " repair, rebuilt from "
                + r.reference()
                + ": "
                + r.reason().text()
                + (done || outcome.isBlank() ? "" : "; not requested: " + outcome)));
  }

  /** A finding that is a refused action becomes an Event; any other finding none. */
  public List<KubeEvent> ofFinding(Finding finding) {
    ReasonCode code = finding.reason().code();
    String message =
        (finding.host().isEmpty() ? "" : finding.host() + ": ") + finding.reason().text();
    if (BLOCKED_DETACH.contains(code)) {
      return onPoolChange(EventReason.DetachBlocked, finding.host() + "/" + code, message);
    }
    if (BLOCKED_PROBE.contains(code)) {
      return onPoolChange(EventReason.ProbeBlocked, finding.host() + "/" + code, message);
    }
    return List.of();
  }

  /**
   * The Events of one reconcile run that acted (never a dry run): each action's outcome, then each
   * refused action among the findings. A run that did nothing and refused nothing makes none.
   */
  public List<KubeEvent> ofRun(RunResult.Ran ran) {
    List<KubeEvent> out = new ArrayList<>();
    for (Reconciler.Outcome o : ran.outcomes()) {
      out.addAll(ofOutcome(o));
    }
    for (Finding f : ran.plan().findings()) {
      out.addAll(ofFinding(f));
    }
    return out;
  }

  /**
   * One action's outcome. A repair request the record's policy declined is a Warning: given up
   * after the last attempt ({@code RepairGivenUp}), or not requested now (backing off, history
   * unknown: {@code RepairFailed} with the decision).
   */
  List<KubeEvent> ofOutcome(Reconciler.Outcome o) {
    if (o.repair().isEmpty()) {
      return ofAction(o.action(), o.done(), o.message());
    }
    RepairLedger.Decision decision = o.repair().get().decision();
    if (decision == RepairLedger.Decision.GIVEN_UP) {
      return List.of(
          repairGivenUp(
              ((Action.Repair) o.action()).kind().label()
                  + " repair of "
                  + o.action().host()
                  + " needed ("
                  + o.action().reason().text()
                  + "), but the repairs were given up: a person has to look"));
    }
    String why =
        o.message()
            + " ("
            + decision.name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + o.repair().get().notRecorded().map(n -> "; " + n).orElse("")
            + ")";
    return ofAction(o.action(), o.done(), why);
  }

  /**
   * The steps of a repair {@code prestart} or {@code repair} carried out, in order: the backup, the
   * clear, the rebuild of glusterd's peers, or the failure (with the line that says why). A repair
   * the fresh look did not confirm touched nothing and is one {@code RepairFailed}.
   */
  public List<KubeEvent> ofRepair(RepairKind kind, RepairPlan plan, RepairExecutor.Result r) {
    String label = kind.label() + " repair: ";
    List<String> lines = r.steps();
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    if (r.status() == RepairExecutor.Status.NOT_CONFIRMED) {
      return List.of(
          repairStep(RepairStep.FAILED, label + "not confirmed, nothing touched: " + last));
    }
    List<KubeEvent> out = new ArrayList<>();
    r.backup()
        .ifPresent(b -> out.add(repairStep(RepairStep.BACKED_UP, label + "backed up to " + b)));
    if (r.status() == RepairExecutor.Status.FAILED) {
      out.add(repairStep(RepairStep.FAILED, label + last));
      return out;
    }
    if (r.status() != RepairExecutor.Status.DONE || !(plan instanceof RepairPlan.Steps s)) {
      return out;
    }
    long rebuilt = 0;
    for (io.glusterctl.probe.repair.RepairStep step : s.steps()) {
      if (step instanceof io.glusterctl.probe.repair.RepairStep.Clear) {
        out.add(
            repairStep(
                RepairStep.CLEARED,
                label + "cleared glusterd's state except glusterd.info, hooks/, groups/"));
      } else if (!(step instanceof io.glusterctl.probe.repair.RepairStep.Backup)) {
        rebuilt++;
      }
    }
    if (rebuilt > 0) {
      out.add(
          repairStep(
              RepairStep.REBUILT,
              label
                  + rebuilt
                  + " change(s) to glusterd's state written"
                  + s.next().map(n -> "; " + n).orElse("")));
    }
    return out;
  }

  /** The pool was seen healthy after a repair: the series is over. */
  public KubeEvent repairVerified(String lastRepair) {
    return repairStep(
        RepairStep.VERIFIED,
        "the pool is healthy again after the repair"
            + (lastRepair.isBlank() ? "" : " (" + lastRepair + ")"));
  }

  /** A step of this pod's repair, carried out by {@code prestart} or verified later. */
  public KubeEvent repairStep(RepairStep step, String detail) {
    return new KubeEvent(pod, step.reason, step.name(), detail);
  }

  /** Repairs given up after too many in a row: a person has to look. */
  public KubeEvent repairGivenUp(String why) {
    return new KubeEvent(pod, EventReason.RepairGivenUp, "", why);
  }

  private List<KubeEvent> onPoolChange(EventReason reason, String key, String message) {
    return List.of(
        new KubeEvent(pod, reason, key, message),
        new KubeEvent(statefulSet, reason, key, pod.name() + " on " + message));
  }
}
